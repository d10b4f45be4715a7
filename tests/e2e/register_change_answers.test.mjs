// Change links on the check-answers pages of the register-an-ECT and register-a-mentor journeys
// (school-journeys.md §3.5): a changed answer comes straight back to check answers, unless it
// needs more answers (switching to provider-led asks for the lead provider). Teachers have TRNs
// made up per run (the local TRS invents any TRN it does not know, born 3 February 1977).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fillDate, gatewayUrl, launchBrowser, signInAsSchool, submit, where } from './browser.mjs'

let browser
before(async () => { browser = await launchBrowser() })
after(async () => { await browser?.close() })

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`
let trnCounter = 0
// A TRN the local TRS makes up: 5 then six digits unique to this run.
function freshTrn () {
  trnCounter += 1
  return `5${String((Date.now() + trnCounter * 7919 + Math.floor(Math.random() * 1e5)) % 1e6).padStart(6, '0')}`
}

const ectStep = page => where(page).replace('/school/register-ect/', '')
const mentorStep = page => where(page).replace('/school/register-mentor/', '')

async function change (page, what) {
  await Promise.all([page.waitForLoadState('load'),
    page.click(`[data-test=check-answers] a:has(span:text-is(" ${what}"))`)])
}

async function toCheckAnswers (page, trn) {
  await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
  await page.fill('#trn', trn)
  await fillDate(page, 'date_of_birth', 3, 2, 1977)
  await submit(page)
  await page.check('#name_check-corrected')
  await page.fill('#corrected_name', `Change ${trn} ${run}`)
  await submit(page)
  await page.fill('#email', `change.${trn}.${run}@example.org`)
  await submit(page)
  await fillDate(page, 'start_date', 1, 9, 2026)
  await submit(page)
  await page.check('#working_pattern')
  await submit(page)
  if (ectStep(page) === 'use-previous-ect-choices') {
    await page.check('#use_previous_choices-no')
    await submit(page)
  }
  await page.locator('[name=appropriate_body_id]').first().check()
  await submit(page)
  await page.check('#training_programme-school')
  await submit(page)
  assert.equal(ectStep(page), 'check-answers')
}

describe('changing answers from check answers', () => {
  test('register an ECT: each change comes back to check answers', async () => {
    const { context, page } = await signInAsSchool(browser, 'ola-admin-oakfield')
    const trn = freshTrn()
    await toCheckAnswers(page, trn)

    await change(page, 'email address')
    assert.equal(ectStep(page), 'email-address')
    assert.equal(await page.inputValue('#email'), `change.${trn}.${run}@example.org`)
    await page.fill('#email', `changed.${trn}.${run}@example.org`)
    await submit(page)
    assert.equal(ectStep(page), 'check-answers')
    assert.equal(await page.textContent('[data-test=answer-email]'), `changed.${trn}.${run}@example.org`)

    await change(page, 'school start date')
    await fillDate(page, 'start_date', 15, 9, 2026)
    await submit(page)
    assert.equal(ectStep(page), 'check-answers')
    assert.equal(await page.textContent('[data-test=answer-start-date]'), '15 September 2026')

    await change(page, 'name')
    await page.fill('#corrected_name', `Changed ${trn} ${run}`)
    await submit(page)
    assert.equal(ectStep(page), 'check-answers')
    assert.equal(await page.textContent('[data-test=answer-name]'), `Changed ${trn} ${run}`)

    // Provider-led needs a lead provider first.
    await change(page, 'training programme')
    await page.check('#training_programme-provider')
    await submit(page)
    assert.equal(ectStep(page), 'lead-provider')
    await page.check('label:has-text("Southern Learning Partnership") >> xpath=preceding-sibling::input')
    await submit(page)
    assert.equal(ectStep(page), 'check-answers')
    assert.equal(await page.textContent('[data-test=answer-programme]'), 'Provider-led')
    assert.equal(await page.textContent('[data-test=answer-lead-provider]'), 'Southern Learning Partnership')

    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
    assert.equal(ectStep(page), 'confirmation')
    await context.close()
  })

  test('register a mentor: a change comes back to check answers', async () => {
    const { context, page } = await signInAsSchool(browser, 'ola-admin-oakfield')
    const trn = freshTrn()
    await toCheckAnswers(page, trn)
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=assign-mentor]')])
    if (where(page).endsWith('/mentorship/new')) {
      await page.check('#mentor-new')
      await submit(page)
    }
    assert.equal(mentorStep(page), 'find-mentor')
    const mentorTrn = freshTrn()
    await page.fill('#trn', mentorTrn)
    await fillDate(page, 'date_of_birth', 3, 2, 1977)
    await submit(page)
    await page.check('#name_check-corrected')
    await page.fill('#corrected_name', `Mentor ${mentorTrn} ${run}`)
    await submit(page)
    await page.fill('#email', `mentor.${mentorTrn}.${run}@example.org`)
    await submit(page)
    assert.equal(mentorStep(page), 'check-answers')
    await change(page, 'email address')
    await page.fill('#email', `changed.${mentorTrn}.${run}@example.org`)
    await submit(page)
    assert.equal(mentorStep(page), 'check-answers')
    assert.equal(await page.textContent('[data-test=answer-email]'), `changed.${mentorTrn}.${run}@example.org`)
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
    assert.equal(mentorStep(page), 'confirmation')
    await context.close()
  })
})
