import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cssColor, messageBody, notificationView } from '../src/notification.js'

test('the notification event lands in the store as sent', () => {
  const view = notificationView({
    active: { id: 3, text: 'Hi', color: [255, 0, 0], hold: false, duration: 5, repeat: null },
    queued: 2,
  })
  assert.deepEqual(view, {
    active: { id: 3, text: 'Hi', color: [255, 0, 0], hold: false, duration: 5 },
    queued: 2,
  })
  assert.deepEqual(notificationView({ active: null, queued: 0 }), { active: null, queued: 0 })
  assert.deepEqual(notificationView(undefined), { active: null, queued: 0 })
})

test('a message becomes an AWTRIX notify body', () => {
  assert.deepEqual(messageBody({ text: 'Tea is ready', color: '#ff8800', duration: '3', hold: false }), {
    body: { text: 'Tea is ready', color: '#ff8800', duration: 3 },
  })
  assert.deepEqual(messageBody({ text: 'Door', color: '#ffffff', duration: '', hold: true }), {
    body: { text: 'Door', color: '#ffffff', hold: true },
  })
})

test('a message that the server would refuse is flagged before sending', () => {
  assert.equal(messageBody({ text: '  ', color: '#ffffff', duration: 5 }).error, 'Write a message or pick an icon')
  assert.deepEqual(messageBody({ text: '', color: '#ffffff', duration: 5, hold: false, icon: 'bell' }), {
    body: { icon: 'bell', text: '', color: '#ffffff', duration: 5 },
  })
  assert.match(messageBody({ text: 'x', color: '#ffffff', duration: 0 }).error, /seconds/)
  assert.match(messageBody({ text: 'x'.repeat(1001), color: '#ffffff', duration: 5 }).error, /1000/)
  assert.equal(cssColor([1, 2, 3]), 'rgb(1, 2, 3)')
})
