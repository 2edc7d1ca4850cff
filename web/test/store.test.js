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

test('each state event lands in the store, malformed payloads fall back to empty values', async () => {
  const { VIEWS } = await import('../src/store/board.js')
  assert.deepEqual(Object.keys(VIEWS), ['apps_list', 'current_app', 'settings', 'carousel_config', 'night', 'transition', 'custom_apps', 'notification', 'installations'])
  const state = { brightness: 100, customApps: [] }
  VIEWS.apps_list(state, { apps: ['clock'], current: 'clock' })
  VIEWS.current_app(state, { app: 'stars', config: { fps: 30 } })
  VIEWS.settings(state, { brightness: 40 })
  VIEWS.carousel_config(state, { enabled: true, apps: [{ app: 'clock', duration: 5 }], current_index: 0 })
  VIEWS.notification(state, { active: { id: 1, text: 'Hi', color: [1, 2, 3], hold: true, duration: null }, queued: 1 })
  VIEWS.custom_apps(state, { apps: ['weather'], lifetimes: { weather: { seconds: 30, expires_at: 1000 }, gone: { seconds: 5, expires_at: 1 } } })
  assert.deepEqual(state, {
    apps: ['clock', 'weather'],
    customApps: ['weather'],
    customLifetimes: { weather: { seconds: 30, expiresAt: 1000 } },
    current: 'stars',
    config: { fps: 30 },
    synced: true,
    brightness: 40,
    carousel: { enabled: true, apps: [{ app: 'clock', duration: 5 }], current_index: 0 },
    notification: { active: { id: 1, text: 'Hi', color: [1, 2, 3], hold: true, duration: null }, queued: 1 },
  })
  VIEWS.settings(state, { brightness: 'high' })
  VIEWS.carousel_config(state, null)
  VIEWS.notification(state, 'nonsense')
  VIEWS.apps_list(state, { apps: ['clock', 'weather', 'sun'], current: 'clock' })
  VIEWS.custom_apps(state, { apps: ['weather', 'sun'] })
  assert.deepEqual(state.apps, ['clock', 'weather', 'sun'], 'apps_list already named them')
  VIEWS.custom_apps(state, { apps: ['sun'], lifetimes: { sun: { seconds: 'long' } } })
  assert.deepEqual(state.apps, ['clock', 'sun'])
  assert.deepEqual(state.customLifetimes, {})
  assert.equal(state.brightness, 40)
  assert.deepEqual(state.notification, { active: null, queued: 0 })
  assert.deepEqual(state.carousel, { enabled: false, apps: [], current_index: 0 })
  VIEWS.night(state, { enabled: true, start: '21:30', end: '06:15', brightness: 4, app: 'clock' })
  assert.deepEqual(state.night, { enabled: true, start: '21:30', end: '06:15', brightness: 4, app: 'clock' })
  VIEWS.transition(state, { kind: 'slide-up', duration: 700 })
  assert.deepEqual(state.transition, { kind: 'slide-up', duration: 700 })
  VIEWS.transition(state, null)
  assert.deepEqual(state.transition, { kind: 'none', duration: 500 })
  VIEWS.night(state, { enabled: 1, start: 2130 })
  assert.deepEqual(state.night, { enabled: true, start: '22:00', end: '07:00', brightness: 10, app: null })
  VIEWS.installations(state, { installations: [{ name: 'fuzzy', kind: 'app', app: 'fuzzyclock' }, { kind: 'app' }] })
  assert.deepEqual(state.installations, [{ name: 'fuzzy', kind: 'app', app: 'fuzzyclock' }])
  assert.deepEqual(state.apps, ['clock', 'sun', 'fuzzy'], 'installed apps join the list')
  VIEWS.installations(state, 'nonsense')
  assert.deepEqual(state.installations, [])
  assert.deepEqual(state.apps, ['clock', 'sun'], 'and leave it')
})
