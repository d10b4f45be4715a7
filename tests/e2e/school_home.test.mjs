// The school's teachers (school-journeys.md §1, §3.5) through the local DfE Sign-in and the
// local TRS: the ECT and mentor lists with their status tags, search by name or TRN, each
// teacher's page, every change a school can make from it, and another school's teacher answering
// 404. Each test registers its own teachers through the wizards with TRNs made up per run (the
// local TRS invents any TRN it does not know, born 3 February 1977), so tests are independent of
// each other, of their order and of what earlier runs left in the database.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { gatewayUrl, launchBrowser, registrationDatabaseUrl, registrationRows, where } from './browser.mjs'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

// axe-core's WCAG 2.1 A and AA violations on the page now shown, as readable lines.
async function violations (page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource)
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }
  }))
  return results.violations.flatMap(v => v.nodes.map(n =>
    `${where(page)}: ${v.id} (${v.impact}) — ${n.target.join(' ')}: ${v.help}`))
}

let browser

before(async () => { browser = await launchBrowser() })
after(async () => { await browser?.close() })

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`
let trnCounter = 0
// A TRN the local TRS makes up: 8 then six digits unique to this run.
function freshTrn () {
  trnCounter += 1
  return `8${String((Date.now() + trnCounter * 7919 + Math.floor(Math.random() * 1e5)) % 1e6).padStart(6, '0')}`
}

async function signIn (persona) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${gatewayUrl}/`)
  await page.click('[data-test=school-start]')
  await page.click('[data-test=dfe-sign-in]')
  await page.waitForSelector(`[data-persona="${persona}"]`)
  await Promise.all([page.waitForURL(`${gatewayUrl}/**`), page.click(`[data-persona="${persona}"]`)])
  assert.equal(where(page), '/school/home')
  return { context, page }
}

async function submit (page) {
  await Promise.all([page.waitForLoadState('load'), page.click('[data-test=continue]')])
}

async function fillDate (page, prefix, day, month, year) {
  await page.fill(`[name=${prefix}_day]`, day)
  await page.fill(`[name=${prefix}_month]`, month)
  await page.fill(`[name=${prefix}_year]`, year)
}

async function errors (page) {
  return page.locator('.govuk-error-summary__list li').allTextContents()
}

async function text (page, test) {
  return (await page.textContent(`[data-test=${test}]`)).trim()
}

// Registers an ECT starting 1 September 2026 through the wizard; returns their TRN, name, email
// and page.
async function registerEct (page, { programme = 'school_led' } = {}) {
  const trn = freshTrn()
  const email = `home.${trn}.${run}@example.org`
  await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
  await page.fill('#trn', trn)
  await fillDate(page, 'date_of_birth', '3', '2', '1977')
  await submit(page)
  assert.equal(where(page), '/school/register-ect/review-ect-details')
  await page.check('#name_check')
  await submit(page)
  await page.fill('#email', email)
  await submit(page)
  await fillDate(page, 'start_date', '1', '9', '2026')
  await submit(page)
  await page.check('#working_pattern')
  await submit(page)
  if (where(page) === '/school/register-ect/use-previous-ect-choices') {
    await page.check('#use_previous_choices-no')
    await submit(page)
  }
  await page.locator('[name=appropriate_body_id]').first().check()
  await submit(page)
  await page.check(programme === 'provider_led' ? '#training_programme-provider' : '#training_programme-school')
  await submit(page)
  if (programme === 'provider_led') {
    await page.check('label:has-text("Northern Teaching Trust") >> xpath=preceding-sibling::input')
    await submit(page)
  }
  assert.equal(where(page), '/school/register-ect/check-answers')
  const name = await page.textContent('[data-test=answer-name]')
  await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
  assert.equal(where(page), '/school/register-ect/confirmation')
  const path = await ectPath(page, trn)
  return { trn, name, email, path }
}

// Finds an ECT on the list by TRN and returns their page's path.
async function ectPath (page, trn) {
  await page.goto(`${gatewayUrl}/school/ects?q=${trn}`)
  const cards = page.locator('[data-test=ect]')
  assert.equal(await cards.count(), 1)
  await Promise.all([page.waitForLoadState('load'), cards.locator('[data-test=ect-name]').click()])
  assert.match(where(page), /^\/school\/ects\/[0-9a-f-]{36}$/)
  return where(page)
}

// Opens a change form from the teacher's page.
async function openChange (page, path, change) {
  await page.goto(`${gatewayUrl}${path}`)
  await Promise.all([page.waitForLoadState('load'), page.click(`[data-test=change-${change}]`)])
  assert.equal(where(page), `${path}/change/${change}`)
}

describe('school home', () => {
  test('the ECT list: status tags, search by name or TRN, pages and the ECT page', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    await page.goto(`${gatewayUrl}/school/home`)
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=school-ects]')])
    assert.equal(where(page), '/school/ects')
    const ect = await registerEct(page)

    await page.goto(`${gatewayUrl}/school/ects?q=${ect.trn}`)
    const card = page.locator('[data-test=ect]')
    assert.equal(await card.count(), 1)
    assert.equal(await card.locator('[data-test=ect-status]').textContent(), 'Action required')
    assert.equal(await card.locator('[data-test=ect-status-text]').textContent(),
      `A mentor needs to be assigned to ${ect.name}`)
    assert.equal(await card.locator('[data-test=ect-trn]').textContent(), ect.trn)
    // By name, in any case, and the search box keeps what was typed.
    await page.goto(`${gatewayUrl}/school/ects`)
    await page.fill('[data-test=search]', ect.name.toUpperCase())
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=search-button]')])
    assert.ok(await page.locator('[data-test=ect]', { hasText: ect.name }).count() >= 1)
    assert.equal(await page.inputValue('[data-test=search]'), ect.name.toUpperCase())
    await page.goto(`${gatewayUrl}/school/ects?q=${encodeURIComponent('no such teacher ' + run)}`)
    assert.equal(await text(page, 'no-matches'), 'There are no ECTs that match your search.')
    assert.equal(await page.locator('[data-test=ect]').count(), 0)
    // A page past the last shows the last one; a page that is no number the first.
    for (const p of ['999', 'abc', '-1']) {
      const response = await page.goto(`${gatewayUrl}/school/ects?page=${p}`)
      assert.equal(response.status(), 200)
      assert.ok(await page.locator('[data-test=ect]').count() >= 1)
    }

    await page.goto(`${gatewayUrl}${ect.path}`)
    assert.equal(await page.textContent('h1'), ect.name)
    assert.equal(await text(page, 'detail-trn'), ect.trn)
    assert.equal(await text(page, 'detail-email'), ect.email)
    assert.equal(await text(page, 'detail-start-date'), '1 September 2026')
    assert.equal(await text(page, 'detail-working-pattern'), 'Full time')
    assert.equal(await text(page, 'detail-training-programme'), 'School-led')
    assert.notEqual(await text(page, 'detail-appropriate-body'), 'Not confirmed')
    assert.equal(await text(page, 'detail-mentor'), 'Not yet assigned')
    assert.equal(await page.locator('[data-test=assign-mentor]').count(), 1)
    assert.equal(await page.getAttribute('[data-test=report-leaving]', 'href'), `${ect.path}/leaving`)
    await context.close()
  })

  test('another school cannot see, find or change the ECT', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    const ect = await registerEct(page)
    await context.close()

    const other = await signIn('rita-head-riverside')
    await other.page.goto(`${gatewayUrl}/school/ects?q=${ect.trn}`)
    assert.equal(await other.page.locator('[data-test=ect]').count(), 0)
    for (const path of [ect.path, `${ect.path}/change/email`, `${ect.path}/change/training-programme`]) {
      const response = await other.page.goto(`${gatewayUrl}${path}`)
      assert.equal(response.status(), 404, path)
    }
    // A form posted with the other school's own token is still not found, and changes nothing.
    await other.page.goto(`${gatewayUrl}/school/home`)
    const csrf = await other.page.locator('[name=authenticity_token]').first().getAttribute('value')
    const response = await other.page.request.post(`${gatewayUrl}${ect.path}/change/email`, {
      form: { authenticity_token: csrf, email: `stolen.${run}@example.org` },
      maxRedirects: 0
    })
    assert.equal(response.status(), 404)
    await other.context.close()

    const colleague = await signIn('ola-admin-oakfield')
    await colleague.page.goto(`${gatewayUrl}${ect.path}`)
    assert.equal(await text(colleague.page, 'detail-email'), ect.email)
    await colleague.context.close()
  })

  test('name, email and working pattern changes, with their errors', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    const first = await registerEct(page)
    const ect = await registerEct(page)

    await openChange(page, ect.path, 'name')
    await page.fill('#name', 'N'.repeat(71))
    await submit(page)
    assert.deepEqual(await errors(page), ['Corrected name must be 70 characters or less'])
    assert.equal(await page.inputValue('#name'), 'N'.repeat(71))
    await page.fill('#name', '')
    await submit(page)
    assert.deepEqual(await errors(page), ['Enter the correct full name'])
    const corrected = `Corrected ${ect.name}`.slice(0, 70)
    await page.fill('#name', corrected)
    await submit(page)
    assert.equal(where(page), `${ect.path}?changed=name`)
    assert.equal(await text(page, 'changed'), `You’ve changed their name to ${corrected}`)
    assert.equal(await page.textContent('h1'), corrected)
    assert.match(await text(page, 'detail-name'), new RegExp(`Teacher record name: ${ect.name}`))

    await openChange(page, ect.path, 'email')
    await page.fill('#email', 'not-an-email')
    await submit(page)
    assert.deepEqual(await errors(page),
      ['Enter an email address in the correct format, like name@example.com'])
    await page.fill('#email', first.email.toUpperCase())
    await submit(page)
    assert.deepEqual(await errors(page), ['This email is already in use for a different ECT or mentor'])
    await page.fill('#email', ect.email)
    await submit(page)
    assert.deepEqual(await errors(page), ['The email must be different from the current email'])
    const email = `changed.${ect.trn}.${run}@example.org`
    await page.fill('#email', email)
    await submit(page)
    assert.equal(await text(page, 'changed'), `You’ve changed ${corrected}’s email address to ${email}`)
    assert.equal(await text(page, 'detail-email'), email)

    await openChange(page, ect.path, 'working-pattern')
    await submit(page)
    assert.deepEqual(await errors(page),
      ['The working pattern must be different from the current working pattern'])
    await page.check('#working_pattern-part')
    await submit(page)
    assert.equal(await text(page, 'detail-working-pattern'), 'Part time')
    assert.equal(await text(page, 'changed'), `You’ve changed ${corrected}’s working pattern to part time`)

    // Cancelling goes back without changing anything.
    await openChange(page, ect.path, 'email')
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=cancel]')])
    assert.equal(where(page), ect.path)
    assert.equal(await text(page, 'detail-email'), email)
    await context.close()
  })

  test('appropriate body, training programme and lead provider changes', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    const ect = await registerEct(page, { programme: 'school_led' })
    const before = await text(page, 'detail-appropriate-body')

    await openChange(page, ect.path, 'appropriate-body')
    await submit(page)
    assert.deepEqual(await errors(page),
      ['Select the appropriate body which will be supporting the ECT\'s induction'])
    const choice = page.locator('[name=appropriate_body_id]').first()
    const chosen = await page.textContent(`label[for="${await choice.getAttribute('id')}"]`)
    assert.notEqual(chosen, before)  // the current one is never offered
    await choice.check()
    await submit(page)
    assert.equal(await text(page, 'detail-appropriate-body'), chosen)

    // School-led to provider-led needs a lead provider.
    await openChange(page, ect.path, 'training-programme')
    assert.match(await page.textContent('h1'), /training programme to provider-led$/)
    await submit(page)
    assert.deepEqual(await errors(page), ['Select which lead provider will be training the ECT'])
    await page.check('label:has-text("Northern Teaching Trust") >> xpath=preceding-sibling::input')
    await submit(page)
    assert.equal(await text(page, 'changed'), `You’ve changed ${ect.name}’s training programme to provider-led`)
    assert.equal(await text(page, 'detail-training-programme'), 'Provider-led')
    assert.match(await text(page, 'detail-lead-provider'), /^Northern Teaching Trust\s*Awaiting confirmation by Northern Teaching Trust$/)
    assert.match(await text(page, 'detail-delivery-partner'), /^Yet to be reported by the lead provider/)

    // The lead provider form never offers the current one.
    await openChange(page, ect.path, 'lead-provider')
    assert.equal(await page.locator('label:has-text("Northern Teaching Trust")').count(), 0)
    await submit(page)
    assert.deepEqual(await errors(page), ['Select which lead provider will be training the ECT'])
    await page.check('label:has-text("Southern Learning Partnership") >> xpath=preceding-sibling::input')
    await submit(page)
    assert.equal(await text(page, 'changed'), `You’ve changed ${ect.name}’s lead provider to Southern Learning Partnership`)
    assert.match(await text(page, 'detail-lead-provider'), /^Southern Learning Partnership/)

    // And back to school-led: no lead provider any more.
    await openChange(page, ect.path, 'training-programme')
    assert.match(await page.textContent('h1'), /training programme to school-led$/)
    await submit(page)
    assert.equal(await text(page, 'detail-training-programme'), 'School-led')
    assert.equal(await page.locator('[data-test=detail-lead-provider]').count(), 0)
    assert.equal(await page.locator('[data-test=change-lead-provider]').count(), 0)
    await context.close()
  })

  test('the mentor list and page, the mentor\'s ECTs, and mentor changes', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    const ect = await registerEct(page)
    // Register a new mentor for the ECT.
    await page.goto(`${gatewayUrl}${ect.path}`)
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=assign-mentor]')])
    if (where(page).endsWith('/mentorship/new')) {
      await page.check('#mentor-new')
      await submit(page)
    }
    assert.equal(where(page), '/school/register-mentor/find-mentor')
    const mentorTrn = freshTrn()
    await page.fill('#trn', mentorTrn)
    await fillDate(page, 'date_of_birth', '3', '2', '1977')
    await submit(page)
    const mentorName = await page.textContent('[data-test=trs-name]')
    await page.check('#name_check-correct')
    await submit(page)
    await page.fill('#email', `mentor.${mentorTrn}.${run}@example.org`)
    await submit(page)
    assert.equal(where(page), '/school/register-mentor/check-answers')
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
    assert.equal(where(page), '/school/register-mentor/confirmation')

    // The ECT is registered and links to their mentor.
    await page.goto(`${gatewayUrl}/school/ects?q=${ect.trn}`)
    assert.equal(await page.locator('[data-test=ect] [data-test=ect-status]').textContent(), 'Registered')
    await page.goto(`${gatewayUrl}${ect.path}`)
    assert.equal(await text(page, 'detail-mentor'), mentorName)
    // Changing the mentor is the assign-a-mentor journey.
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=change-mentor]')])
    assert.equal(where(page), `${ect.path}/mentorship/new`)

    await page.goto(`${gatewayUrl}/school/home`)
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=school-mentors]')])
    assert.equal(where(page), '/school/mentors')
    await page.fill('[data-test=search]', mentorTrn)
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=search-button]')])
    const card = page.locator('[data-test=mentor]')
    assert.equal(await card.count(), 1)
    assert.equal(await card.locator('[data-test=mentor-status]').textContent(), 'Registered')
    assert.equal((await card.locator('[data-test=mentor-ects]').textContent()).trim(), ect.name)
    await Promise.all([page.waitForLoadState('load'), card.locator('[data-test=mentor-name]').click()])
    const mentorPath = where(page)
    assert.match(mentorPath, /^\/school\/mentors\/[0-9a-f-]{36}$/)
    assert.equal(await page.textContent('h1'), mentorName)
    assert.equal(await text(page, 'detail-trn'), mentorTrn)
    assert.equal(await text(page, 'detail-ects'), ect.name)

    await openChange(page, mentorPath, 'email')
    await page.fill('#email', ect.email)
    await submit(page)
    assert.deepEqual(await errors(page), ['This email is already in use for a different ECT or mentor'])
    const email = `mentor.changed.${mentorTrn}.${run}@example.org`
    await page.fill('#email', email)
    await submit(page)
    assert.equal(where(page), `${mentorPath}?changed=email`)
    assert.equal(await text(page, 'detail-email'), email)
    await openChange(page, mentorPath, 'name')
    await page.fill('#name', `${mentorName} Jr`)
    await submit(page)
    assert.equal(await page.textContent('h1'), `${mentorName} Jr`)
    // Mentors have no working pattern to change.
    assert.equal((await page.goto(`${gatewayUrl}${mentorPath}/change/working-pattern`)).status(), 404)
    await context.close()

    const other = await signIn('rita-head-riverside')
    assert.equal((await other.page.goto(`${gatewayUrl}${mentorPath}`)).status(), 404)
    await other.page.goto(`${gatewayUrl}/school/mentors?q=${mentorTrn}`)
    assert.equal(await other.page.locator('[data-test=mentor]').count(), 0)
    await other.context.close()
  })

  test('a mentor\'s lead provider change', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    const ect = await registerEct(page, { programme: 'provider_led' })
    await page.goto(`${gatewayUrl}${ect.path}`)
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=assign-mentor]')])
    if (where(page).endsWith('/mentorship/new')) {
      await page.check('#mentor-new')
      await submit(page)
    }
    const mentorTrn = freshTrn()
    await page.fill('#trn', mentorTrn)
    await fillDate(page, 'date_of_birth', '3', '2', '1977')
    await submit(page)
    await page.check('#name_check-correct')
    await submit(page)
    await page.fill('#email', `trained.${mentorTrn}.${run}@example.org`)
    await submit(page)
    assert.equal(where(page), '/school/register-mentor/review-mentor-eligibility')
    await submit(page)
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
    assert.equal(where(page), '/school/register-mentor/confirmation')

    await page.goto(`${gatewayUrl}/school/mentors?q=${mentorTrn}`)
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=mentor-name]')])
    const mentorPath = where(page)
    assert.match(await text(page, 'detail-lead-provider'), /^Northern Teaching Trust/)
    await openChange(page, mentorPath, 'lead-provider')
    assert.equal(await page.locator('label:has-text("Northern Teaching Trust")').count(), 0)
    await submit(page)
    assert.deepEqual(await errors(page), ['Select which lead provider will be training the ECT'])
    await page.check('label:has-text("Southern Learning Partnership") >> xpath=preceding-sibling::input')
    await submit(page)
    assert.equal(where(page), `${mentorPath}?changed=lead-provider`)
    assert.match(await text(page, 'changed'), /lead provider to Southern Learning Partnership$/)
    assert.match(await text(page, 'detail-lead-provider'), /^Southern Learning Partnership/)
    // The ECT's own training is unchanged.
    await page.goto(`${gatewayUrl}${ect.path}`)
    assert.match(await text(page, 'detail-lead-provider'), /^Northern Teaching Trust/)
    await context.close()
  })

  test('the lists, pages and change forms pass axe-core\'s WCAG 2.1 AA rules', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    const ect = await registerEct(page, { programme: 'provider_led' })
    const found = []
    const check = async () => { found.push(...await violations(page)) }
    for (const path of ['/school/home', '/school/ects', `/school/ects?q=${ect.trn}`,
      `/school/ects?q=${encodeURIComponent('nobody ' + run)}`, ect.path, '/school/mentors']) {
      await page.goto(`${gatewayUrl}${path}`)
      await check()
    }
    for (const change of ['name', 'email', 'working-pattern', 'appropriate-body',
      'training-programme', 'lead-provider']) {
      await openChange(page, ect.path, change)
      await check()
    }
    // Forms with their errors.
    await openChange(page, ect.path, 'email')
    await page.fill('#email', 'nope')
    await submit(page)
    await check()
    await openChange(page, ect.path, 'lead-provider')
    await submit(page)
    await check()
    await page.goto(`${gatewayUrl}${ect.path}?changed=email`)
    await check()
    assert.deepEqual(found, [])
    await context.close()
  })

  // 21 ECTs sharing a surname made up for this run, put straight into the registration database.
  test('a search matching more than a page is split into pages', { skip: !registrationDatabaseUrl && 'needs RECT_E2E_REGISTRATION_DATABASE_URL' }, async () => {
    const surname = `Pageton${run}`
    const base = Number(freshTrn())
    registrationRows(`
      WITH free AS (
        SELECT trn, row_number() OVER (ORDER BY trn) AS n
          FROM (SELECT lpad(((${base} + k * 37) % 10000000)::text, 7, '0') AS trn
                  FROM generate_series(1, 200) k) c
         WHERE NOT EXISTS (SELECT 1 FROM teachers WHERE teachers.trn = c.trn)),
      t AS (
        INSERT INTO teachers (trn, trs_first_name, trs_last_name)
        SELECT trn, 'Page' || lpad(n::text, 2, '0'), '${surname}' FROM free WHERE n <= 21
        RETURNING id, trs_first_name)
      INSERT INTO ect_at_school_periods (teacher_id, school_urn, started_on)
      SELECT id, '100001', DATE '2026-09-01' - substr(trs_first_name, 5)::int FROM t RETURNING id`)
    const { context, page } = await signIn('sam-tutor-oakfield')
    await page.goto(`${gatewayUrl}/school/ects?q=${surname.toLowerCase()}`)
    assert.equal(await page.locator('[data-test=ect]').count(), 20)
    assert.equal(await page.locator('[data-test=pagination] .govuk-pagination__item').count(), 2)
    // Latest start first: Page01 started a day before 1 September.
    assert.equal(await page.locator('[data-test=ect-name]').first().textContent(), `Page01 ${surname}`)
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=pagination] [rel=next]')])
    assert.equal(where(page), `/school/ects?q=${surname.toLowerCase()}&page=2`)
    assert.equal(await page.locator('[data-test=ect]').count(), 1)
    assert.equal(await page.locator('[data-test=ect-name]').textContent(), `Page21 ${surname}`)
    assert.equal(await page.inputValue('[data-test=search]'), surname.toLowerCase())
    await context.close()
  })
})
