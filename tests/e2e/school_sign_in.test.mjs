// School users sign in through the local DfE Sign-in as each persona and land where the access
// table (school-journeys.md §1) says; sign-out goes through DfE Sign-in's end-session; faulty
// ID tokens and key rotation behave.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { controlDsi, dsiUrl, gatewayUrl, launchBrowser, where } from './browser.mjs'

let browser

before(async () => { browser = await launchBrowser() })
after(async () => { await browser?.close() })

// Starts at the service's start page and signs in at DfE Sign-in as `persona`.
async function signIn (persona) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${gatewayUrl}/`)
  await page.click('[data-test=school-start]')
  assert.equal(where(page), '/sign-in')
  await page.click('[data-test=dfe-sign-in]')
  await page.waitForSelector(`[data-persona="${persona}"]`)
  await Promise.all([page.waitForURL(`${gatewayUrl}/**`), page.click(`[data-persona="${persona}"]`)])
  return { context, page }
}

const landings = [
  { persona: 'sam-tutor-oakfield', path: '/school/home', text: 'Oakfield Primary School' },
  { persona: 'ola-admin-oakfield', path: '/school/home', text: 'Oakfield Primary School' },
  { persona: 'rita-head-riverside', path: '/school/home', text: 'Riverside Academy' },
  { persona: 'tom-two-oakfield', path: '/school/home', text: 'Oakfield Primary School' },
  { persona: 'tom-two-hillcrest', path: '/school/home', text: 'Hillcrest House School' },
  {
    persona: 'colin-closed-school',
    path: '/school/access-denied',
    text: 'You cannot access the Register early career teachers service for Old Mill Primary School'
  },
  {
    persona: 'ivy-independent',
    path: '/school/access-denied',
    text: "You cannot access the Register early career teachers service for St Crispin's Independent School"
  },
  {
    persona: 'nadia-no-organisation',
    path: '/access-denied?reason=no-organisation',
    text: 'You cannot use this service until you have DfE Sign-in account access to a school or organisation'
  },
  {
    persona: 'uma-unknown-urn',
    path: '/access-denied',
    text: 'You do not have approved access to this service from your school or organisation (Nowhere Academy)'
  },
  {
    persona: 'nora-no-role',
    path: '/access-denied',
    text: 'You do not have approved access to this service from your school or organisation (Oakfield Primary School)'
  },
  {
    persona: 'lena-not-in-service',
    path: '/access-denied',
    text: 'You do not have approved access to this service from your school or organisation'
  },
  { persona: 'cancel', path: '/auth/failure', text: 'There was a problem signing in' }
]

describe('each persona lands on the page the access table says', () => {
  for (const landing of landings) {
    test(landing.persona, async () => {
      const { context, page } = await signIn(landing.persona)
      try {
        assert.equal(where(page), landing.path)
        assert.ok((await page.textContent('main')).includes(landing.text),
          `${landing.persona}: expected "${landing.text}"`)
      } finally {
        await context.close()
      }
    })
  }
})

test('the session cookie is HttpOnly and SameSite=Lax, and signing out ends it at DfE Sign-in', async () => {
  const { context, page } = await signIn('sam-tutor-oakfield')
  try {
    const session = (await context.cookies()).find(cookie => cookie.name === 'rect_session')
    assert.ok(session, 'a session cookie')
    assert.equal(session.httpOnly, true)
    assert.equal(session.sameSite, 'Lax')
    assert.equal(session.expires, -1, 'a browser-session cookie')
    assert.equal(await page.textContent('[data-test=signed-in-as]'), 'Sam Tutor')

    const visited = []
    page.on('request', request => visited.push(request.url()))
    await Promise.all([page.waitForURL(`${gatewayUrl}/sign-out`), page.click('[data-test=sign-out]')])
    assert.ok(visited.some(url => url.startsWith(`${dsiUrl}/session/end?id_token_hint=`)),
      'the browser went to DfE Sign-in to end its session there')
    assert.ok((await page.textContent('h1')).includes('You have signed out'))
    await page.goto(`${gatewayUrl}/school/home`)
    assert.equal(where(page), '/sign-in')
  } finally {
    await context.close()
  }
})

test('a school user only sees their own school', async () => {
  const sam = await signIn('sam-tutor-oakfield')
  const rita = await signIn('rita-head-riverside')
  try {
    assert.equal(await sam.page.textContent('[data-test=school-name]'), 'Oakfield Primary School')
    assert.equal(await rita.page.textContent('[data-test=school-name]'), 'Riverside Academy')
    await sam.page.goto(`${gatewayUrl}/dashboard`)
    assert.ok((await sam.page.textContent('h1')).includes('You do not have permission'))
  } finally {
    await sam.context.close()
    await rita.context.close()
  }
})

for (const fault of ['expired', 'wrong_audience', 'forged', 'unsigned']) {
  test(`an ${fault} ID token fails the sign-in`, async () => {
    await controlDsi('/test/next-token-fault', { fault })
    const { context, page } = await signIn('sam-tutor-oakfield')
    try {
      assert.equal(where(page), '/auth/failure')
      assert.equal(await page.textContent('h1'), 'There was a problem signing in')
    } finally {
      await context.close()
      await controlDsi('/test/next-token-fault', { fault: 'none' })
    }
  })
}

test('sign-in keeps working when DfE Sign-in rotates its signing keys', async () => {
  await controlDsi('/test/rotate-keys', { retire: '1' })
  await new Promise(resolve => setTimeout(resolve, 1100))  // identity refetches at most once a second
  const { context, page } = await signIn('ola-admin-oakfield')
  try {
    assert.equal(where(page), '/school/home')
  } finally {
    await context.close()
  }
})

test('a state-changing request without the form token is refused', async () => {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(`${gatewayUrl}/sign-in`)
    const refused = await page.request.post(`${gatewayUrl}/auth/dfe`, { form: {}, maxRedirects: 0 })
    assert.equal(refused.status(), 403)
    const forged = await page.request.post(`${gatewayUrl}/auth/dfe`,
      { form: { authenticity_token: 'forged' }, maxRedirects: 0 })
    assert.equal(forged.status(), 403)
  } finally {
    await context.close()
  }
})
