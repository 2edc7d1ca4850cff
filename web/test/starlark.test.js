import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  configToSend,
  fromLocalInput,
  initialValues,
  readLocation,
  readOption,
  renderSummary,
  schemaFields,
  suggestName,
  writeLocation,
} from '../src/starlark.js'

const FIELDS = [
  { type: 'color', id: 'color', default: '#ff0000' },
  { type: 'onoff', id: 'half' },
  { type: 'typeahead', id: 'named', handler: 'named$named' },
  { type: 'oauth2', id: 'login' },
]

test('schema fields come from the API reply or Pixlet JSON, malformed ones dropped', () => {
  assert.deepEqual(schemaFields({ schema: { version: '1', schema: FIELDS } }), FIELDS)
  assert.deepEqual(schemaFields({ version: '1', schema: [...FIELDS, { id: 3 }] }), FIELDS)
  assert.deepEqual(schemaFields(null), [])
})

test('a form starts from the saved config over the defaults, in strings', () => {
  assert.deepEqual(initialValues(FIELDS, { half: 'true' }), { color: '#ff0000', half: 'true', named: '' })
  assert.deepEqual(initialValues(FIELDS), { color: '#ff0000', half: 'false', named: '' })
})

test('empty values never saved are left out of what is sent, unsupported fields always', () => {
  const values = { color: '#00ff00', half: 'false', named: '', login: 'x' }
  assert.deepEqual(configToSend(FIELDS, values), { color: '#00ff00', half: 'false' })
  assert.deepEqual(configToSend(FIELDS, values, { named: '{"value":"a"}' }), { color: '#00ff00', half: 'false', named: '' })
})

test('locations and chosen options round-trip through their JSON strings', () => {
  const location = { lat: '52.52', lng: '13.40', timezone: 'Europe/Berlin', locality: 'Berlin' }
  assert.deepEqual(readLocation(writeLocation(location)), location)
  assert.deepEqual(readLocation('nonsense'), { lat: '', lng: '', timezone: '', locality: '' })
  assert.deepEqual(readOption('{"display":"Red","value":"#f00"}'), { display: 'Red', value: '#f00' })
  assert.equal(readOption('{"display":"Red"}'), null)
})

test('times become RFC 3339 in UTC', () => {
  assert.match(fromLocalInput('2025-06-01T18:30'), /^2025-06-01T\d\d:30:00Z$/)
  assert.equal(fromLocalInput('not a time'), '')
})

test('a suggested name is free and well formed', () => {
  assert.equal(suggestName('weather', []), 'weather')
  assert.equal(suggestName('weather', ['weather', 'weather_2']), 'weather_3')
  assert.equal(suggestName('a.b c', []), 'a_b_c')
})

test('a render is summarised for its card', () => {
  const now = 100000
  assert.equal(renderSummary(null, now), 'Not rendered yet')
  assert.equal(renderSummary({ rendered_at: now - 5000, frames: 1, took_ms: 12 }, now), '1 frame, rendered 5s ago in 12 ms')
  assert.equal(renderSummary({ rendered_at: now - 120000, frames: 0, took_ms: 3 }, now), 'Nothing to show (rendered 2 min ago)')
  assert.equal(renderSummary({ rendered_at: now, frames: 0, error: { message: 'x' } }, now), 'Failed 0s ago')
})
