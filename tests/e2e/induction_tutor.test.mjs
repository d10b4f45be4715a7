// The induction tutor gate (school-journeys.md §1): a school whose induction tutor has not been
// named for the current contract period is sent to name one before registering an ECT or
// assigning a mentor, comes back to the journey afterwards, and the new tutor is emailed; in a
// later contract period the tutor on record is confirmed with one answer. Uses Riverside Academy
// (URN 100002), whose tutor the test clears first and leaves confirmed.
//
// Needs the registration database (RECT_E2E_REGISTRATION_DATABASE_URL): skipped without it.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  errorMessages, gatewayUrl, launchBrowser, registrationDatabaseUrl, registrationRows,
  signInAsSchool, submit, where
} from './browser.mjs'

const skip = registrationDatabaseUrl ? false : 'no registration database (RECT_E2E_REGISTRATION_DATABASE_URL)'

let browser
before(async () => { if (!skip) browser = await launchBrowser() })
after(async () => { await browser?.close() })

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`

async function emailsTo (address) {
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

describe('induction tutor', { skip }, () => {
  test('named before registering an ECT, then confirmed in a later contract period', async () => {
    registrationRows("UPDATE schools SET induction_tutor_name = NULL, induction_tutor_email = NULL, " +
      "induction_tutor_last_nominated_in = NULL WHERE school_urn = '100002' RETURNING 1")
    const { context, page } = await signInAsSchool(browser, 'rita-head-riverside')

    await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
    assert.equal(where(page), '/school/induction-tutor?return_to=%2Fschool%2Fregister-ect%2Ffind-ect')
    assert.equal(await page.textContent('h1'), 'Tell us who your school’s induction tutor is')

    await submit(page)
    assert.deepEqual(await errorMessages(page), ['Enter the correct full name', 'Enter the email address'])
    await page.fill('#name', 'Ada Lovelace')
    await page.fill('#email', 'ada@')
    await submit(page)
    assert.deepEqual(await errorMessages(page), [
      'Enter an email address in the correct format, like name@example.com'])
    assert.equal(await page.inputValue('#name'), 'Ada Lovelace')

    const email = `ada.${run}@riverside.example`
    await page.fill('#email', email)
    await submit(page)
    // Back to the journey it interrupted.
    assert.equal(where(page), '/school/register-ect/find-ect')
    const [sent] = await emailsTo(email)
    assert.equal(sent.personalisation.name, 'Ada Lovelace')
    assert.equal(sent.personalisation.school_name, 'Riverside Academy')
    const [[year]] = registrationRows(
      "SELECT cp.year FROM contract_periods cp WHERE current_date BETWEEN cp.started_on AND cp.finished_on")
    assert.deepEqual(registrationRows(
      "SELECT induction_tutor_name, induction_tutor_email, induction_tutor_last_nominated_in " +
      "FROM schools WHERE school_urn = '100002'"), [['Ada Lovelace', email, year]])

    // Named last year: the tutor on record is shown and confirmed with one answer, no email.
    registrationRows(`UPDATE schools SET induction_tutor_last_nominated_in = ${Number(year) - 1} ` +
      "WHERE school_urn = '100002' RETURNING 1")
    await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
    assert.match(where(page), /^\/school\/induction-tutor\?/)
    assert.equal(await page.textContent('h1'), 'Confirm induction tutor details')
    assert.equal(await page.textContent('[data-test=current-name]'), 'Ada Lovelace')
    await submit(page)
    assert.deepEqual(await errorMessages(page),
      ["Select 'Yes' or 'No, someone else will be the induction tutor'"])
    await page.check('#are_these_details_correct-no')
    await page.fill('#name', 'Ada Lovelace')
    await page.fill('#email', email)
    await submit(page)
    assert.deepEqual(await errorMessages(page),
      ['You must change the induction tutor details or confirm they are correct'])
    await page.check('#are_these_details_correct-yes')
    await submit(page)
    assert.equal(where(page), '/school/register-ect/find-ect')
    assert.equal((await emailsTo(email)).length, 1)
    assert.deepEqual(registrationRows(
      "SELECT induction_tutor_last_nominated_in FROM schools WHERE school_urn = '100002'"), [[year]])

    // The page on its own confirms and offers the way home.
    await page.goto(`${gatewayUrl}/school/induction-tutor`)
    await page.check('#are_these_details_correct-yes')
    await submit(page)
    assert.equal(await page.textContent('[data-test=confirmation]'),
      'You’ve confirmed Ada Lovelace as your induction tutor')
    await context.close()
  })
})
