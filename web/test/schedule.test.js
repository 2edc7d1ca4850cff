import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DAYS, describe, fromWire, problem, toWire } from '../src/schedule.js'

test('an entry without a schedule round-trips to no keys at all', () => {
  const schedule = fromWire({ app: 'clock', duration: 10 })
  assert.deepEqual(schedule, { days: DAYS, start: '', end: '' })
  assert.deepEqual(toWire(schedule), {})
  assert.equal(describe(schedule), '')
  assert.equal(problem(schedule), '')
})

test('days and hours go out in week order and read as people write them', () => {
  const schedule = fromWire({ days: ['fri', 'mon', 'tue', 'wed', 'thu'], start: '06:30', end: '09:00' })
  assert.deepEqual(toWire(schedule), { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '06:30', end: '09:00' })
  assert.equal(describe(schedule), 'Mon–Fri · 06:30–09:00')
  assert.equal(describe(fromWire({ days: ['sat', 'sun', 'wed'] })), 'Wed, Sat, Sun')
})

test('half a window or no day at all is a problem to show, not to send', () => {
  assert.equal(problem({ days: [], start: '', end: '' }), 'Pick at least one day')
  assert.equal(problem({ days: DAYS, start: '07:00', end: '' }), 'Give both times, or neither')
  assert.equal(problem({ days: DAYS, start: '07:00', end: '07:00' }), 'From and until must differ')
})
