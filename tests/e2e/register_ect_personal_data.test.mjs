// Dates of birth and National Insurance numbers entered while registering an ECT reach TRS and
// nothing else: after look-ups that match, mismatch, go to the NINO step and are saved, none of
// the values entered (nor TRS's own dates of birth for those people) is in any row of any table
// of any of the stack's databases, or in any process's log.
//
// Needs the stack's state directory (RECT_E2E_STATE_DIR, default .state/local): its
// postgres.port and logs/. Skipped when there is none.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { gatewayUrl, launchBrowser, where } from './browser.mjs'

const stateDir = process.env.RECT_E2E_STATE_DIR || path.resolve('.state/local')
const portFile = path.join(stateDir, 'postgres.port')

let browser
before(async () => { browser = await launchBrowser() })
after(async () => { await browser?.close() })

function psql (database, sql) {
  const port = readFileSync(portFile, 'utf8').trim()
  return execFileSync('psql', ['-h', '127.0.0.1', '-p', port, '-U', 'rect', '-d', database, '-tAqc', sql],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
}

// Every row of every table of every rect_* database, as text.
function everyRow () {
  const databases = psql('postgres', "SELECT datname FROM pg_database WHERE datname LIKE 'rect_%'")
    .split('\n').filter(Boolean)
  assert.ok(databases.length >= 5, `expected the five service databases, found ${databases}`)
  let all = ''
  for (const database of databases) {
    const tables = psql(database,
      "SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables " +
      "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')")
      .split('\n').filter(Boolean)
    for (const table of tables) all += psql(database, `SELECT t::text FROM ${table} t`)
  }
  return all
}

function everyLog () {
  const logs = path.join(stateDir, 'logs')
  return readdirSync(logs).map(name => readFileSync(path.join(logs, name), 'utf8')).join('\n')
}

async function submit (page) {
  await Promise.all([page.waitForLoadState('load'), page.click('[data-test=continue]')])
}

async function find (page, trn, day, month, year) {
  await page.goto(`${gatewayUrl}/school/register-ect/find-ect`)
  await page.fill('#trn', trn)
  await page.fill('[name=date_of_birth_day]', day)
  await page.fill('[name=date_of_birth_month]', month)
  await page.fill('[name=date_of_birth_year]', year)
  await submit(page)
}

test('no date of birth or NINO reaches a database or a log', { skip: !existsSync(portFile) && `no ${portFile}` }, async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${gatewayUrl}/`)
  await page.click('[data-test=school-start]')
  await page.click('[data-test=dfe-sign-in]')
  await page.waitForSelector('[data-persona="tom-two-hillcrest"]')
  await Promise.all([page.waitForURL(`${gatewayUrl}/**`), page.click('[data-persona="tom-two-hillcrest"]')])

  // Wrong date of birth for Jamal Price (TRS: 15 April 1990), then a wrong and a right NINO.
  await find(page, '7000013', '16', '4', '1990')
  assert.equal(where(page), '/school/register-ect/national-insurance-number')
  await page.fill('#national_insurance_number', 'AB 10 00 99 A')
  await submit(page)
  await find(page, '7000014', '2', '6', '1985')
  await page.fill('#national_insurance_number', 'ab 10 00 14 a')
  await submit(page)
  assert.equal(where(page), '/school/register-ect/review-ect-details')
  // A match on the date of birth, then a refused format.
  await find(page, '7000015', '30', '11', '1988')
  assert.equal(where(page), '/school/register-ect/review-ect-details')
  await find(page, '7000015', '29', '11', '1988')
  await page.fill('#national_insurance_number', 'ZZ999999Z')
  await submit(page)
  await context.close()

  // Give the logs a moment to be written.
  await new Promise(resolve => setTimeout(resolve, 500))
  const rows = everyRow().toUpperCase()
  const logs = everyLog().toUpperCase()
  const needles = [
    '1990-04-16', '16/04/1990', '1990-04-15', '1985-06-02', '1985-06-20', '1988-11-30', '1988-11-29',
    'AB100099A', 'AB 10 00 99 A', 'AB100014A', 'AB 10 00 14 A', 'AB100013A', 'ZZ999999Z'
  ]
  for (const needle of needles) {
    assert.equal(rows.includes(needle), false, `${needle} is in a database table`)
    assert.equal(logs.includes(needle), false, `${needle} is in a log`)
  }
})
