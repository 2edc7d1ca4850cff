import { test } from 'node:test'
import assert from 'node:assert/strict'
import { frameFeed } from '../src/preview/feed.js'
import { previewHost } from '../src/preview/host.js'

/** A stand-in for socket.io-client's socket: records what is emitted, lets a test fire events. */
class FakeSocket {
  constructor(auth) {
    this.auth = auth
    this.handlers = {}
    this.emitted = []
    this.connected = false
    this.active = false
    this.connects = 0
  }
  on(event, handler) {
    this.handlers[event] = handler
  }
  emit(event) {
    this.emitted.push(event)
  }
  connect() {
    this.connects += 1
    this.active = true
  }
  disconnect() {
    this.connected = false
    this.active = false
  }
  /** The server accepted the connection. */
  accept() {
    this.connected = true
    this.handlers.connect()
  }
  /** The connection dropped; the manager would retry on its own. */
  drop() {
    this.connected = false
    this.handlers.disconnect('transport close')
  }
  /** The server refused the connection (a wrong token): no retry without a new one. */
  refuse() {
    this.connected = false
    this.active = false
  }
  sentAuth() {
    let sent
    this.auth((value) => (sent = value))
    return sent
  }
}

function frameBytes(width, height, fill) {
  const bytes = new Uint8Array(4 + width * height * 3)
  new DataView(bytes.buffer).setUint16(0, width, true)
  new DataView(bytes.buffer).setUint16(2, height, true)
  bytes.fill(fill, 4)
  return bytes.buffer
}

function feedWithFake() {
  const sockets = []
  const frames = []
  const feed = frameFeed({
    open: (auth) => {
      sockets.push(new FakeSocket(auth))
      return sockets.at(-1)
    },
    onFrame: (frame) => frames.push(frame),
  })
  return { feed, sockets, frames }
}

test('connects only once frames are wanted, then subscribes when connected', () => {
  const { feed, sockets } = feedWithFake()
  feed.want(false)
  assert.equal(sockets.length, 0)
  feed.want(true)
  assert.equal(sockets.length, 1)
  assert.deepEqual(sockets[0].emitted, [])
  sockets[0].accept()
  assert.deepEqual(sockets[0].emitted, ['preview:subscribe'])
  feed.want(true)
  assert.deepEqual(sockets[0].emitted, ['preview:subscribe'])
})

test('unsubscribes when frames are no longer wanted and keeps the connection', () => {
  const { feed, sockets } = feedWithFake()
  feed.want(true)
  sockets[0].accept()
  feed.want(false)
  feed.want(true)
  assert.deepEqual(sockets[0].emitted, ['preview:subscribe', 'preview:unsubscribe', 'preview:subscribe'])
  assert.equal(sockets.length, 1)
})

test('subscribes again after a reconnect, since the server forgot the subscription', () => {
  const { feed, sockets } = feedWithFake()
  feed.want(true)
  sockets[0].accept()
  sockets[0].drop()
  sockets[0].accept()
  assert.deepEqual(sockets[0].emitted, ['preview:subscribe', 'preview:subscribe'])
  feed.want(false)
  sockets[0].drop()
  sockets[0].accept()
  // Not wanted when it came back: nothing to ask for.
  assert.deepEqual(sockets[0].emitted, ['preview:subscribe', 'preview:subscribe', 'preview:unsubscribe'])
})

test('sends the token it was given, and retries a refused connection with a new one', () => {
  const { feed, sockets } = feedWithFake()
  feed.setToken('')
  feed.want(true)
  assert.deepEqual(sockets[0].sentAuth(), {})
  sockets[0].refuse()
  feed.setToken('s3cret')
  assert.equal(sockets[0].connects, 2)
  assert.deepEqual(sockets[0].sentAuth(), { token: 's3cret' })
  // A connection still trying on its own is left to it.
  feed.setToken('other')
  assert.equal(sockets[0].connects, 2)
})

test('hands on parsed frames and drops malformed ones', () => {
  const { feed, sockets, frames } = feedWithFake()
  feed.want(true)
  sockets[0].accept()
  sockets[0].handlers.frame(frameBytes(2, 1, 7))
  sockets[0].handlers.frame(new Uint8Array([1, 0]).buffer)
  sockets[0].handlers.frame('not a frame')
  assert.equal(frames.length, 1)
  assert.deepEqual([frames[0].width, frames[0].height, [...frames[0].pixels]], [2, 1, [7, 7, 7, 7, 7, 7]])
})

test('the host reports a new size at once and the frame count at most every 250 ms', async () => {
  const reports = []
  const sockets = []
  const receive = previewHost({
    report: (message) => reports.push(message),
    nextRefresh: () => {},
    open: (auth) => {
      sockets.push(new FakeSocket(auth))
      return sockets.at(-1)
    },
  })
  receive({ token: '' })
  receive({ wanted: true })
  sockets[0].accept()
  sockets[0].handlers.frame(frameBytes(64, 32, 1))
  assert.deepEqual(reports, [{ frames: 1, width: 64, height: 32 }])
  for (let i = 0; i < 5; i++) sockets[0].handlers.frame(frameBytes(64, 32, i))
  assert.equal(reports.length, 1)
  await new Promise((resolve) => setTimeout(resolve, 300))
  assert.deepEqual(reports.at(-1), { frames: 6, width: 64, height: 32 })
  sockets[0].handlers.frame(frameBytes(32, 16, 1))
  assert.deepEqual(reports.at(-1), { frames: 7, width: 32, height: 16 })
  receive({ close: true })
  assert.equal(sockets[0].active, false)
})

test('asks again when a subscription gets no frame, and stops once one comes', async () => {
  const { feed, sockets } = feedWithFake()
  feed.want(true)
  sockets[0].accept()
  await new Promise((resolve) => setTimeout(resolve, 3100))
  assert.deepEqual(sockets[0].emitted, ['preview:subscribe', 'preview:subscribe'])
  sockets[0].handlers.frame(frameBytes(2, 1, 7))
  await new Promise((resolve) => setTimeout(resolve, 3100))
  assert.deepEqual(sockets[0].emitted, ['preview:subscribe', 'preview:subscribe'])
  feed.close()
})
