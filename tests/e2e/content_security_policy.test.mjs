// The Content-Security-Policy every page carries leaves the pages working: GOV.UK Frontend's
// script runs (it marks the body as supported), and the browser reports no blocked script,
// style, font or image on the service's pages, signed out or signed in.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { gatewayUrl, launchBrowser } from './browser.mjs'

let browser

before(async () => { browser = await launchBrowser() })
after(async () => { await browser?.close() })

async function visit (path) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const violations = []
  page.on('console', message => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
  })
  const response = await page.goto(`${gatewayUrl}${path}`)
  await page.waitForLoadState('load')
  return { context, page, response, violations }
}

// The error pages the server writes itself have no script; the others load GOV.UK Frontend's
// (the API docs page runs Swagger UI instead, which must render).
const pages = [
  { path: '/', script: true },
  { path: '/sign-in', script: true },
  { path: '/users/sign_in', script: true },
  { path: '/no-such-page', script: false },
  { path: '/api/docs/v3', script: false, rendered: '.swagger-ui .info' },
  { path: '/api/guidance', script: false }
]

for (const { path, script, rendered } of pages) {
  test(`${path}: the policy blocks nothing the page uses`, async () => {
    const { context, page, response, violations } = await visit(path)
    try {
      const csp = response.headers()['content-security-policy']
      assert.match(csp, /script-src 'self'/)
      assert.match(csp, /frame-ancestors 'none'/)
      assert.equal(response.headers()['x-frame-options'], 'DENY')
      if (script) {
        await page.waitForFunction(
          () => document.body.classList.contains('govuk-frontend-supported'), null, { timeout: 5000 })
      }
      if (rendered) await page.waitForSelector(rendered, { timeout: 10000 })
      assert.deepEqual(violations, [])
    } finally {
      await context.close()
    }
  })
}

test('an inline script injected into a page is refused by the policy', async () => {
  const { context, page, violations } = await visit('/')
  try {
    await page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.__injected = true'
      document.body.appendChild(script)
    })
    assert.equal(await page.evaluate(() => window.__injected), undefined)
    assert.ok(violations.length > 0, 'the browser reports the refused script')
  } finally {
    await context.close()
  }
})
