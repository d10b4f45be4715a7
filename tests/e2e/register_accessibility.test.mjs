// Accessibility of the register-an-ECT and assign-a-mentor journeys: axe-core (WCAG 2.1 A and
// AA rules) runs on every page of both journeys — each question, with and without its errors,
// each outcome page, check answers and the confirmations — and finds no violation. axe's source
// is evaluated in the page through the DevTools protocol, which the pages' Content-Security-
// Policy (no inline scripts) does not apply to.
//
// The persona pages that need registration state (already registered, registered before) are
// visited when the registration database is known (RECT_E2E_REGISTRATION_DATABASE_URL).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  fillDate, gatewayUrl, launchBrowser, registrationDatabaseUrl, resetPersonas, signInAsSchool,
  submit, where
} from './browser.mjs'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

let browser
before(async () => { browser = await launchBrowser() })
after(async () => { await browser?.close() })

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`
let trnCounter = 0
// A TRN the local TRS makes up: 4 then six digits unique to this run.
function freshTrn () {
  trnCounter += 1
  return `4${String((Date.now() + trnCounter * 7919 + Math.floor(Math.random() * 1e5)) % 1e6).padStart(6, '0')}`
}

// Runs axe on the page now shown; returns "page: rule (impact) — target" lines.
async function audit (page, label) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource)
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }
  }))
  return results.violations.flatMap(v => v.nodes.map(n =>
    `${label} (${where(page)}): ${v.id} (${v.impact}) — ${n.target.join(' ')}: ${v.help}`))
}

// Collects the violations of every page visited; `seen` counts the pages.
function auditor (page) {
  const found = []
  const seen = new Set()
  return {
    found,
    seen,
    async check (label) {
      seen.add(label)
      found.push(...await audit(page, label))
    }
  }
}

async function find (page, path, trn) {
  await page.goto(`${gatewayUrl}${path}`)
  await page.fill('#trn', trn)
  await fillDate(page, 'date_of_birth', 3, 2, 1977)
  await submit(page)
}

describe('accessibility of the school journeys (axe-core, WCAG 2.1 AA)', () => {
  test('every page of registering an ECT', async () => {
    const { context, page } = await signInAsSchool(browser, 'sam-tutor-oakfield')
    const a = auditor(page)
    const ect = '/school/register-ect'
    await page.goto(`${gatewayUrl}${ect}/what-you-will-need`)
    await a.check('what-you-will-need')
    // The audit does see a violation when there is one (an image without a text alternative).
    await page.evaluate(() => document.querySelector('main').appendChild(document.createElement('img')))
    assert.match((await audit(page, 'control')).join('\n'), /image-alt/)
    await page.goto(`${gatewayUrl}${ect}/find-ect`)
    await a.check('find-ect')
    await submit(page)
    await a.check('find-ect with errors')
    for (const [trn, label] of [['7000002', 'trn-not-found'], ['7000007', 'induction-completed'],
      ['7000008', 'induction-failed'], ['7000009', 'induction-exempt'], ['7000003', 'cannot-register-ect']]) {
      await find(page, `${ect}/find-ect`, trn)
      assert.equal(where(page), `${ect}/${label}`)
      await a.check(label)
    }
    await page.goto(`${gatewayUrl}${ect}/find-ect`)
    await page.fill('#trn', '7000015')
    await fillDate(page, 'date_of_birth', 1, 1, 1988)
    await submit(page)
    await a.check('national-insurance-number')
    await submit(page)
    await a.check('national-insurance-number with errors')
    await page.fill('#national_insurance_number', 'AB100099A')
    await submit(page)
    await a.check('not-found')
    if (registrationDatabaseUrl) {
      resetPersonas('7000018', '7000020')
      await find(page, `${ect}/find-ect`, '7000018')
      assert.equal(where(page), `${ect}/already-active-at-school`)
      await a.check('already-active-at-school')
      await find(page, `${ect}/find-ect`, '7000020')
      await page.check('#name_check')
      await submit(page)
      assert.equal(where(page), `${ect}/registered-before`)
      await a.check('registered-before')
    }

    const trn = freshTrn()
    await find(page, `${ect}/find-ect`, trn)
    await a.check('review-ect-details')
    await submit(page)
    await a.check('review-ect-details with errors')
    await page.check('#name_check-corrected')
    await page.fill('#corrected_name', `Axe ${trn} ${run}`)
    await submit(page)
    await a.check('email-address')
    await submit(page)
    await a.check('email-address with errors')
    await page.fill('#email', `axe.${trn}.${run}@example.org`)
    await submit(page)
    await a.check('start-date')
    await submit(page)
    await a.check('start-date with errors')
    await fillDate(page, 'start_date', 1, 9, 2027)
    await submit(page)
    assert.equal(where(page), `${ect}/cannot-register-ect-yet`)
    await a.check('cannot-register-ect-yet')
    await page.goto(`${gatewayUrl}${ect}/start-date`)
    await fillDate(page, 'start_date', 1, 9, 2026)
    await submit(page)
    await a.check('working-pattern')
    await submit(page)
    await a.check('working-pattern with errors')
    await page.check('#working_pattern')
    await submit(page)
    if (where(page) === `${ect}/use-previous-ect-choices`) {
      await a.check('use-previous-ect-choices')
      await submit(page)
      await a.check('use-previous-ect-choices with errors')
      await page.check('#use_previous_choices-no')
      await submit(page)
    }
    await a.check('state-school-appropriate-body')
    await submit(page)
    await a.check('state-school-appropriate-body with errors')
    await page.locator('[name=appropriate_body_id]').first().check()
    await submit(page)
    await a.check('training-programme')
    await submit(page)
    await a.check('training-programme with errors')
    await page.check('#training_programme-provider')
    await submit(page)
    await a.check('lead-provider')
    await submit(page)
    await a.check('lead-provider with errors')
    await page.check('label:has-text("Northern Teaching Trust") >> xpath=preceding-sibling::input')
    await submit(page)
    await a.check('check-answers')
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
    assert.equal(where(page), `${ect}/confirmation`)
    await a.check('confirmation')

    // An independent school's appropriate body question.
    const other = await signInAsSchool(browser, 'tom-two-hillcrest')
    const b = auditor(other.page)
    const hillcrestTrn = freshTrn()
    await find(other.page, `${ect}/find-ect`, hillcrestTrn)
    await other.page.check('#name_check')
    await submit(other.page)
    await other.page.fill('#email', `axe.${hillcrestTrn}.${run}@example.org`)
    await submit(other.page)
    await fillDate(other.page, 'start_date', 1, 9, 2026)
    await submit(other.page)
    await other.page.check('#working_pattern')
    await submit(other.page)
    if (where(other.page) === `${ect}/use-previous-ect-choices`) {
      await other.page.check('#use_previous_choices-no')
      await submit(other.page)
    }
    assert.equal(where(other.page), `${ect}/independent-school-appropriate-body`)
    await b.check('independent-school-appropriate-body')
    await submit(other.page)
    await b.check('independent-school-appropriate-body with errors')
    await other.context.close()

    assert.deepEqual([...a.found, ...b.found], [])
    assert.ok(a.seen.size + b.seen.size >= 30, `audited ${a.seen.size + b.seen.size} pages`)
    await context.close()
  })

  test('every page of assigning a mentor', async () => {
    const { context, page } = await signInAsSchool(browser, 'sam-tutor-oakfield')
    const a = auditor(page)
    const mentor = '/school/register-mentor'
    if (registrationDatabaseUrl) resetPersonas('7000021', '7000024')

    // A provider-led ECT to give mentors to.
    const register = async () => {
      const trn = freshTrn()
      await find(page, '/school/register-ect/find-ect', trn)
      await page.check('#name_check-corrected')
      await page.fill('#corrected_name', `Axe ${trn} ${run}`)
      await submit(page)
      await page.fill('#email', `axe.${trn}.${run}@example.org`)
      await submit(page)
      await fillDate(page, 'start_date', 1, 9, 2026)
      await submit(page)
      await page.check('#working_pattern')
      await submit(page)
      if (where(page) === '/school/register-ect/use-previous-ect-choices') {
        await page.check('#use_previous_choices-no')
        await submit(page)
      }
      await page.locator('[name=appropriate_body_id]').first().check()
      await submit(page)
      await page.check('#training_programme-provider')
      await submit(page)
      await page.check('label:has-text("Northern Teaching Trust") >> xpath=preceding-sibling::input')
      await submit(page)
      await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
      return trn
    }

    const ectTrn = await register()
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=assign-mentor]')])
    assert.match(where(page), /\/mentorship\/new$/)
    await a.check('who will mentor')
    await submit(page)
    await a.check('who will mentor with errors')
    const ectPage = where(page).replace(/\/mentorship\/new$/, '')
    if (registrationDatabaseUrl) {
      // Uma Patel: the mentor-training offer and its lead-provider question.
      await page.check('label:text-is("Uma Patel") >> xpath=preceding-sibling::input')
      await submit(page)
      assert.match(where(page), /\/training$/)
      await a.check('mentor training offer')
      await Promise.all([page.waitForLoadState('load'), page.click('[data-test=other-lead-provider]')])
      await a.check('mentor training lead provider')
      await submit(page)
      await a.check('mentor training lead provider with errors')
      await page.goto(`${gatewayUrl}${ectPage}/mentorship/new`)
    }
    await page.check('#mentor-new')
    await submit(page)
    await a.check('find-mentor')
    await submit(page)
    await a.check('find-mentor with errors')
    await page.goto(`${gatewayUrl}${mentor}/no-trn`)
    await a.check('no-trn')
    for (const [trn, label] of [['7000002', 'trn-not-found'], [ectTrn, 'cannot-mentor-themself'],
      ['7000003', 'cannot-register-mentor']]) {
      await find(page, `${mentor}/find-mentor`, trn)
      assert.equal(where(page), `${mentor}/${label}`)
      await a.check(label)
    }
    await page.goto(`${gatewayUrl}${mentor}/find-mentor`)
    await page.fill('#trn', '7000015')
    await fillDate(page, 'date_of_birth', 1, 1, 1988)
    await submit(page)
    await a.check('national-insurance-number')
    await page.fill('#national_insurance_number', 'AB100099A')
    await submit(page)
    await a.check('not-found')
    if (registrationDatabaseUrl) {
      await find(page, `${mentor}/find-mentor`, '7000024')
      assert.equal(where(page), `${mentor}/already-active-at-school`)
      await a.check('already-active-at-school')

      // Rosa Clarke: mentoring elsewhere, then a start date.
      await find(page, `${mentor}/find-mentor`, '7000021')
      await page.check('#name_check-correct')
      await submit(page)
      await page.fill('#email', 'rosa.clarke@example.org')
      await submit(page)
      await a.check('mentoring-at-new-school-only')
      await submit(page)
      await a.check('mentoring-at-new-school-only with errors')
      await page.check('#mentoring_at_new_school_only-yes')
      await submit(page)
      await a.check('started-on')
      await submit(page)
      await a.check('started-on with errors')
      await fillDate(page, 'started_on', 1, 9, 2027)
      await submit(page)
      assert.equal(where(page), `${mentor}/cannot-register-mentor-yet`)
      await a.check('cannot-register-mentor-yet')
      await page.goto(`${gatewayUrl}${mentor}/started-on`)
      const now = new Date()
      await fillDate(page, 'started_on', now.getUTCDate(), now.getUTCMonth() + 1, now.getUTCFullYear())
      await submit(page)
      await a.check('programme-choices')
      await submit(page)
      await a.check('programme-choices with errors')
      await page.check('#use_same_programme_choices-no')
      await submit(page)
      await a.check('lead-provider')
      await submit(page)
      await a.check('lead-provider with errors')
    }

    // A new mentor: details, eligibility, check answers and confirmation.
    const mentorTrn = freshTrn()
    await find(page, `${mentor}/find-mentor`, mentorTrn)
    await a.check('review-mentor-details')
    await submit(page)
    await a.check('review-mentor-details with errors')
    await page.check('#name_check-corrected')
    await page.fill('#corrected_name', `Axe mentor ${mentorTrn} ${run}`)
    await submit(page)
    await a.check('email-address')
    await submit(page)
    await a.check('email-address with errors')
    if (registrationDatabaseUrl) {
      await page.fill('#email', 'rosa.clarke@example.org')
      await submit(page)
      assert.equal(where(page), `${mentor}/cant-use-email`)
      await a.check('cant-use-email')
      await page.goto(`${gatewayUrl}${mentor}/email-address`)
    }
    await page.fill('#email', `axe.mentor.${mentorTrn}.${run}@example.org`)
    await submit(page)
    assert.equal(where(page), `${mentor}/review-mentor-eligibility`)
    await a.check('review-mentor-eligibility')
    await submit(page)
    await a.check('check-answers')
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
    assert.equal(where(page), `${mentor}/confirmation`)
    await a.check('confirmation')

    // An existing mentor chosen for another ECT: the assigned confirmation.
    await register()
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=assign-mentor]')])
    await page.check(`label:text-is("Axe mentor ${mentorTrn} ${run}") >> xpath=preceding-sibling::input`)
    await submit(page)
    assert.match(await page.textContent('[data-test=confirmation]'), /You’ve assigned/)
    await a.check('assigned')

    assert.deepEqual(a.found, [])
    assert.ok(a.seen.size >= (registrationDatabaseUrl ? 30 : 15), `audited ${a.seen.size} pages`)
    await context.close()
  })
})
