import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseFrame } from '../src/frame.js'

function frame(width, height, fill) {
  const bytes = new Uint8Array(4 + width * height * 3)
  new DataView(bytes.buffer).setUint16(0, width, true)
  new DataView(bytes.buffer).setUint16(2, height, true)
  bytes.fill(fill, 4)
  return bytes
}

test('reads the little-endian size and the RGB bytes', () => {
  const bytes = frame(300, 2, 7)
  const parsed = parseFrame(bytes.buffer)
  assert.equal(parsed.width, 300)
  assert.equal(parsed.height, 2)
  assert.equal(parsed.pixels.length, 300 * 2 * 3)
  assert.ok(parsed.pixels.every((b) => b === 7))
})

test('accepts a view into a larger buffer', () => {
  const outer = new Uint8Array(100)
  outer.set(frame(2, 2, 9), 10)
  const parsed = parseFrame(outer.subarray(10, 10 + 16))
  assert.deepEqual([parsed.width, parsed.height, parsed.pixels[0]], [2, 2, 9])
})

test('refuses truncated or empty frames', () => {
  assert.equal(parseFrame(frame(4, 4, 1).slice(0, 20).buffer), null)
  assert.equal(parseFrame(new Uint8Array([0, 0, 5, 0]).buffer), null)
  assert.equal(parseFrame(new ArrayBuffer(2)), null)
  assert.equal(parseFrame('not binary'), null)
})
