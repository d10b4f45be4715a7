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

// The sign-in link of the latest sign-in email to `email`, read from the notifications outbox.
export function latestSignInLink (email) {
  const database = required('RECT_E2E_NOTIFICATIONS_DATABASE_URL')
  // psql quotes the address (:'recipient') only in scripts read from stdin, not with -c.
  const link = execFileSync('psql', [database, '-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1',
    '-v', `recipient=${email}`], {
    encoding: 'utf8',
    input: "SELECT personalisation->>'sign_in' FROM emails WHERE template = 'sign_in_link' " +
      "AND lower(recipient) = lower(:'recipient') ORDER BY created_at DESC LIMIT 1;\n"
  }).trim()
  if (!link) throw new Error(`no sign-in email to ${email} in the outbox`)
  return link
}

// The path and query of the page now shown.
export function where (page) {
  const url = new URL(page.url())
  return url.pathname + url.search
}
