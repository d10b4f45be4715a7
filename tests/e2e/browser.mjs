// Shared set-up of the browser tests: Debian's Chromium through playwright-core, the addresses
// of the stack under test (from the environment), and small helpers.
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
