// An ECT moving school and lead provider (school-journeys.md §7, lead-provider-api.md §5.3):
// registered at Oakfield Primary School (URN 100001) with Northern Teaching Trust, then by
// Riverside Academy (URN 100002) with Southern Learning Partnership starting in two weeks. The
// joining registration closes the Oakfield period and training the day before; both providers
// then read one new_provider transfer with those dates through the Lead Provider API, incomplete
// until the joining date and complete after it (X-With-Server-Date), and Northern no longer sees
// the ECT as active after the leaving date. TRNs are made up per run.
//
// Needs the registration database (RECT_E2E_REGISTRATION_DATABASE_URL) and the built
// identity_admin (RECT_E2E_BAZEL_BIN), both set by run.sh: skipped without them.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import {
  fillDate, gatewayUrl, launchBrowser, registrationDatabaseUrl, registrationRows, signInAsSchool,
  submit, where
} from './browser.mjs'

const skip = registrationDatabaseUrl && process.env.RECT_E2E_BAZEL_BIN
  ? false
  : 'no registration database or built tools (see tests/e2e/run.sh)'

const LP1 = '11111111-1111-4111-8111-000000000001'
const LP2 = '11111111-1111-4111-8111-000000000002'

let browser
before(async () => { if (!skip) browser = await launchBrowser() })
after(async () => { await browser?.close() })

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`
function freshTrn () {
  return `5${String((Date.now() + Math.floor(Math.random() * 1e5)) % 1e6).padStart(6, '0')}`
}
function today () {
  const now = new Date()
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
}
function addDays (date, days) { return new Date(date.getTime() + days * 86400000) }
function isoDate (date) { return date.toISOString().slice(0, 10) }
function dateFields (date) { return [date.getUTCDate(), date.getUTCMonth() + 1, date.getUTCFullYear()] }
const ectStep = page => where(page).replace('/school/register-ect/', '')

function apiToken (leadProviderId) {
  const identity = process.env.RECT_E2E_IDENTITY_ADDRESS || '127.0.0.1:50051'
  return execFileSync(`${process.env.RECT_E2E_BAZEL_BIN}/services/identity/identity_admin`, [
    `--identity_address=${identity}`, 'create-api-token', `--lead_provider_id=${leadProviderId}`,
    '--description=browser tests'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
}

async function api (token, path, serverDate) {
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' }
  if (serverDate) headers['X-With-Server-Date'] = typeof serverDate === 'string' ? serverDate : `${isoDate(serverDate)}T12:00:00Z`
  const response = await fetch(`${gatewayUrl}${path}`, { headers })
  return { status: response.status, json: await response.json() }
}

// Registers the ECT at the signed-in school, provider-led with `provider`, from `start`
// (a Date), answering the registered-before card when it comes.
async function registerEct (page, { trn, start, provider }) {
  await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
  assert.equal(ectStep(page), 'find-ect')
  await page.fill('#trn', trn)
  await fillDate(page, 'date_of_birth', 3, 2, 1977)
  await submit(page)
  assert.equal(ectStep(page), 'review-ect-details')
  await page.check('#name_check')
  await submit(page)
  if (ectStep(page) === 'registered-before') await submit(page)
  assert.equal(ectStep(page), 'email-address')
  await page.fill('#email', `moving.${trn}.${run}@example.org`)
  await submit(page)
  await fillDate(page, 'start_date', ...dateFields(start))
  await submit(page)
  assert.equal(ectStep(page), 'working-pattern')
  await page.check('#working_pattern')
  await submit(page)
  if (ectStep(page) === 'use-previous-ect-choices') {
    await page.check('#use_previous_choices-no')
    await submit(page)
  }
  await page.locator('[name=appropriate_body_id]').first().check()
  await submit(page)
  await page.check('#training_programme-provider')
  await submit(page)
  assert.equal(ectStep(page), 'lead-provider')
  await page.check(`label:has-text("${provider}") >> xpath=preceding-sibling::input`)
  await submit(page)
  assert.equal(ectStep(page), 'check-answers')
  await Promise.all([page.waitForLoadState('load'), page.click('[data-test=confirm]')])
  assert.equal(ectStep(page), 'confirmation')
}

describe('an ECT joining another school with another lead provider', { skip }, () => {
  test('both providers see a new_provider transfer with the dates; the old one no longer active', async () => {
    const trn = freshTrn()
    const oakfield = await signInAsSchool(browser, 'sam-tutor-oakfield')
    await registerEct(oakfield.page, { trn, start: new Date(Date.UTC(2026, 8, 1)), provider: 'Northern Teaching Trust' })
    await oakfield.context.close()

    const joining = addDays(today(), 14)
    const leaving = addDays(joining, -1)
    const riverside = await signInAsSchool(browser, 'rita-head-riverside')
    await registerEct(riverside.page, { trn, start: joining, provider: 'Southern Learning Partnership' })
    await riverside.context.close()

    // The joining registration closed the Oakfield period and its training the day before.
    const [[teacherId, recordId]] = registrationRows(
      `SELECT id, api_ect_training_record_id FROM teachers WHERE trn = '${trn}'`)
    assert.deepEqual(registrationRows(
      'SELECT e.school_urn, e.started_on, coalesce(e.finished_on::text, \'\'), tp.lead_provider_id, ' +
      'tp.started_on, coalesce(tp.finished_on::text, \'\') FROM ect_at_school_periods e ' +
      'JOIN training_periods tp ON tp.ect_at_school_period_id = e.id ' +
      `WHERE e.teacher_id = '${teacherId}' ORDER BY e.started_on`), [
      ['100001', '2026-09-01', isoDate(leaving), LP1, isoDate(today()), isoDate(leaving)],
      ['100002', isoDate(joining), '', LP2, isoDate(joining), '']])

    // Outside production X-With-Server-Date runs a request at another instant (a date that is
    // no date is a 400 there, and ignored in production).
    const sandbox = (await api(apiToken(LP1), '/api/v3/participants/transfers', 'banana')).status === 400
    const expected = status => ({
      id: teacherId,
      type: 'participant-transfer',
      transfers: [{
        training_record_id: recordId,
        transfer_type: 'new_provider',
        status,
        leaving: { school_urn: '100001', provider: 'Northern Teaching Trust', date: isoDate(leaving) },
        joining: { school_urn: '100002', provider: 'Southern Learning Partnership', date: isoDate(joining) }
      }]
    })
    const shape = item => ({
      id: item.id,
      type: item.type,
      transfers: item.attributes.transfers.map(({ created_at: createdAt, ...rest }) => rest)
    })

    for (const lp of [LP1, LP2]) {
      const token = apiToken(lp)
      const list = await api(token, '/api/v3/participants/transfers?page[per_page]=3000&sort=-updated_at')
      assert.equal(list.status, 200)
      const mine = list.json.data.filter(item => item.id === teacherId)
      assert.equal(mine.length, 1, `provider ${lp} lists the ECT's transfers once`)
      assert.deepEqual(shape(mine[0]), expected('incomplete'))
      assert.match(mine[0].attributes.transfers[0].created_at, /^\d{4}-\d{2}-\d{2}$/)

      const shown = await api(token, `/api/v3/participants/${teacherId}/transfers`)
      assert.equal(shown.status, 200)
      assert.deepEqual(shown.json.data, mine[0])
      if (sandbox) {
        const later = await api(token, `/api/v3/participants/${teacherId}/transfers`, addDays(joining, 1))
        assert.deepEqual(shape(later.json.data), expected('complete'))
      }
    }

    // After the leaving date Northern does not see the ECT as active (if it sees them at all:
    // only training through a partnership makes a participant visible). Only a sandbox stack
    // can be asked about a later date; services/registration:transfers_test covers the status
    // on any stack.
    if (!sandbox) return
    const lp1 = apiToken(LP1)
    const participant = await api(lp1, `/api/v3/participants/${teacherId}`, addDays(leaving, 1))
    if (participant.status === 200) {
      for (const enrolment of participant.json.data.attributes.ecf_enrolments) {
        if (enrolment.participant_type === 'ect') assert.notEqual(enrolment.participant_status, 'active')
      }
    } else {
      assert.equal(participant.status, 404)
    }
  })
})
