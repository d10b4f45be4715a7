// The TRS personas with registration state (school-journeys.md §8: 7000006, 7000018–7000024),
// the happy path of 7000013 and TRS failing (7000098, 7000099), through the
// register-an-ECT and assign-a-mentor journeys, signed in for Oakfield Primary School (the test
// school); Chalk Lane Primary School (URN 100017) is "elsewhere". Each test first puts the
// personas it uses back into their designed state (tests/e2e/seed_personas.cc), so the tests
// are independent of each other, of their order and of earlier runs. ECTs given a mentor have
// TRNs made up per run (the local TRS invents any TRN it does not know, born 3 February 1977).
//
// Needs the registration database (RECT_E2E_REGISTRATION_DATABASE_URL, set by run.sh from the
// stack's state directory): skipped without it.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  displayDate, errorMessages, fillDate, gatewayUrl, launchBrowser, registrationDatabaseUrl,
  registrationRows, resetPersonas, signInAsSchool, submit, where
} from './browser.mjs'

const skip = registrationDatabaseUrl ? false : 'no registration database (RECT_E2E_REGISTRATION_DATABASE_URL)'

let browser
before(async () => { if (!skip) browser = await launchBrowser() })
after(async () => { await browser?.close() })

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`
let trnCounter = 0
// A TRN the local TRS makes up: 6 then six digits unique to this run.
function freshTrn () {
  trnCounter += 1
  return `6${String((Date.now() + trnCounter * 7919 + Math.floor(Math.random() * 1e5)) % 1e6).padStart(6, '0')}`
}

// Today (UTC) and the service's date arithmetic.
function today () {
  const now = new Date()
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
}
function addDays (date, days) { return new Date(date.getTime() + days * 86400000) }
function monthsAfter (date, months) {
  const month = date.getUTCMonth() + months
  const first = new Date(Date.UTC(date.getUTCFullYear(), month, 1))
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate()
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(date.getUTCDate(), last)))
}
function dateFields (date) { return [date.getUTCDate(), date.getUTCMonth() + 1, date.getUTCFullYear()] }
function isoDate (date) { return date.toISOString().slice(0, 10) }
// The last day of the last contract period open for registration (2026 to 2027).
const lastEnabledDay = new Date(Date.UTC(2027, 4, 31))

const ectStep = page => where(page).replace('/school/register-ect/', '')
const mentorStep = page => where(page).replace('/school/register-mentor/', '')

async function findEct (page, trn) {
  await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
  await page.fill('#trn', trn)
  await fillDate(page, 'date_of_birth', 3, 2, 1977)
  await submit(page)
}

async function findMentor (page, trn) {
  await page.fill('#trn', trn)
  await fillDate(page, 'date_of_birth', 3, 2, 1977)
  await submit(page)
}

// From working-pattern to check-answers: the previous choices declined when offered, the first
// appropriate body, then the programme (provider-led with Northern Teaching Trust).
async function programmeDetails (page, programme) {
  assert.equal(ectStep(page), 'working-pattern')
  await page.check('#working_pattern')
  await submit(page)
  if (ectStep(page) === 'use-previous-ect-choices') {
    await page.check('#use_previous_choices-no')
    await submit(page)
  }
  assert.equal(ectStep(page), 'state-school-appropriate-body')
  await page.locator('[name=appropriate_body_id]').first().check()
  await submit(page)
  await page.check(programme === 'provider_led' ? '#training_programme-provider' : '#training_programme-school')
  await submit(page)
  if (programme === 'provider_led') {
    assert.equal(ectStep(page), 'lead-provider')
    await page.check('label:has-text("Northern Teaching Trust") >> xpath=preceding-sibling::input')
    await submit(page)
  }
  assert.equal(ectStep(page), 'check-answers')
}

async function confirm (page) {
  await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
}

// Registers a new provider-led ECT (a made-up TRN) starting 1 September 2026 and opens their page.
async function registerEct (page) {
  const trn = freshTrn()
  await findEct(page, trn)
  await page.check('#name_check')
  await submit(page)
  await page.fill('#email', `ect.${trn}.${run}@example.org`)
  await submit(page)
  await fillDate(page, 'start_date', 1, 9, 2026)
  await submit(page)
  await programmeDetails(page, 'provider_led')
  const name = await page.textContent('[data-test=answer-name]')
  await confirm(page)
  assert.equal(ectStep(page), 'confirmation')
  const id = registrationRows(
    `SELECT e.id FROM ect_at_school_periods e JOIN teachers t ON t.id = e.teacher_id WHERE t.trn = '${trn}'`)[0][0]
  await page.goto(`${gatewayUrl}/school/ects/${id}`)
  return { id, name, ectPath: `/school/ects/${id}` }
}

// From the ECT's page to find-mentor through "Register a new mentor".
async function toFindMentor (page) {
  await Promise.all([page.waitForLoadState('load'), page.click('[data-test=assign-mentor]')])
  if (where(page).endsWith('/mentorship/new')) {
    await page.check('#mentor-new')
    await submit(page)
  }
  assert.equal(mentorStep(page), 'find-mentor')
}

// The persona's periods: [school URN, started_on, finished_on or ''].
function periodsOf (table, trn) {
  return registrationRows(
    `SELECT p.school_urn, p.started_on, coalesce(p.finished_on::text, '') FROM ${table} p ` +
    `JOIN teachers t ON t.id = p.teacher_id WHERE t.trn = '${trn}' ORDER BY p.started_on`)
}

// Training periods of a teacher's mentor periods: [school URN, started_on, lead provider name].
function mentorTrainingOf (trn) {
  return registrationRows(
    'SELECT m.school_urn, tp.started_on, a.lead_provider_name FROM training_periods tp ' +
    'JOIN mentor_at_school_periods m ON m.id = tp.mentor_at_school_period_id ' +
    'JOIN teachers t ON t.id = m.teacher_id JOIN active_lead_providers a ' +
    '  ON a.lead_provider_id = tp.lead_provider_id AND a.contract_period_year = tp.contract_period_year ' +
    `WHERE t.trn = '${trn}' ORDER BY tp.started_on`)
}

describe('register an ECT: personas with registration state', { skip }, () => {
  test('7000018 Oscar Hale, already at the school, cannot be registered again', async () => {
    resetPersonas('7000018')
    const { context, page } = await signInAsSchool(browser, 'ola-admin-oakfield')
    await findEct(page, '7000018')
    assert.equal(ectStep(page), 'already-active-at-school')
    assert.equal(await page.textContent('[data-test=outcome]'), 'Oscar Hale is already registered at your school')
    // No step past the outcome is reachable.
    await page.goto(`${gatewayUrl}/school/register-ect/email-address`)
    assert.equal(ectStep(page), 'already-active-at-school')
    await page.goto(`${gatewayUrl}/school/register-ect/check-answers`)
    assert.equal(ectStep(page), 'already-active-at-school')
    await context.close()
  })

  test('7000019 Priya Nair, open provider-led elsewhere: registered before, start-date rules, old period closed', async () => {
    resetPersonas('7000019')
    const startedAt = new Date().toISOString()
    const { context, page } = await signInAsSchool(browser, 'sam-tutor-oakfield')
    await findEct(page, '7000019')
    assert.equal(ectStep(page), 'review-ect-details')
    await page.check('#name_check')
    await submit(page)
    assert.equal(ectStep(page), 'registered-before')
    assert.equal(await page.textContent('h1'), 'Priya Nair has been registered before')
    assert.deepEqual(await page.locator('.govuk-summary-card dd').allTextContents(), [
      'Chalk Lane Primary School', '1 September 2025', 'Not confirmed', 'Provider-led',
      'Northern Teaching Trust'])
    await submit(page)
    assert.equal(ectStep(page), 'email-address')
    // Her own address at the other school is hers to use.
    await page.fill('#email', 'priya.nair@example.org')
    await submit(page)
    assert.equal(ectStep(page), 'start-date')

    await fillDate(page, 'start_date', 2, 9, 2025)
    await submit(page)
    assert.deepEqual(await errorMessages(page), [
      'Our records show that Priya Nair started teaching at Chalk Lane Primary School on ' +
      '1 September 2025. Enter a start date after 2 September 2025.'])
    await fillDate(page, 'start_date', 5, 9, 2025)
    await submit(page)
    assert.deepEqual(await errorMessages(page), [
      'Our records show that Priya Nair started their latest training at Chalk Lane Primary ' +
      'School on 1 October 2025. Enter a start date after 2 October 2025.'])
    // Still at the other school: at most four months ahead.
    const limit = monthsAfter(today(), 4)
    const tooFar = addDays(limit, 1)
    if (tooFar <= lastEnabledDay) {
      await fillDate(page, 'start_date', ...dateFields(tooFar))
      await submit(page)
      assert.deepEqual(await errorMessages(page), [
        `Start date must be before ${displayDate(addDays(limit, 1))}. You cannot register the ECT this far in advance.`])
    }
    await fillDate(page, 'start_date', 1, 9, 2026)
    await submit(page)
    await programmeDetails(page, 'provider_led')
    assert.equal(await page.textContent('[data-test=answer-start-date]'), '1 September 2026')
    await confirm(page)
    assert.equal(ectStep(page), 'confirmation')

    // The period at Chalk Lane ended the day before, with its training; the new one is open.
    assert.deepEqual(periodsOf('ect_at_school_periods', '7000019'), [
      ['100017', '2025-09-01', '2026-08-31'],
      ['100001', '2026-09-01', '']])
    assert.deepEqual(registrationRows(
      'SELECT e.school_urn, tp.started_on, coalesce(tp.finished_on::text, \'\'), tp.contract_period_year ' +
      'FROM training_periods tp JOIN ect_at_school_periods e ON e.id = tp.ect_at_school_period_id ' +
      "JOIN teachers t ON t.id = e.teacher_id WHERE t.trn = '7000019' ORDER BY tp.started_on"), [
      ['100017', '2025-10-01', '2026-08-31', '2025'],
      // Provider-led before in an unfrozen year: she keeps 2025.
      ['100001', isoDate(today()), '', '2025']])
    assert.deepEqual(registrationRows(
      "SELECT e.event_type, e.school_urn FROM events e JOIN teachers t ON t.id = e.teacher_id WHERE t.trn = '7000019' " +
      `AND e.happened_at >= '${startedAt}'`), [['teacher_registered_as_ect', '100001']])
    await context.close()
  })

  test('7000020 Quinn Abbott, finished elsewhere: registered before, no four-month limit', async () => {
    resetPersonas('7000020')
    const { context, page } = await signInAsSchool(browser, 'ola-admin-oakfield')
    await findEct(page, '7000020')
    await page.check('#name_check')
    await submit(page)
    assert.equal(ectStep(page), 'registered-before')
    assert.deepEqual(await page.locator('.govuk-summary-card dd').allTextContents(), [
      'Chalk Lane Primary School', '1 September 2024', '31 July 2025', 'School-led', 'Not confirmed'])
    await submit(page)
    await page.fill('#email', `quinn.${run}@example.org`)
    await submit(page)
    await fillDate(page, 'start_date', 2, 9, 2024)
    await submit(page)
    assert.deepEqual(await errorMessages(page), [
      'Our records show that Quinn Abbott started teaching at Chalk Lane Primary School on ' +
      '1 September 2024. Enter a start date after 2 September 2024.'])
    // Not at another school now: a date more than four months ahead is fine in an open year.
    const farAhead = addDays(monthsAfter(today(), 4), 7)
    await fillDate(page, 'start_date', ...dateFields(farAhead <= lastEnabledDay ? farAhead : new Date(Date.UTC(2026, 8, 1))))
    await submit(page)
    assert.equal(ectStep(page), 'working-pattern')
    await context.close()
  })

  test('7000021 Rosa Clarke\'s email cannot be used for another ECT', async () => {
    resetPersonas('7000021')
    const { context, page } = await signInAsSchool(browser, 'ola-admin-oakfield')
    await findEct(page, freshTrn())
    await page.check('#name_check')
    await submit(page)
    await page.fill('#email', 'Rosa.Clarke@example.org')
    await submit(page)
    assert.equal(ectStep(page), 'cant-use-email')
    await context.close()
  })
})

describe('register an ECT: TRS personas', { skip }, () => {
  test('7000013 Jamal Price registers provider-led, then (afresh) school-led', async () => {
    const { context, page } = await signInAsSchool(browser, 'sam-tutor-oakfield')
    for (const programme of ['provider_led', 'school_led']) {
      resetPersonas('7000013')
      await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
      await page.fill('#trn', '7000013')
      await fillDate(page, 'date_of_birth', 15, 4, 1990)
      await submit(page)
      assert.equal(ectStep(page), 'review-ect-details')
      assert.equal(await page.textContent('[data-test=trs-name]'), 'Jamal Price')
      await page.check('#name_check')
      await submit(page)
      await page.fill('#email', `jamal.${programme}.${run}@example.org`)
      await submit(page)
      await fillDate(page, 'start_date', 1, 9, 2026)
      await submit(page)
      await programmeDetails(page, programme)
      assert.equal(await page.textContent('[data-test=answer-programme]'),
        programme === 'provider_led' ? 'Provider-led' : 'School-led')
      await confirm(page)
      assert.equal(ectStep(page), 'confirmation')
      assert.equal(await page.textContent('[data-test=confirmation]'), 'You have saved Jamal Price’s details')
      assert.deepEqual(registrationRows(
        'SELECT tp.training_programme FROM training_periods tp JOIN ect_at_school_periods e ' +
        "ON e.id = tp.ect_at_school_period_id JOIN teachers t ON t.id = e.teacher_id WHERE t.trn = '7000013'"),
      [[programme]])
      // Registered now: a second registration stops at once.
      await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
      await page.fill('#trn', '7000013')
      await fillDate(page, 'date_of_birth', 15, 4, 1990)
      await submit(page)
      assert.equal(ectStep(page), 'already-active-at-school')
    }
    resetPersonas('7000013')
    await context.close()
  })

  test('7000099 (TRS fails) and 7000098 (TRS too slow) show an error page, never the date of birth', async () => {
    const { context, page } = await signInAsSchool(browser, 'ola-admin-oakfield')
    for (const trn of ['7000099', '7000098']) {
      await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
      await page.fill('#trn', trn)
      await fillDate(page, 'date_of_birth', 3, 2, 1977)
      const started = Date.now()
      const [response] = await Promise.all([
        page.waitForResponse(r => r.url().endsWith('/school/register-ect/find-ect') && r.request().method() === 'POST'),
        page.click('[data-test=continue]')])
      assert.ok(response.status() >= 500, `${trn}: HTTP ${response.status()}`)
      assert.ok(Date.now() - started < 15000, `${trn}: answered after ${Date.now() - started} ms`)
      await page.waitForLoadState('load')
      const text = await page.textContent('body')
      assert.doesNotMatch(text, /1977/)
      assert.match(text, /(problem|try again|unavailable)/i, `${trn}: ${text.slice(0, 200)}`)
    }
    await context.close()
  })
})

describe('assign a mentor: personas with registration state', { skip }, () => {
  test('7000021 Rosa Clarke, mentoring elsewhere: only at your school, start-date rules, her other period ends', async () => {
    resetPersonas('7000021')
    const { context, page } = await signInAsSchool(browser, 'sam-tutor-oakfield')
    const ect = await registerEct(page)

    // Her address is not for another TRN.
    await toFindMentor(page)
    await findMentor(page, freshTrn())
    await page.check('#name_check-correct')
    await submit(page)
    await page.fill('#email', 'rosa.clarke@example.org')
    await submit(page)
    assert.equal(mentorStep(page), 'cant-use-email')

    await page.goto(`${gatewayUrl}${ect.ectPath}`)
    await toFindMentor(page)
    await findMentor(page, '7000021')
    assert.equal(mentorStep(page), 'review-mentor-details')
    await page.check('#name_check-correct')
    await submit(page)
    await page.fill('#email', 'rosa.clarke@example.org')
    await submit(page)
    assert.equal(mentorStep(page), 'mentoring-at-new-school-only')
    assert.equal(await page.textContent('h1'), 'Will Rosa Clarke be mentoring ECTs at your school only?')
    await submit(page)
    assert.deepEqual(await errorMessages(page), [
      "Select 'Yes' or 'No' to confirm whether they will be mentoring at your school only"])
    await page.check('#mentoring_at_new_school_only-yes')
    await submit(page)
    assert.equal(mentorStep(page), 'started-on')
    await submit(page)
    assert.deepEqual(await errorMessages(page), [
      'Enter the date they started or will start ECT mentoring at your school'])
    await fillDate(page, 'started_on', 2, 9, 2024)
    await submit(page)
    assert.deepEqual(await errorMessages(page), [
      'Our records show that Rosa Clarke started mentoring at Chalk Lane Primary School on ' +
      '1 September 2024. Enter a start date after 2 September 2024.'])
    const limit = monthsAfter(today(), 4)
    if (addDays(limit, 1) <= lastEnabledDay) {
      await fillDate(page, 'started_on', ...dateFields(addDays(limit, 1)))
      await submit(page)
      assert.deepEqual(await errorMessages(page), [
        `Start date must be before ${displayDate(addDays(limit, 1))}. You cannot register the mentor this far in advance.`])
    }
    const start = today()
    await fillDate(page, 'started_on', ...dateFields(start))
    await submit(page)
    // Eligible, never trained, the ECT provider-led with an active provider.
    assert.equal(mentorStep(page), 'programme-choices')
    await page.check('#use_same_programme_choices-yes')
    await submit(page)
    assert.equal(mentorStep(page), 'check-answers')
    assert.equal(await page.textContent('[data-test=answer-only-here]'), 'Yes')
    assert.equal(await page.textContent('[data-test=answer-started-on]'), displayDate(start))
    assert.equal(await page.textContent('[data-test=answer-lead-provider]'), 'Northern Teaching Trust')
    await confirm(page)
    assert.equal(mentorStep(page), 'confirmation')

    // Mentoring only here: the Chalk Lane period ended the day before the new start.
    assert.deepEqual(periodsOf('mentor_at_school_periods', '7000021'), [
      ['100017', '2024-09-01', isoDate(addDays(start, -1))],
      ['100001', isoDate(start), '']])
    assert.deepEqual(mentorTrainingOf('7000021'), [['100001', isoDate(start), 'Northern Teaching Trust']])
    await page.goto(`${gatewayUrl}${ect.ectPath}`)
    assert.equal(await page.textContent('[data-test=ect-status]'), 'Registered')
    await context.close()
  })

  test('7000024 Uma Patel, a mentor at the school never trained: the mentor-training offer', async () => {
    resetPersonas('7000024')
    const startedAt = new Date().toISOString()
    const { context, page } = await signInAsSchool(browser, 'sam-tutor-oakfield')
    // Her mentor period (a new one after each reset).
    const umaPeriod = () => registrationRows(
      "SELECT m.id FROM mentor_at_school_periods m JOIN teachers t ON t.id = m.teacher_id WHERE t.trn = '7000024'")[0][0]
    let uma = umaPeriod()
    const chooseUma = async ect => {
      await page.goto(`${gatewayUrl}${ect.ectPath}`)
      await Promise.all([page.waitForLoadState('load'), page.click('[data-test=assign-mentor]')])
      assert.equal(where(page), `${ect.ectPath}/mentorship/new`)
      await page.check(`#mentor-${uma}`)
      await submit(page)
    }

    // Another lead provider: asked for, then chosen.
    const first = await registerEct(page)
    await chooseUma(first)
    assert.equal(where(page), `${first.ectPath}/mentorship/${uma}/training`)
    assert.equal(await page.textContent('h1'), 'Uma Patel can receive mentor training')
    assert.equal(await page.textContent('[data-test=other-lead-provider]'),
      'Northern Teaching Trust will not be providing mentor training to Uma Patel')
    // Nothing is assigned until the offer is answered.
    await page.goto(`${gatewayUrl}${first.ectPath}`)
    assert.equal(await page.textContent('[data-test=ect-status]'), 'Action required')
    await page.goBack()
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=other-lead-provider]')])
    assert.equal(where(page), `${first.ectPath}/mentorship/${uma}/lead-provider`)
    assert.equal(await page.textContent('h1'), 'Which lead provider will be training Uma Patel?')
    await submit(page)
    assert.deepEqual(await errorMessages(page), ['Select a lead provider to contact your school'])
    await page.check('label:has-text("Southern Learning Partnership") >> xpath=preceding-sibling::input')
    await submit(page)
    assert.equal(await page.textContent('[data-test=confirmation]'),
      `You’ve assigned Uma Patel as a mentor for ${first.name}`)
    assert.equal(await page.textContent('[data-test=mentor-training]'),
      'We’ll pass on Uma Patel’s details to Southern Learning Partnership, who will contact your school about mentor training.')
    assert.deepEqual(mentorTrainingOf('7000024'), [['100001', isoDate(today()), 'Southern Learning Partnership']])
    await page.goto(`${gatewayUrl}${first.ectPath}`)
    assert.equal(await page.textContent('[data-test=ect-status]'), 'Registered')

    // Trained now: the next ECT gets her at once, with no offer and no second training.
    const second = await registerEct(page)
    await chooseUma(second)
    assert.equal(await page.textContent('[data-test=confirmation]'),
      `You’ve assigned Uma Patel as a mentor for ${second.name}`)
    assert.equal(await page.locator('[data-test=mentor-training]').count(), 0)
    assert.equal(mentorTrainingOf('7000024').length, 1)

    // Untrained again: continuing accepts the ECT's lead provider.
    resetPersonas('7000024')
    uma = umaPeriod()
    const third = await registerEct(page)
    await chooseUma(third)
    assert.equal(where(page), `${third.ectPath}/mentorship/${uma}/training`)
    await submit(page)
    assert.equal(await page.textContent('[data-test=confirmation]'),
      `You’ve assigned Uma Patel as a mentor for ${third.name}`)
    assert.deepEqual(mentorTrainingOf('7000024'), [['100001', isoDate(today()), 'Northern Teaching Trust']])
    // Each assignment and each training is recorded, by the signed-in user.
    assert.deepEqual(registrationRows(
      "SELECT e.event_type, count(*), min(e.author_name) FROM events e JOIN teachers t ON t.id = e.teacher_id " +
      `WHERE t.trn = '7000024' AND e.happened_at >= '${startedAt}' GROUP BY 1 ORDER BY 1`), [
      ['teacher_starts_mentoring', '3', 'Sam Tutor'],
      ['teacher_starts_training_period', '2', 'Sam Tutor']])
    await context.close()
  })

  for (const [trn, name] of [['7000006', 'Derek Moss'], ['7000022', 'Sam Turner'], ['7000023', 'Tara Quinn']]) {
    test(`${trn} ${name}, not eligible for mentor funding: no training offered or created`, async () => {
      resetPersonas(trn)
      const { context, page } = await signInAsSchool(browser, 'sam-tutor-oakfield')
      const ect = await registerEct(page)
      await toFindMentor(page)
      // A passed induction and no QTS do not stop anyone mentoring.
      await findMentor(page, trn)
      assert.equal(mentorStep(page), 'review-mentor-details')
      await page.check('#name_check-correct')
      await submit(page)
      await page.fill('#email', `${trn}.${run}@example.org`)
      await submit(page)
      assert.equal(mentorStep(page), 'check-answers')
      assert.equal(await page.locator('[data-test=answer-lead-provider]').count(), 0)
      await confirm(page)
      assert.equal(mentorStep(page), 'confirmation')
      assert.equal(await page.textContent('[data-test=mentor-training]'),
        'They cannot do mentor training according to our records.')
      assert.deepEqual(periodsOf('mentor_at_school_periods', trn), [['100001', isoDate(today()), '']])
      assert.deepEqual(mentorTrainingOf(trn), [])
      await page.goto(`${gatewayUrl}${ect.ectPath}`)
      assert.equal(await page.textContent('[data-test=ect-status]'), 'Registered')
      await context.close()
    })
  }
})
