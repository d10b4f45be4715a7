// A lead provider confirms its schools from the example CSV of partnerships.md §9, a school
// reports the partnership as wrong from the link in its email (read from the local GOV.UK
// Notify), and the lead provider then sees "Reported error".
//
// The test signs in as a lead-provider user of its own (Northern Teaching Trust, from the seed
// data) and holds on a database where an earlier run already confirmed these schools: the
// schools confirmed then are "Your school - already confirmed" now, except Riverside Academy,
// whose partnership the earlier run had reported as wrong, so it can be confirmed again.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { gatewayUrl, launchBrowser, signInLinkSentBy, where } from './browser.mjs'

const northernTeachingTrust = '11111111-1111-4111-8111-000000000001'
const email = `e2e-confirm-${Date.now()}-${process.pid}@northern.example`

// The file of §9: a header, padding, a blank line, a duplicate and a leading zero.
const csv = ['URN', '100001', '100002', '', ' 100003 ', '020006', '100001',
  '100006', '100007', '100008', '100009', '100010', '100011', '100012', '100013', '100014',
  '100015', '100016', '100017', '20005', '999999'].join('\n') + '\n'

// File line → your data and error on a fresh database ('' = a valid school).
const expected = [
  [1, '', 'URN is not valid'],
  [2, '100001', ''],
  [3, '100002', ''],
  [5, '100003', ''],
  [6, '020006', ''],
  [8, '100006', 'School not eligible for inductions'],
  [9, '100007', 'School not eligible for inductions'],
  [10, '100008', 'School not eligible for inductions'],
  [11, '100009', 'School not eligible for inductions'],
  [12, '100010', 'School not eligible for funding'],
  [13, '100011', 'School not eligible for funding'],
  [14, '100012', 'School not eligible for funding'],
  [15, '100013', 'School not eligible for inductions'],
  [16, '100014', 'School not eligible for funding'],
  [17, '100015', 'Your school - already confirmed'],
  [18, '100016', 'Recruited by other provider'],
  [19, '100017', ''],
  [20, '20005', ''],
  [21, '999999', 'URN is not valid']
]

let browser

before(async () => {
  const bazelBin = process.env.RECT_E2E_BAZEL_BIN || 'bazel-bin'
  execFileSync(`${bazelBin}/services/identity/identity_admin`, [
    `--identity_address=${process.env.RECT_E2E_IDENTITY_ADDRESS || '127.0.0.1:50051'}`,
    'create-lead-provider-user', '--full_name=Nora Northern', `--email=${email}`,
    `--lead_provider_id=${northernTeachingTrust}`], { stdio: ['ignore', 'ignore', 'inherit'] })
  browser = await launchBrowser()
})
after(async () => { await browser?.close() })

async function signIn (page) {
  const link = await signInLinkSentBy(email, async () => {
    await page.goto(`${gatewayUrl}/users/sign_in`)
    await page.fill('#email', email)
    await page.click('[data-test=send-link]')
  })
  await page.goto(link)
  await page.click('[data-test=continue]')
  assert.equal(where(page), '/dashboard')
}

// The partnership emails about Riverside Academy at the local Notify, newest first (whichever
// address they went to: its GIAS email, or the DfE mailbox when it has none).
async function emailsAboutRiverside () {
  const response = await fetch(`${process.env.RECT_E2E_NOTIFY_URL.replace(/\/$/, '')}/_fake/emails`)
  if (!response.ok) throw new Error(`local Notify /_fake/emails: HTTP ${response.status}`)
  return (await response.json()).emails.filter(sent =>
    sent.personalisation?.school_name === 'Riverside Academy' && sent.personalisation?.challenge_url)
}

// The challenge link of the first such email not among `seen`; polls for 20 s.
async function newChallengeLink (seen) {
  const deadline = Date.now() + 20000
  for (;;) {
    const fresh = (await emailsAboutRiverside()).find(sent => !seen.has(sent.id))
    if (fresh) return fresh.personalisation.challenge_url
    if (Date.now() > deadline) throw new Error('no partnership email about Riverside Academy within 20 s')
    await new Promise(resolve => setTimeout(resolve, 250))
  }
}

test('confirm the §9 schools, then the school reports a mistake from its email', async () => {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await signIn(page)

    await page.goto(`${gatewayUrl}/lead-providers/report-schools/start?cohort=2021`)
    assert.ok((await page.textContent('main')).includes('2021 to 2022 academic year'))
    await page.click('[data-test=continue]')
    const partners = await page.textContent('main')
    assert.ok(partners.includes('Pennine Schools Alliance'))
    assert.ok(partners.includes('Dales Teaching Hub'))
    assert.ok(!partners.includes('Unlinked Partner'))
    await page.click('[data-test=continue]')
    assert.ok((await page.textContent('.govuk-error-summary')).includes('Choose a delivery partner'))
    await page.check('label:has-text("Pennine Schools Alliance")')
    await page.click('[data-test=continue]')

    // The upload's own checks, then the §9 file.
    await page.click('[data-test=upload]')
    assert.ok((await page.textContent('.govuk-error-summary')).includes('Select a CSV file to upload.'))
    await page.setInputFiles('#csv-file', { name: 'schools.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('100001') })
    await page.click('[data-test=upload]')
    assert.ok((await page.textContent('.govuk-error-summary')).includes('File must be a CSV'))
    await page.setInputFiles('#csv-file', { name: 'schools.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.click('[data-test=upload]')

    assert.match(where(page), /^\/lead-providers\/report-schools\/uploads\/[0-9a-f-]{36}\/errors$/)
    assert.equal(await page.textContent('h1'), 'Your CSV has errors')
    assert.ok((await page.textContent('main')).includes('We have found 19 rows in your CSV:'))
    const errorRows = await page.$$eval('[data-test=error-rows] tbody tr', rows =>
      rows.map(row => [...row.querySelectorAll('td')].map(cell => cell.textContent.trim())))
    const shown = new Map(errorRows.map(([row, yourData, , error]) => [Number(row), [yourData, error]]))
    let valid = 0
    for (const [row, yourData, error] of expected) {
      if (error) {
        assert.deepEqual(shown.get(row), [yourData, error], `row ${row}`)
      } else if (shown.has(row)) {
        // Confirmed by an earlier run on this database.
        assert.deepEqual(shown.get(row), [yourData, 'Your school - already confirmed'], `row ${row}`)
      } else {
        valid++
      }
    }
    assert.equal(errorRows.length, 19 - valid)
    assert.equal(await page.textContent('[data-test=rows-with-errors]'), `${19 - valid} rows have errors`)
    if (valid === 6) assert.equal(errorRows.length, 13)

    // Riverside Academy can be confirmed unless an earlier run stopped between confirming it
    // and reporting it: then the link of that run's email is used.
    const riversideValid = !shown.has(3)
    const seen = new Set((await emailsAboutRiverside()).map(sent => sent.id))
    let challengeLink
    if (valid > 0) {
      const schools = valid === 1 ? '1 school' : `${valid} schools`
      assert.equal((await page.textContent('[data-test=continue]')).trim(), `Continue with ${schools}`)
      await page.click('[data-test=continue]')
      assert.equal(await page.textContent('[data-test=confirm-heading]'),
        `Confirm that you have an agreement with ${schools}`)
      await page.click('[data-test=confirm]')
      assert.equal((await page.textContent('[data-test=confirmed]')).trim(),
        `${schools} confirmed for Pennine Schools Alliance`)
    }
    if (riversideValid) {
      challengeLink = await newChallengeLink(seen)
    } else {
      challengeLink = (await emailsAboutRiverside())[0]?.personalisation.challenge_url
      assert.ok(challengeLink, 'the earlier email to Riverside Academy is at the local Notify')
    }
    assert.match(challengeLink, /\/report-incorrect-partnership\?token=[0-9a-f]{32}$/)
    const schoolContext = await browser.newContext()
    try {
      const school = await schoolContext.newPage()
      await school.goto(challengeLink)
      assert.equal(await school.textContent('h1'), 'Report that your school has been signed up incorrectly')
      assert.ok((await school.textContent('[data-test=partnership]')).includes('Riverside Academy'))
      await school.click('[data-test=submit]')
      assert.ok((await school.textContent('.govuk-error-summary'))
        .includes('Select a reason why you think this confirmation is incorrect'))
      await school.check('label:has-text("This looks like a mistake")')
      await school.click('[data-test=submit]')
      assert.equal((await school.textContent('[data-test=report-submitted]')).trim(), 'Your report has been submitted')
      await school.goto(challengeLink)
      assert.equal((await school.textContent('h1')).trim(),
        'Someone at Riverside Academy has already reported this issue')
    } finally {
      await schoolContext.close()
    }

    // The lead provider sees the school with its reported error.
    await page.goto(`${gatewayUrl}/lead-providers/your-schools?cohort=2021&q=Riverside`)
    const row = page.locator('[data-test=school-100002]')
    assert.ok((await row.textContent()).includes('Reported error'))
    await row.locator('a').click()
    assert.equal((await page.textContent('[data-test=school-name]')).trim(), 'Riverside Academy')
    assert.ok((await page.textContent('[data-test=reported-banner]')).includes('This looks like a mistake'))
  } finally {
    await context.close()
  }
})
