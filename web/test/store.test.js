import { test } from 'node:test'
import assert from 'node:assert/strict'
import { coalescer } from '../src/store/coalesce.js'
import { retryDelay } from '../src/store/backoff.js'

test('reconnect delays double from 1 s and stop at 30 s', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6, 12].map((attempt) => retryDelay(attempt)),
    [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000],
  )
})

test('values pushed while a request is in flight collapse into the newest', async () => {
  const sent = []
  const waiting = []
  const sender = coalescer((value) => {
    sent.push(value)
    return new Promise((resolve) => waiting.push(resolve))
  })
  const done = sender.push(1)
  for (let v = 2; v <= 50; v++) sender.push(v)
  assert.deepEqual(sent, [1])
  assert.equal(sender.busy, true)
  waiting.shift()()
  await new Promise((resolve) => setImmediate(resolve))
  assert.deepEqual(sent, [1, 50])
  waiting.shift()()
  await done
  assert.equal(sender.busy, false)
  assert.deepEqual(sent, [1, 50])
})

test('a failed request does not stop later values', async () => {
  const sent = []
  const sender = coalescer(async (value) => {
    sent.push(value)
    if (value === 1) throw new Error('refused')
  })
  const first = sender.push(1)
  sender.push(2)
  await first
  assert.deepEqual(sent, [1, 2])
  assert.equal(sender.busy, false)
})
