// The "Displays" list under the preview: one row per --display, with its
// health as GET /api/displays reports it, a failing one with its error; and
// the MQTT broker's state beneath it.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import dgram from 'node:dgram'
import net from 'node:net'
import { launchBrowser, screenshot, startTarget } from './harness.js'

let target
let browser
let receiver

/** A UDP socket on a free loopback port; `keep` leaves it open to receive, else the port is closed again. */
async function udpPort(keep) {
  const socket = dgram.createSocket('udp4')
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve))
  const { port } = socket.address()
  if (!keep) await new Promise((resolve) => socket.close(resolve))
  return { socket, port }
}

/** A TCP port on loopback that nothing listens on. */
async function tcpPort() {
  const server = net.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

const skip = Boolean(process.env.RETROBOARD_URL)

before(async () => {
  if (skip) return
  receiver = await udpPort(true)
  receiver.socket.on('message', () => {})
  const closed = await udpPort(false)
  target = await startTarget([
    '--display',
    `ddp://127.0.0.1:${receiver.port},ddp://127.0.0.1:${closed.port}?rotate=180`,
    '--app',
    'stars',
  ])
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await target?.cleanup()
  receiver?.socket.close()
})

test('each display shows whether it is lit, and why not', { skip }, async () => {
  const page = await browser.context.newPage()
  await page.goto(target.url)
  const rows = page.locator('[data-testid=output]')
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=output]').length === 2, null, { timeout: 15000 })
  assert.match(await rows.nth(0).textContent(), new RegExp(`ddp://127\\.0\\.0\\.1:${receiver.port}`))

  // Nothing listens on the second port: its sends are refused and the row says so.
  await page.waitForSelector('[data-testid=output][data-status=failing] [data-testid=output-error]', { timeout: 15000 })
  assert.equal(await rows.nth(0).getAttribute('data-status'), 'ok')
  assert.match(await rows.nth(0).textContent(), /OK · [1-9]\d* sent/)
  assert.match(await rows.nth(1).textContent(), /Failing since/)
  await screenshot(page, 'displays')
})

test('a board with no display says the preview is all there is', { skip }, async () => {
  const plain = await startTarget([])
  try {
    const page = await browser.context.newPage()
    await page.goto(plain.url)
    await page.waitForSelector('[data-testid=outputs-none]', { timeout: 15000 })
    assert.equal(await page.locator('[data-testid=mqtt]').count(), 0, 'no MQTT row without --mqtt-url')
    await page.close()
  } finally {
    await plain.cleanup()
  }
})

test('a board that cannot reach its MQTT broker says since when and why', { skip }, async () => {
  const closed = await tcpPort()
  const board = await startTarget(['--mqtt-url', `mqtt://127.0.0.1:${closed}`])
  try {
    const page = await browser.context.newPage()
    await page.goto(board.url)
    await page.waitForSelector('[data-testid=mqtt][data-connection=disconnected] [data-testid=mqtt-error]', { timeout: 15000 })
    assert.match(await page.locator('[data-testid=mqtt]').textContent(), new RegExp(`mqtt://127\\.0\\.0\\.1:${closed}`))
    assert.match(await page.locator('[data-testid=mqtt-state]').textContent(), /Disconnected since/)
    await screenshot(page, 'mqtt-disconnected')
    await page.close()
  } finally {
    await board.cleanup()
  }
})
