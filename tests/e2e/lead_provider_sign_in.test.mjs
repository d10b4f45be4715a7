// A lead-provider user signs in from the emailed link (read from the local GOV.UK
// Notify);
// the link works once; unknown addresses get the same reply.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { gatewayUrl, launchBrowser, signInLinkSentBy, where } from './browser.mjs'

const email = process.env.RECT_E2E_LEAD_PROVIDER_EMAIL
let browser

before(async () => {
  if (!email) throw new Error('RECT_E2E_LEAD_PROVIDER_EMAIL must be set (see tests/e2e/run.sh)')
  browser = await launchBrowser()
})
after(async () => { await browser?.close() })

async function requestLink (page, address) {
  await page.goto(`${gatewayUrl}/`)
  await page.click('[data-test=lead-provider-start]')
  assert.equal(where(page), '/users/sign_in')
  await page.fill('#email', address)
  await page.click('[data-test=send-link]')
  assert.equal(await page.textContent('h1'), 'Check your email')
}

test('the emailed link signs the user in once', async () => {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const link = await signInLinkSentBy(email, () => requestLink(page, email))
    assert.ok(link.startsWith(`${gatewayUrl}/users/confirm_sign_in?login_token=`), link)

    await page.goto(link)
    assert.equal(await page.textContent('h1'), 'You’re now signed in')
    await page.click('[data-test=continue]')
    assert.equal(where(page), '/dashboard')
    assert.ok((await page.textContent('main')).includes('Signed in as'))

    await page.click('[data-test=sign-out]')
    assert.equal(where(page), '/sign-out')

    await page.goto(link)
    assert.equal(where(page), '/users/link-invalid')
    assert.equal(await page.textContent('h1'), 'That link has expired')
  } finally {
    await context.close()
  }
})

test('only the latest link works', async () => {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const first = await signInLinkSentBy(email, () => requestLink(page, email))
    const second = await signInLinkSentBy(email, () => requestLink(page, email))
    assert.notEqual(first, second)
    await page.goto(first)
    assert.equal(where(page), '/users/link-invalid')
    await page.goto(second)
    await page.click('[data-test=continue]')
    assert.equal(where(page), '/dashboard')
  } finally {
    await context.close()
  }
})

test('unknown addresses get the same reply', async () => {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await requestLink(page, `nobody-${Date.now()}@nowhere.example`)
  } finally {
    await context.close()
  }
})

test('a blank address is an error on the form', async () => {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(`${gatewayUrl}/users/sign_in`)
    await page.click('[data-test=send-link]')
    assert.ok((await page.textContent('.govuk-error-summary')).includes('Enter an email address'))
  } finally {
    await context.close()
  }
})
