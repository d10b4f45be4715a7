// Registering an ECT (school-journeys.md §3) through the local DfE Sign-in and the local TRS:
// both programmes, every blocked branch of §3.1 with the §8 personas, the NINO step, name
// correction, email already in use, start-date errors, reusing the school's previous choices,
// the step guard and the wizard belonging to one user. Teachers that get saved have TRNs made up
// per run (the local TRS invents any TRN it does not know, born 3 February 1977), so a second run
// on the same database registers new people.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { gatewayUrl, launchBrowser, where } from './browser.mjs'

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

async function find (page, trn, day, month, year) {
  await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
  await page.fill('#trn', trn)
  await page.fill('[name=date_of_birth_day]', day)
  await page.fill('[name=date_of_birth_month]', month)
  await page.fill('[name=date_of_birth_year]', year)
  await submit(page)
}

async function fillDate (page, prefix, day, month, year) {
  await page.fill(`[name=${prefix}_day]`, day)
  await page.fill(`[name=${prefix}_month]`, month)
  await page.fill(`[name=${prefix}_year]`, year)
}

function step (page) {
  return where(page).replace('/school/register-ect/', '')
}

async function errors (page) {
  return page.locator('.govuk-error-summary__list li').allTextContents()
}

// From review-ect-details to check-answers with the given programme. Where the school has
// registered before, the previous-choices question comes first and is answered No.
async function completeDetails (page, { email, programme, correctedName }) {
  assert.equal(step(page), 'review-ect-details')
  if (correctedName) {
    await page.check('#name_check-corrected')
    await page.fill('#corrected_name', correctedName)
  } else {
    await page.check('#name_check')
  }
  await submit(page)
  assert.equal(step(page), 'email-address')
  await page.fill('#email', email)
  await submit(page)
  assert.equal(step(page), 'start-date')
  await fillDate(page, 'start_date', '1', '9', '2026')
  await submit(page)
  assert.equal(step(page), 'working-pattern')
  await page.check('#working_pattern')
  await submit(page)
  if (step(page) === 'use-previous-ect-choices') {
    await page.check('#use_previous_choices-no')
    await submit(page)
  }
  assert.equal(step(page), 'state-school-appropriate-body')
  await page.locator('[name=appropriate_body_id]').first().check()
  await submit(page)
  assert.equal(step(page), 'training-programme')
  await page.check(programme === 'provider_led' ? '#training_programme-provider' : '#training_programme-school')
  await submit(page)
  if (programme === 'provider_led') {
    assert.equal(step(page), 'lead-provider')
    await page.check('label:has-text("Northern Teaching Trust") >> xpath=preceding-sibling::input')
    await submit(page)
  }
  assert.equal(step(page), 'check-answers')
}

async function confirm (page) {
  await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
  assert.equal(step(page), 'confirmation')
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

describe('register an ECT', () => {
  test('provider-led: registered, confirmed, emailed once, mentor still needed', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    await page.click('[data-test=register-ect]')
    assert.equal(step(page), 'what-you-will-need')
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=start]')])
    assert.equal(step(page), 'find-ect')
    const email = `provider.${run}@example.org`
    await find(page, freshTrn(), '3', '2', '1977')
    await completeDetails(page, { email, programme: 'provider_led' })
    assert.equal(await page.textContent('[data-test=answer-programme]'), 'Provider-led')
    assert.equal(await page.textContent('[data-test=answer-lead-provider]'), 'Northern Teaching Trust')
    assert.equal(await page.textContent('[data-test=answer-start-date]'), '1 September 2026')
    await confirm(page)
    assert.match(await page.textContent('[data-test=mentor-required]'), /You still need to assign a mentor/)
    // Only the confirmation is reachable now.
    await page.goto(`${gatewayUrl}/school/register-ect/check-answers`)
    assert.equal(step(page), 'confirmation')
    const emails = await emailTo(email)
    assert.equal(emails.length, 1)
    await context.close()
  })

  test('school-led, then the school is offered its previous choices', async () => {
    const { context, page } = await signIn('rita-head-riverside')
    await find(page, freshTrn(), '3', '2', '1977')
    await completeDetails(page, { email: `school.${run}@example.org`, programme: 'school_led' })
    assert.equal(await page.textContent('[data-test=answer-programme]'), 'School-led')
    await confirm(page)

    await find(page, freshTrn(), '3', '2', '1977')
    await page.check('#name_check')
    await submit(page)
    await page.fill('#email', `again.${run}@example.org`)
    await submit(page)
    await fillDate(page, 'start_date', '1', '10', '2026')
    await submit(page)
    await page.check('#working_pattern-part')
    await submit(page)
    assert.equal(step(page), 'use-previous-ect-choices')
    assert.match(await page.textContent('[data-test=previous-choices]'), /School-led/)
    await submit(page)
    assert.deepEqual(await errors(page), [
      "Select 'Yes' or 'No' to confirm whether to use the programme choices used by your school previously"])
    await page.check('#use_previous_choices')
    await submit(page)
    assert.equal(step(page), 'check-answers')
    assert.equal(await page.textContent('[data-test=answer-programme]'), 'School-led')
    await confirm(page)
    await context.close()
  })

  test('every blocked branch of finding the teacher', async () => {
    const { context, page } = await signIn('ola-admin-oakfield')
    const cases = [
      ['7000002', '3', '2', '1977', 'trn-not-found'],
      ['7000004', '3', '2', '1977', 'trn-not-found'],
      ['7000011', '3', '2', '1977', 'trn-not-found'],
      ['7000003', '3', '2', '1977', 'cannot-register-ect'],
      ['7000007', '3', '2', '1977', 'induction-completed'],
      ['7000008', '3', '2', '1977', 'induction-failed'],
      ['7000010', '3', '2', '1977', 'induction-failed'],
      ['7000009', '3', '2', '1977', 'induction-exempt'],
      ['7000005', '3', '2', '1977', 'review-ect-details'],
      ['7000016', '3', '2', '1977', 'review-ect-details'],
      ['7000012', '3', '2', '1977', 'review-ect-details'],
      ['7000001', '3', '2', '1977', 'review-ect-details']
    ]
    for (const [trn, d, m, y, expected] of cases) {
      await find(page, trn, d, m, y)
      assert.equal(step(page), expected, trn)
    }
    // A wrong date of birth asks for the NINO: a wrong one is not found, the right one matches.
    await find(page, '7000015', '1', '1', '1988')
    assert.equal(step(page), 'national-insurance-number')
    await page.fill('#national_insurance_number', 'AB 10 00 99 A')
    await submit(page)
    assert.equal(step(page), 'not-found')
    await find(page, '7000014', '2', '6', '1985')
    assert.equal(step(page), 'national-insurance-number')
    await submit(page)
    assert.deepEqual(await errors(page), ['Enter a National Insurance Number'])
    await page.fill('#national_insurance_number', 'QQ123')
    await submit(page)
    assert.deepEqual(await errors(page), ['Enter a National Insurance Number in the correct format'])
    await page.fill('#national_insurance_number', 'ab 10 00 14 a')
    await submit(page)
    assert.equal(step(page), 'review-ect-details')
    assert.equal(await page.textContent('[data-test=trs-name]'), 'Kate Dunn')
    await context.close()
  })

  test('find errors, name correction and start-date errors', async () => {
    const { context, page } = await signIn('ola-admin-oakfield')
    await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
    await submit(page)
    assert.deepEqual(await errors(page), ['Enter the teacher reference number (TRN)', 'Enter a date of birth'])
    await page.fill('#trn', '123')
    await fillDate(page, 'date_of_birth', '31', '2', '1990')
    await submit(page)
    assert.deepEqual(await errors(page), [
      'Teacher reference number must include at least 5 digits',
      'Enter the date of birth in the correct format, for example 12 03 1998'])
    await page.fill('#trn', '12345678')
    await fillDate(page, 'date_of_birth', '1', '1', '2020')
    await submit(page)
    assert.deepEqual(await errors(page), [
      'Teacher reference number cannot include more than 7 digits',
      'The teacher cannot be less than 18 years old'])

    await find(page, '7000017', '3', '2', '1977')
    assert.equal(step(page), 'review-ect-details')
    await submit(page)
    assert.deepEqual(await errors(page), ["Select 'Yes' or 'No' to confirm whether the details are correct"])
    await page.check('#name_check-corrected')
    await submit(page)
    assert.deepEqual(await errors(page), ['Enter the correct full name'])
    await page.fill('#corrected_name', 'N'.repeat(71))
    await submit(page)
    assert.deepEqual(await errors(page), ['Corrected name must be 70 characters or less'])
    await page.fill('#corrected_name', 'Nia Wolstenholme')
    await submit(page)
    assert.equal(step(page), 'email-address')
    assert.match(await page.textContent('h1'), /Nia Wolstenholme’s email address/)
    await submit(page)
    assert.deepEqual(await errors(page), ['Enter the email address'])
    await page.fill('#email', 'not-an-email')
    await submit(page)
    assert.deepEqual(await errors(page), ['Enter an email address in the correct format, like name@example.com'])
    await page.fill('#email', `nia.${run}@example.org`)
    await submit(page)
    assert.equal(step(page), 'start-date')
    await submit(page)
    assert.deepEqual(await errors(page), ['Enter the date the ECT started or will start teaching at your school'])
    await fillDate(page, 'start_date', '40', '9', '2026')
    await submit(page)
    assert.deepEqual(await errors(page), ['Enter the start date using the correct format, for example, 17 09 1999'])
    await fillDate(page, 'start_date', '1', '9', '2020')
    await submit(page)
    assert.match((await errors(page))[0], /^Start date cannot be this far in the past\. Enter a date later than 1 June 2024\.$/)
    await fillDate(page, 'start_date', '1', '9', '2027')
    await submit(page)
    assert.equal(step(page), 'cannot-register-ect-yet')
    await context.close()
  })

  test('an email in use for another teacher cannot be used', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    const email = `shared.${run}@example.org`
    await find(page, freshTrn(), '3', '2', '1977')
    await completeDetails(page, { email, programme: 'school_led' })
    await confirm(page)
    await find(page, freshTrn(), '3', '2', '1977')
    await page.check('#name_check')
    await submit(page)
    await page.fill('#email', email.toUpperCase())
    await submit(page)
    assert.equal(step(page), 'cant-use-email')
    await context.close()
  })

  test('users of the school see its ECT needing a mentor; another school gets not found', async () => {
    const { context, page } = await signIn('sam-tutor-oakfield')
    const trn = freshTrn()
    await find(page, trn, '3', '2', '1977')
    // A name of their own: the local TRS has only a hundred made-up names.
    await completeDetails(page, { email: `scoped.${run}@example.org`, programme: 'school_led', correctedName: `Scoped ${trn} ${run}` })
    const name = await page.textContent('[data-test=answer-name]')
    await confirm(page)
    await context.close()

    const colleague = await signIn('ola-admin-oakfield')
    await colleague.page.goto(`${gatewayUrl}/school/ects`)
    const card = colleague.page.locator('[data-test=ect]', { hasText: name })
    assert.equal(await card.count(), 1)
    assert.equal(await card.locator('[data-test=ect-status]').textContent(), 'Action required')
    assert.equal((await card.locator('[data-test=ect-status-text]').textContent()).replace(/\.$/, ''),
      `A mentor needs to be assigned to ${name}`)
    await Promise.all([colleague.page.waitForLoadState('load'), card.locator('[data-test=ect-name]').click()])
    const ectPath = where(colleague.page)
    assert.match(ectPath, /^\/school\/ects\/[0-9a-f-]{36}$/)
    assert.equal(await colleague.page.textContent('h1'), name)
    await colleague.context.close()

    const other = await signIn('rita-head-riverside')
    await other.page.goto(`${gatewayUrl}/school/ects`)
    assert.equal(await other.page.locator('[data-test=ect]', { hasText: name }).count(), 0)
    const response = await other.page.goto(`${gatewayUrl}${ectPath}`)
    assert.equal(response.status(), 404)
    await other.context.close()
  })

  test('the step guard, and a wizard belongs to its user', async () => {
    const first = await signIn('sam-tutor-oakfield')
    await first.page.goto(`${gatewayUrl}/school/register-ect/check-answers`)
    assert.equal(step(first.page), 'what-you-will-need')
    await find(first.page, '7000005', '3', '2', '1977')
    await first.page.goto(`${gatewayUrl}/school/register-ect/check-answers`)
    assert.equal(step(first.page), 'review-ect-details')
    // Another user's browser carrying this wizard's cookie gets nothing from it.
    const cookies = await first.context.cookies()
    const wizard = cookies.find(c => c.name === 'rect_register_ect')
    assert.ok(wizard)
    const second = await signIn('rita-head-riverside')
    await second.context.addCookies([{ ...wizard }])
    await second.page.goto(`${gatewayUrl}/school/register-ect/review-ect-details`)
    assert.equal(step(second.page), 'what-you-will-need')
    // A form without the CSRF token is refused.
    const response = await first.page.request.post(`${gatewayUrl}/school/register-ect/email-address`, {
      form: { email: 'x@example.org' }
    })
    assert.equal(response.status(), 403)
    await first.context.close()
    await second.context.close()
  })
})
