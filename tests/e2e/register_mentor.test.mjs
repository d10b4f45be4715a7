// Assigning a mentor to an ECT (school-journeys.md §4) through the local DfE Sign-in and the
// local TRS: an ECT registered in the test is given a newly registered mentor (with the mentor
// training offer of a provider-led ECT) and becomes "Registered", the mentor is emailed, and an
// ECT cannot be registered as their own mentor. Teachers have TRNs made up per run (the local TRS
// invents any TRN it does not know, born 3 February 1977), so a second run on the same database
// registers new people.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { gatewayUrl, launchBrowser, where } from './browser.mjs'

let browser

before(async () => { browser = await launchBrowser() })
after(async () => { await browser?.close() })

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`
let trnCounter = 0
// A TRN the local TRS makes up: 9 then six digits unique to this run.
function freshTrn () {
  trnCounter += 1
  return `9${String((Date.now() + trnCounter * 7919 + Math.floor(Math.random() * 1e5)) % 1e6).padStart(6, '0')}`
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

// Registers an ECT starting 1 September 2026 and returns their page's path and name.
async function registerEct (page, { trn, programme }) {
  await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
  await page.fill('#trn', trn)
  await fillDate(page, 'date_of_birth', '3', '2', '1977')
  await submit(page)
  assert.equal(where(page), '/school/register-ect/review-ect-details')
  // A name of their own: the local TRS has only a hundred made-up names.
  await page.check('#name_check-corrected')
  await page.fill('#corrected_name', `Ect ${trn} ${run}`)
  await submit(page)
  await page.fill('#email', `ect.${trn}.${run}@example.org`)
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
  await page.goto(`${gatewayUrl}/school/ects`)
  const card = page.locator('[data-test=ect]', { hasText: name })
  assert.equal(await card.count(), 1)
  await Promise.all([page.waitForLoadState('load'), card.locator('[data-test=ect-name]').click()])
  assert.match(where(page), /^\/school\/ects\/[0-9a-f-]{36}$/)
  return { ectPath: where(page), name }
}

// From the ECT's page to find-mentor: "Assign a mentor", then "Register a new mentor" when the
// school already has mentors to choose from (checking the none-chosen error on the way).
async function toFindMentor (page) {
  await Promise.all([page.waitForLoadState('load'), page.click('[data-test=assign-mentor]')])
  if (where(page).endsWith('/mentorship/new')) {
    await submit(page)
    assert.deepEqual(await errors(page),
      ['Select a mentor from the list provided or choose to register a new mentor'])
    await page.check('#mentor-new')
    await submit(page)
  }
  assert.equal(where(page), '/school/register-mentor/find-mentor')
}

async function findMentor (page, trn) {
  await page.fill('#trn', trn)
  await fillDate(page, 'date_of_birth', '3', '2', '1977')
  await submit(page)
}

// The newest email to `address` at the local Notify, polling while the outbox hands it over.
async function emailTo (address) {
  const notifyUrl = process.env.RECT_E2E_NOTIFY_URL.replace(/\/$/, '')
  const deadline = Date.now() + 15000
  for (;;) {
    const response = await fetch(`${notifyUrl}/_fake/emails?${new URLSearchParams({ email_address: address })}`)
    const { emails } = await response.json()
    if (emails.length > 0) return emails
    if (Date.now() > deadline) throw new Error(`no email to ${address} within 15 s`)
    await new Promise(resolve => setTimeout(resolve, 250))
  }
}

describe('assign a mentor', () => {
  test('a new mentor with mentor training completes a provider-led ECT\'s registration', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    const { ectPath, name } = await registerEct(page, { trn: freshTrn(), programme: 'provider_led' })
    assert.equal(await page.textContent('[data-test=ect-status]'), 'Action required')
    await toFindMentor(page)

    // Errors stay on the step; the date of birth is not shown back.
    await page.fill('#trn', '12')
    await fillDate(page, 'date_of_birth', '3', '2', '1977')
    await submit(page)
    assert.equal(where(page), '/school/register-mentor/find-mentor')
    assert.ok((await errors(page)).length > 0)
    assert.equal(await page.inputValue('[name=date_of_birth_year]'), '')

    await findMentor(page, freshTrn())
    assert.equal(where(page), '/school/register-mentor/review-mentor-details')
    const mentorName = await page.textContent('[data-test=trs-name]')
    await page.check('#name_check-correct')
    await submit(page)
    assert.equal(where(page), '/school/register-mentor/email-address')
    const email = `mentor.${run}@example.org`
    await page.fill('#email', email)
    await submit(page)
    assert.equal(where(page), '/school/register-mentor/review-mentor-eligibility')
    assert.match(await page.textContent('h1'), /can receive mentor training/)
    await submit(page)
    assert.equal(where(page), '/school/register-mentor/check-answers')
    assert.equal(await page.textContent('[data-test=answer-name]'), mentorName)
    assert.equal(await page.textContent('[data-test=answer-email]'), email)
    assert.equal(await page.textContent('[data-test=answer-lead-provider]'), 'Northern Teaching Trust')
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
    assert.equal(where(page), '/school/register-mentor/confirmation')
    assert.match(await page.textContent('[data-test=registration-complete]'),
      new RegExp(`This completes ${name}’s registration`))
    // Only the confirmation is reachable now.
    await page.goto(`${gatewayUrl}/school/register-mentor/check-answers`)
    assert.equal(where(page), '/school/register-mentor/confirmation')

    await page.goto(`${gatewayUrl}${ectPath}`)
    assert.equal(await page.textContent('[data-test=ect-status]'), 'Registered')
    assert.match(await page.textContent('.govuk-summary-list'), new RegExp(mentorName))
    assert.equal(await page.locator('[data-test=assign-mentor]').count(), 0)
    const emails = await emailTo(email)
    assert.equal(emails.length, 1)
    await context.close()
  })

  test('an ECT cannot be registered as their own mentor', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    const trn = freshTrn()
    const { ectPath } = await registerEct(page, { trn, programme: 'school_led' })
    await toFindMentor(page)
    await findMentor(page, trn)
    assert.equal(where(page), '/school/register-mentor/cannot-mentor-themself')
    assert.equal(await page.textContent('[data-test=outcome]'), 'You cannot assign an ECT as their own mentor')
    // Nothing further is reachable, and the ECT still needs a mentor.
    await page.goto(`${gatewayUrl}/school/register-mentor/check-answers`)
    assert.equal(where(page), '/school/register-mentor/cannot-mentor-themself')
    await page.goto(`${gatewayUrl}${ectPath}`)
    assert.equal(await page.textContent('[data-test=ect-status]'), 'Action required')
    await context.close()
  })

  test('a mentor already at the school is chosen for another ECT', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    await registerEct(page, { trn: freshTrn(), programme: 'school_led' })
    await toFindMentor(page)
    const mentorTrn = freshTrn()
    await findMentor(page, mentorTrn)
    const mentorName = `Mentor ${mentorTrn} ${run}`
    await page.check('#name_check-corrected')
    await page.fill('#corrected_name', mentorName)
    await submit(page)
    await page.fill('#email', `existing.${run}@example.org`)
    await submit(page)
    assert.equal(where(page), '/school/register-mentor/check-answers')
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
    assert.equal(where(page), '/school/register-mentor/confirmation')

    const second = await registerEct(page, { trn: freshTrn(), programme: 'school_led' })
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=assign-mentor]')])
    assert.equal(where(page), `${second.ectPath}/mentorship/new`)
    await page.check(`label:has-text("${mentorName}") >> xpath=preceding-sibling::input`)
    await submit(page)
    assert.equal(await page.textContent('[data-test=confirmation]'),
      `You’ve assigned ${mentorName} as a mentor for ${second.name}`)
    await page.goto(`${gatewayUrl}${second.ectPath}`)
    assert.equal(await page.textContent('[data-test=ect-status]'), 'Registered')
    await context.close()
  })
})
