import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fieldError, normalise, numberStep } from '../src/fields.js'
import { formatSeconds, hexToRgb, label, rgbToHex } from '../src/names.js'

const fps = { key: 'fps', type: 'integer', min: 1, max: 120 }
const speed = { key: 'speed', type: 'number', min: 0.1, max: 64 }
const spawn = { key: 'spawn_rate', type: 'number', min: 0.01, max: 64 }

test('numeric fields are checked against their range', () => {
  assert.equal(fieldError(fps, 30), '')
  assert.equal(fieldError(fps, 121), 'At most 120')
  assert.equal(fieldError(fps, 0), 'At least 1')
  assert.equal(fieldError(fps, 2.5), 'Enter a whole number')
  assert.equal(fieldError(fps, ''), 'Enter a number')
  assert.equal(fieldError(speed, 0.1), '')
  assert.equal(fieldError(speed, 0.05), 'At least 0.1')
})

test('text, colour and font fields', () => {
  const text = { key: 'text', type: 'text', max_length: 5 }
  assert.equal(fieldError(text, 'hello'), '')
  assert.equal(fieldError(text, 'hello!'), 'At most 5 characters')
  assert.equal(fieldError({ type: 'color' }, [255, 0, 10]), '')
  assert.equal(fieldError({ type: 'color' }, [256, 0, 0]), 'Pick a colour')
  assert.equal(fieldError({ type: 'font' }, ''), 'Pick a font')
})

test('choice, on/off and picture fields', () => {
  const fit = { type: 'choice', choices: ['contain', 'cover', 'stretch'] }
  assert.equal(fieldError(fit, 'cover'), '')
  assert.equal(fieldError(fit, 'sideways'), 'Pick one of contain, cover, stretch')
  assert.equal(fieldError({ type: 'boolean' }, false), '')
  assert.equal(fieldError({ type: 'boolean' }, 'yes'), 'Turn it on or off')
  assert.equal(fieldError({ type: 'picture' }, ''), '')
  assert.equal(fieldError({ type: 'picture' }, null), 'Pick a picture')
})

test('slider steps reach the minimum of fractional ranges', () => {
  assert.equal(numberStep(fps), 1)
  assert.equal(numberStep(speed), 0.1)
  assert.equal(numberStep(spawn), 0.01)
})

test('values are sent with their schema type', () => {
  assert.equal(normalise(fps, '42'), 42)
  assert.equal(normalise(speed, '1.5'), 1.5)
  assert.equal(normalise({ type: 'text' }, '7'), '7')
})

test('colours convert between [r,g,b] and hex', () => {
  assert.equal(rgbToHex([255, 128, 0]), '#ff8000')
  assert.deepEqual(hexToRgb('#FF8000'), [255, 128, 0])
  assert.equal(hexToRgb('orange'), null)
})

test('labels and durations read naturally', () => {
  assert.equal(label('scroll_text'), 'Scroll text')
  assert.equal(formatSeconds(1.5), '1.5 s')
  assert.equal(formatSeconds(90), '1 min 30 s')
  assert.equal(formatSeconds(7200), '2 h')
})
