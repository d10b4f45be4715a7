// Reporting that an ECT is leaving (school-journeys.md §7) through the local DfE Sign-in and the
// local TRS: an ECT registered in the test is reported as leaving next month; the date rules
// answer on the page (more than 4 months ahead, not after the start), the check page states the
// date, the confirmation says what happens next, and the ECT shows "Leaving school". Another
// school's user cannot reach the form. TRNs are made up per run, so runs do not collide.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { gatewayUrl, launchBrowser, where } from './browser.mjs'

let browser

before(async () => { browser = await launchBrowser() })
after(async () => { await browser?.close() })

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`

function freshTrn () {
  return `8${String((Date.now() + Math.floor(Math.random() * 1e5)) % 1e6).padStart(6, '0')}`
}

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December']
function display (date) {
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`
}
function daysFromToday (days) {
  const now = new Date()
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days))
}

async function signIn (persona) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${gatewayUrl}/`)
  await page.click('[data-test=school-start]')
  await page.click('[data-test=dfe-sign-in]')
  await page.waitForSelector(`[data-persona="${persona}"]`)
  await Promise.all([page.waitForURL(`${gatewayUrl}/**`), page.click(`[data-persona="${persona}"]`)])
  return { context, page }
}

async function submit (page, selector = '[data-test=continue]') {
  await Promise.all([page.waitForLoadState('load'), page.click(selector)])
}

async function fillDate (page, prefix, day, month, year) {
  await page.fill(`[name=${prefix}_day]`, String(day))
  await page.fill(`[name=${prefix}_month]`, String(month))
  await page.fill(`[name=${prefix}_year]`, String(year))
}

async function errors (page) {
  return page.locator('.govuk-error-summary__list li').allTextContents()
}

// Registers a school-led ECT starting 1 September 2026; returns their page's path and name.
async function registerEct (page, trn) {
  await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
  if (where(page) !== '/school/register-ect/find-ect') {
    throw new Error(`the register-an-ECT journey did not start (at ${where(page)})`)
  }
  await page.fill('#trn', trn)
  await fillDate(page, 'date_of_birth', '3', '2', '1977')
  await submit(page)
  assert.equal(where(page), '/school/register-ect/review-ect-details')
  await page.check('#name_check')
  await submit(page)
  await page.fill('#email', `leaving.${trn}.${run}@example.org`)
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
  await page.check('#training_programme-school')
  await submit(page)
  assert.equal(where(page), '/school/register-ect/check-answers')
  const name = await page.textContent('[data-test=answer-name]')
  await submit(page, '[data-test=confirm]')
  assert.equal(where(page), '/school/register-ect/confirmation')
  // Found by TRN: the local TRS's made-up names can repeat.
  await page.goto(`${gatewayUrl}/school/ects?q=${trn}`)
  const card = page.locator('[data-test=ect]', { hasText: name })
  assert.equal(await card.count(), 1)
  await Promise.all([page.waitForLoadState('load'), card.locator('[data-test=ect-name]').click()])
  assert.match(where(page), /^\/school\/ects\/[0-9a-f-]{36}$/)
  return { ectPath: where(page), name }
}

// From the teacher's page by its "report leaving" link (or straight to the form's address).
async function openLeaving (page, path) {
  await page.goto(`${gatewayUrl}${path}`)
  const link = page.locator('[data-test=report-leaving]')
  if (await link.count() > 0) {
    await Promise.all([page.waitForLoadState('load'), link.click()])
  } else {
    await page.goto(`${gatewayUrl}${path}/leaving`)
  }
  assert.equal(where(page), `${path}/leaving`)
}

// Registers a new mentor for the ECT at `ectPath` through "Assign a mentor"; returns the
// mentor's page path and name.
async function registerMentor (page, ectPath) {
  await page.goto(`${gatewayUrl}${ectPath}`)
  await Promise.all([page.waitForLoadState('load'), page.click('[data-test=assign-mentor]')])
  if (where(page).endsWith('/mentorship/new')) {
    await page.check('#mentor-new')
    await submit(page)
  }
  assert.equal(where(page), '/school/register-mentor/find-mentor')
  const trn = freshTrn()
  await page.fill('#trn', trn)
  await fillDate(page, 'date_of_birth', '3', '2', '1977')
  await submit(page)
  assert.equal(where(page), '/school/register-mentor/review-mentor-details')
  await page.check('#name_check-correct')
  await submit(page)
  await page.fill('#email', `leaving.mentor.${trn}.${run}@example.org`)
  await submit(page)
  while (where(page) !== '/school/register-mentor/check-answers') {
    const step = where(page)
    if (step === '/school/register-mentor/programme-choices') await page.check('#use_same_programme_choices-yes')
    await submit(page)
    assert.notEqual(where(page), step, `stuck at ${step}`)
  }
  await submit(page, '[data-test=confirm]')
  assert.equal(where(page), '/school/register-mentor/confirmation')
  await page.goto(`${gatewayUrl}/school/mentors?q=${trn}`)
  const name = (await page.textContent('[data-test=mentor-name]')).trim()
  await Promise.all([page.waitForLoadState('load'), page.click('[data-test=mentor-name]')])
  assert.match(where(page), /^\/school\/mentors\/[0-9a-f-]{36}$/)
  return { mentorPath: where(page), name }
}

describe('report an ECT leaving', () => {
  test('the date is checked, confirmed and the ECT is shown as leaving', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    const { ectPath, name } = await registerEct(page, freshTrn())

    await openLeaving(page, ectPath)
    assert.equal(await page.textContent('h1'),
      `Tell us if ${name} has left or is leaving your school permanently`)

    await submit(page)
    assert.deepEqual(await errors(page), ['Enter the date the teacher left or will be leaving your school'])

    const tooFar = daysFromToday(200)
    await fillDate(page, 'leaving_on', tooFar.getUTCDate(), tooFar.getUTCMonth() + 1, tooFar.getUTCFullYear())
    await submit(page)
    assert.deepEqual(await errors(page), ['Enter a date no further than 4 months from today'])
    assert.equal(await page.inputValue('[name=leaving_on_year]'), String(tooFar.getUTCFullYear()))

    await fillDate(page, 'leaving_on', '2', '9', '2026')
    await submit(page)
    assert.deepEqual(await errors(page), [
      `Our records show that ${name} started teaching at your school on 1 September 2026. ` +
      'Enter a date after 2 September 2026.'])

    const leaving = daysFromToday(30)
    await fillDate(page, 'leaving_on', leaving.getUTCDate(), leaving.getUTCMonth() + 1, leaving.getUTCFullYear())
    await submit(page)
    assert.equal(where(page), `${ectPath}/leaving`)
    assert.equal(await page.textContent('h1'), `Confirm that ${name} is leaving your school permanently`)
    assert.equal(await page.textContent('[data-test=leaving-statement]'),
      `You’ve told us that ${name} is leaving your school on ${display(leaving)}.`)

    await submit(page, '[data-test=confirm]')
    assert.equal(where(page), `${ectPath}/leaving/confirmation`)
    assert.equal(await page.textContent('[data-test=confirmation]'),
      `${name} will be removed from your school’s ECT list after ${display(leaving)}`)

    await page.goto(`${gatewayUrl}${ectPath}`)
    const status = page.locator('[data-test=ect-status]')
    if (await status.count() > 0) assert.equal((await status.textContent()).trim(), 'Leaving school')
    await context.close()
  })

  test('another school cannot report the ECT leaving', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    const { ectPath } = await registerEct(page, freshTrn())
    await context.close()
    const other = await signIn('rita-head-riverside')
    const response = await other.page.goto(`${gatewayUrl}${ectPath}/leaving`)
    assert.equal(response.status(), 404)
    await other.context.close()
  })

  test('a mentor reported as leaving comes off the mentor list after the date', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    const { ectPath } = await registerEct(page, freshTrn())
    const { mentorPath, name } = await registerMentor(page, ectPath)
    await openLeaving(page, mentorPath)
    // A new mentor starts today, so the earliest leaving date is the day after tomorrow.
    const tomorrow = daysFromToday(1)
    await fillDate(page, 'leaving_on', tomorrow.getUTCDate(), tomorrow.getUTCMonth() + 1, tomorrow.getUTCFullYear())
    await submit(page)
    assert.equal((await errors(page)).length, 1)
    const leaving = daysFromToday(2)
    await fillDate(page, 'leaving_on', leaving.getUTCDate(), leaving.getUTCMonth() + 1, leaving.getUTCFullYear())
    await submit(page)
    assert.equal(await page.textContent('h1'), `Confirm that ${name} is leaving your school permanently`)
    await submit(page, '[data-test=confirm]')
    assert.equal(where(page), `${mentorPath}/leaving/confirmation`)
    assert.equal(await page.textContent('[data-test=confirmation]'),
      `${name} will be removed from your school’s mentor list after ${display(leaving)}`)
    await context.close()
  })
})
