import { test } from 'node:test'
import assert from 'node:assert/strict'
import { expiryLabel } from '../src/expiry.js'

test('a custom app without a lifetime is kept', () => {
  assert.equal(expiryLabel(undefined, 0), 'kept')
})

test('a lifetime counts down to its expiry, never below zero', () => {
  const lifetime = { seconds: 60, expiresAt: 100_000 }
  assert.equal(expiryLabel(lifetime, 58_000), 'expires in 42 s')
  assert.equal(expiryLabel(lifetime, 99_500), 'expires in 1 s')
  assert.equal(expiryLabel(lifetime, 200_000), 'expires in 0 s')
  assert.equal(expiryLabel({ seconds: 3600, expiresAt: 3_600_000 }, 0), 'expires in 60 min')
  assert.equal(expiryLabel({ seconds: 86400, expiresAt: 86_400_000 }, 0), 'expires in 24 h')
})

test('a lifetime whose start is unknown is shown as its length', () => {
  assert.equal(expiryLabel({ seconds: 30, expiresAt: null }, 0), 'lifetime 30 s')
})
