// Shared set-up of the browser tests: Debian's Chromium through playwright-core, the addresses
// of the stack under test (from the environment), and small helpers.
import { execFileSync } from 'node:child_process'
import { chromium } from 'playwright-core'

function required (name) {
  const value = process.env[name]
  if (!value) throw new Error(`${name} must be set (see tests/e2e/run.sh)`)
  return value.replace(/\/$/, '')
}

export const gatewayUrl = required('RECT_E2E_GATEWAY_URL')
export const dsiUrl = required('RECT_E2E_DSI_URL')

export async function launchBrowser () {
  return chromium.launch({
    executablePath: process.env.RECT_E2E_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run']
  })
}

// Tells the local DfE Sign-in to do something a real provider does on its own (rotate keys,
// issue a faulty ID token next).
export async function controlDsi (path, form) {
  const response = await fetch(`${dsiUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form)
  })
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`)
}

// The newest sign-in email to `email` that the local GOV.UK Notify received
// (tests/fakes/notify: GET /_fake/emails, newest first), or undefined.
async function newestSignInEmail (email) {
  const notifyUrl = required('RECT_E2E_NOTIFY_URL')
  const query = new URLSearchParams({ email_address: email })
  const response = await fetch(`${notifyUrl}/_fake/emails?${query}`)
  if (!response.ok) throw new Error(`local Notify /_fake/emails: HTTP ${response.status}`)
  const { emails } = await response.json()
  return emails.find(sent => sent.personalisation?.sign_in)
}

// Runs `send` (which asks for a sign-in email to `email`) and returns the link in the email it
// caused. The delivery worker sends within about a second, so this polls for up to 15 s.
export async function signInLinkSentBy (email, send) {
  const before = (await newestSignInEmail(email))?.id
  await send()
  const deadline = Date.now() + 15000
  for (;;) {
    const newest = await newestSignInEmail(email)
    if (newest && newest.id !== before) return newest.personalisation.sign_in
    if (Date.now() > deadline) {
      throw new Error(`no new sign-in email to ${email} at the local Notify within 15 s`)
    }
    await new Promise(resolve => setTimeout(resolve, 200))
  }
}

// The path and query of the page now shown.
export function where (page) {
  const url = new URL(page.url())
  return url.pathname + url.search
}

// --- school journeys ------------------------------------------------------------------------

// Signs a DfE Sign-in persona of the local provider in, in a context of its own.
export async function signInAsSchool (browser, persona, contextOptions = {}) {
  const context = await browser.newContext(contextOptions)
  const page = await context.newPage()
  await page.goto(`${gatewayUrl}/`)
  await page.click('[data-test=school-start]')
  await page.click('[data-test=dfe-sign-in]')
  await page.waitForSelector(`[data-persona="${persona}"]`)
  await Promise.all([page.waitForURL(`${gatewayUrl}/**`), page.click(`[data-persona="${persona}"]`)])
  return { context, page }
}

// Clicks the page's continue button and waits for the next page.
export async function submit (page) {
  await Promise.all([page.waitForLoadState('load'), page.click('[data-test=continue]')])
}

export async function fillDate (page, prefix, day, month, year) {
  await page.fill(`[name=${prefix}_day]`, String(day))
  await page.fill(`[name=${prefix}_month]`, String(month))
  await page.fill(`[name=${prefix}_year]`, String(year))
}

// The messages of the page's error summary.
export async function errorMessages (page) {
  return page.locator('.govuk-error-summary__list li').allTextContents()
}

// A date as the service shows it: "1 September 2026".
export function displayDate (date) {
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
}

// --- the TRS personas' registration state (tests/e2e/seed_personas.cc) ---------------------

export const registrationDatabaseUrl = process.env.RECT_E2E_REGISTRATION_DATABASE_URL || ''

// Puts the personas back into their designed registration state (school-journeys.md §8).
export function resetPersonas (...trns) {
  const bin = process.env.RECT_E2E_BAZEL_BIN
  if (!bin) throw new Error('RECT_E2E_BAZEL_BIN must be set (see tests/e2e/run.sh)')
  execFileSync(`${bin}/tests/e2e/seed_personas`, [`--trns=${trns.join(',')}`],
    { env: { ...process.env }, stdio: ['ignore', 'ignore', 'inherit'] })
}

// Rows of a query on the registration database, each an array of text values.
export function registrationRows (sql) {
  const out = execFileSync('psql', ['-d', registrationDatabaseUrl, '-tAqF', '\t', '-c', sql],
    { encoding: 'utf8' })
  return out.split('\n').filter(Boolean).map(line => line.split('\t'))
}
