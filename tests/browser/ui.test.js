// The control panel in a real Chromium against a real server: live state in
// two tabs, the preview canvas, and recovery from a server restart.

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiGet, apiPost, launchBrowser, screenshot, startTarget } from './harness.js'

const STATUS = '[data-testid=connection-status]'
const CURRENT = '[data-testid=current-app]'

let target
let browser
let tabA
let tabB

async function open() {
  const page = await browser.context.newPage()
  await page.goto(target.url)
  await waitLive(page)
  return page
}

async function waitLive(page, timeout = 15000) {
  await page.waitForSelector(`${STATUS}[data-status=live]`, { timeout })
}

/** Before a screenshot: the preview has drawn a frame or given up waiting for one. */
async function settle(page) {
  await page.waitForSelector('[data-testid=preview]:not([data-state=waiting])', { timeout: 8000 })
}

const text = (page, selector) => page.locator(selector).first().textContent()

describe('control panel', () => {
  before(async () => {
    target = await startTarget()
    browser = await launchBrowser()
    // Every test starts from a known display: clock at full brightness, no carousel.
    await apiPost(target.url, '/carousel', { enabled: false, apps: [{ app: 'clock', duration: 10 }] })
    await apiPost(target.url, '/settings', { brightness: 100 })
    await apiPost(target.url, '/switch', { app: 'clock' })
    tabA = await open()
    tabB = await open()
  })

  after(async () => {
    await browser?.close()
    await target?.cleanup()
  })

  test('connects and shows Live with the running app marked', async () => {
    assert.equal(await text(tabA, `${STATUS} .text`), 'Live')
    await tabA.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Clock', CURRENT)
    assert.equal(await tabA.getAttribute('[data-testid=app-card-clock]', 'data-running'), 'true')
    assert.equal(await tabA.getAttribute('[data-testid=app-card-stars]', 'data-running'), 'false')
    await settle(tabA)
    await screenshot(tabA, 'desktop-live')
  })

  test('the config form is generated from the schema', async () => {
    await tabA.click('[data-testid=app-card-scroll_text]')
    const form = tabA.locator('[data-testid=config-scroll_text]')
    await form.locator('[data-testid=field-speed]').waitFor()
    for (const key of ['text', 'font', 'color', 'speed', 'fps']) {
      assert.equal(await form.locator(`[data-testid=field-${key}]`).count(), 1, key)
    }
    assert.match(await form.locator('[data-testid=field-speed]').textContent(), /0\.1 – 64/)
    assert.match(await form.locator('[data-testid=field-fps]').textContent(), /1 – 120/)
    const fonts = await form.locator('[data-testid=field-font] option').allTextContents()
    assert.ok(fonts.includes('tom-thumb') && fonts.includes('6x10'), `fonts offered: ${fonts.join(', ')}`)

    // Out of range is refused at the input, before any request.
    await form.locator('#field-fps').fill('500')
    assert.match(await form.locator('[data-testid=field-fps]').textContent(), /At most 120/)
    assert.equal(await form.locator('[data-testid=start]').isDisabled(), true)
    await form.locator('#field-fps').fill('25')
    await form.locator('#field-text').fill('Hello from the browser')
    await screenshot(tabA, 'config-form')
    await form.locator('[data-testid=save]').click()
    // The button is disabled while the request is out as well as after it, so wait for the confirmation.
    await form.locator('[role=status]').getByText('Saved').waitFor()
    const saved = await apiGet(target.url, '/apps/scroll_text/config')
    assert.equal(saved.config.text, 'Hello from the browser')
    assert.equal(saved.config.fps, 25)
  })

  // Bounded generously: the event normally arrives in well under a second, but this runs on
  // shared two-core machines next to a browser, a proxy and the server's render loop.
  test('switching the app in tab A shows in tab B without a reload', async () => {
    await tabA.click('[data-testid=app-card-stars]')
    const start = tabA.locator('[data-testid=config-stars] [data-testid=start]')
    await start.waitFor()
    const clicked = Date.now()
    await start.click()
    await tabB.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Stars', CURRENT, { timeout: 3000 })
    const elapsed = Date.now() - clicked
    assert.ok(elapsed < 3000, `tab B took ${elapsed} ms`)
    assert.equal(await tabB.getAttribute('[data-testid=app-card-stars]', 'data-running'), 'true')
    assert.equal((await apiGet(target.url, '/current')).app, 'stars')
  })

  test('next and previous step through the apps beside the running one', async () => {
    await apiPost(target.url, '/switch', { app: 'stars' })
    await tabA.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Stars', CURRENT, { timeout: 5000 })
    const { apps } = await apiGet(target.url, '/apps')
    const after = apps[(apps.indexOf('stars') + 1) % apps.length]
    await tabA.getByRole('button', { name: 'Next app' }).click()
    await tabB.waitForFunction(async (wanted) => (await (await fetch('/api/current')).json()).app === wanted, after, { timeout: 5000 })
    await tabA.getByRole('button', { name: 'Previous app' }).click()
    await tabB.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Stars', CURRENT, { timeout: 5000 })
  })

  test('brightness follows the slider at once and reaches the other tab', async () => {
    await tabA.locator('[data-testid=brightness]').fill('37')
    assert.equal(await text(tabA, '[data-testid=brightness-value]'), '37%')
    await tabB.waitForFunction(() => document.querySelector('[data-testid=brightness-value]')?.textContent === '37%', null, { timeout: 1000 })
    assert.equal((await apiGet(target.url, '/settings')).brightness, 37)
  })

  test('a fast drag of the brightness slider sends few requests and ends on the last value', async () => {
    const posts = []
    const count = (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/settings')) posts.push(request.postDataJSON().brightness)
    }
    tabA.on('request', count)
    await tabA.evaluate(() => {
      const slider = document.querySelector('[data-testid=brightness]')
      for (let value = 10; value <= 70; value += 1) {
        slider.value = String(value)
        slider.dispatchEvent(new Event('input', { bubbles: true }))
      }
    })
    assert.equal(await text(tabA, '[data-testid=brightness-value]'), '70%')
    await tabB.waitForFunction(() => document.querySelector('[data-testid=brightness-value]')?.textContent === '70%', null, { timeout: 2000 })
    // Request events reach this process asynchronously; let the last one land.
    for (const deadline = Date.now() + 2000; posts.at(-1) !== 70 && Date.now() < deadline; ) await tabA.waitForTimeout(20)
    tabA.off('request', count)
    assert.ok(posts.length >= 1 && posts.length <= 3, `61 slider steps sent ${posts.length} requests: ${posts}`)
    assert.equal(posts.at(-1), 70)
    assert.equal((await apiGet(target.url, '/settings')).brightness, 70)
  })

  test('carousel edits propagate and the current entry is highlighted as it rotates', async () => {
    const editor = tabA.locator('[data-testid=carousel]')
    // Removed rows fade out for a moment; only the staying ones count.
    const rows = editor.locator('li.entry:not(.row-leave-active)')
    for (let n = await rows.count(); n > 0; n = await rows.count()) {
      await rows.first().getByRole('button', { name: /Remove/ }).click()
      await tabA.waitForFunction((left) => document.querySelectorAll('[data-testid=carousel] li.entry:not(.row-leave-active)').length < left, n)
    }
    await tabA.waitForFunction(() => document.querySelectorAll('[data-testid=carousel] li.entry').length === 0)
    await editor.locator('[data-testid=carousel-add]').click()
    await editor.locator('[data-testid=carousel-add]').click()
    await editor.locator('[data-testid=carousel-entry-0] select').selectOption('clock')
    await editor.locator('[data-testid=carousel-entry-1] select').selectOption('scroll_text')
    await editor.locator('[data-testid=carousel-entry-0] input').fill('1.5')
    await editor.locator('[data-testid=carousel-entry-1] input').fill('1.5')
    await editor.locator('[data-testid=carousel-save]').click()

    const entriesIn = (page) =>
      page.evaluate(() =>
        [...document.querySelectorAll('[data-testid=carousel] li.entry:not(.row-leave-active)')].map((li) => [li.querySelector('select').value, Number(li.querySelector('input').value)]),
      )
    await tabB.waitForFunction(() => document.querySelectorAll('[data-testid=carousel] li.entry:not(.row-leave-active)').length === 2, null, { timeout: 1000 })
    assert.deepEqual(await entriesIn(tabB), [
      ['clock', 1.5],
      ['scroll_text', 1.5],
    ])

    // Saved: the editor holds no edits and accepts the switch again.
    await tabA.waitForSelector('[data-testid=carousel-save]:disabled')
    await tabA.waitForSelector('[data-testid=carousel-toggle] input:enabled')
    await editor.locator('[data-testid=carousel-toggle]').click()
    await tabB.waitForSelector('[data-testid=carousel-toggle] input:checked', { timeout: 1000 })
    const activeIn = (page) => page.getAttribute('[data-testid=carousel] li.entry[data-active=true]', 'data-testid', { timeout: 3000 })
    const first = await activeIn(tabB)
    await tabB.waitForFunction(
      (before) => {
        const now = document.querySelector('[data-testid=carousel] li.entry[data-active=true]')
        return now && now.dataset.testid !== before
      },
      first,
      { timeout: 4000 },
    )
    // Read together, so a rotation in between cannot split them.
    const { second, shown } = await tabB.evaluate((sel) => ({
      second: document.querySelector('[data-testid=carousel] li.entry[data-active=true]')?.dataset.testid,
      shown: document.querySelector(sel).textContent,
    }), CURRENT)
    assert.notEqual(first, second)
    assert.equal(shown, second === 'carousel-entry-0' ? 'Clock' : 'Scroll text')
    await screenshot(tabB, 'carousel-rotating')

    await editor.locator('[data-testid=carousel-toggle]').click()
    await tabB.waitForSelector('[data-testid=carousel-toggle] input:not(:checked)', { timeout: 1000 })
    const carousel = await apiGet(target.url, '/carousel')
    assert.equal(carousel.enabled, false)
    assert.deepEqual(
      carousel.apps.map((e) => [e.app, e.duration]),
      [
        ['clock', 1.5],
        ['scroll_text', 1.5],
      ],
    )
  })

  test('the preview canvas draws the lit LEDs', async () => {
    await apiPost(target.url, '/switch', { app: 'clock' })
    await tabA.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Clock', CURRENT)
    await tabA.waitForSelector('[data-testid=preview][data-state=live]', { timeout: 10000 })
    const frames = Number(await tabA.getAttribute('[data-testid=preview]', 'data-frames'))
    // The clock redraws every second; wait for a frame drawn after the switch.
    await tabA.waitForFunction((n) => Number(document.querySelector('[data-testid=preview]').dataset.frames) > n, frames, { timeout: 3000 })
    await tabA.waitForTimeout(100)
    // The canvas is painted by a worker that owns it, so its pixels are read from a screenshot.
    const png = await tabA.locator('[data-testid=preview] canvas').screenshot()
    const lit = await tabA.evaluate(async (base64) => {
      const image = new Image()
      image.src = `data:image/png;base64,${base64}`
      await image.decode()
      const canvas = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height })
      const context = canvas.getContext('2d')
      context.drawImage(image, 0, 0)
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height)
      let bright = 0
      for (let i = 0; i < data.length; i += 4) if (Math.max(data[i], data[i + 1], data[i + 2]) > 100) bright += 1
      return { bright, total: data.length / 4 }
    }, png.toString('base64'))
    assert.ok(lit.bright > 200, `only ${lit.bright} of ${lit.total} canvas pixels are lit`)
  })

  test('a message sent from one tab shows in both and is dismissed from the other', async () => {
    await tabA.fill('[data-testid=message-text]', 'Tea is ready')
    await tabA.check('[data-testid=message-hold]')
    await tabA.click('[data-testid=message-send]')
    for (const tab of [tabA, tabB]) {
      await tab.locator('[data-testid=message-active]', { hasText: 'Tea is ready' }).waitFor({ timeout: 3000 })
    }
    assert.equal((await apiGet(target.url, '/notify')).active.text, 'Tea is ready')
    await screenshot(tabA, 'desktop-message')
    await tabB.click('[data-testid=message-dismiss]')
    for (const tab of [tabA, tabB]) {
      await tab.locator('[data-testid=message-active]').waitFor({ state: 'detached', timeout: 3000 })
    }
    await tabA.uncheck('[data-testid=message-hold]')
  })

  test('a custom app pushed over the API appears in both tabs and goes again', async () => {
    await apiPost(target.url, '/custom?name=weather', { text: '21C', color: '#00AAFF' })
    for (const tab of [tabA, tabB]) {
      await tab.locator('[data-testid=app-card-weather]').waitFor({ timeout: 3000 })
    }
    // Marked as pushed; the built-in apps are not.
    assert.equal(await tabA.locator('[data-testid=app-card-weather] [data-testid=app-pushed]').count(), 1)
    assert.equal(await tabA.locator('[data-testid=app-card-clock] [data-testid=app-pushed]').count(), 0)
    await apiPost(target.url, '/custom?name=weather', {})
    for (const tab of [tabA, tabB]) {
      await tab.locator('[data-testid=app-card-weather]').waitFor({ state: 'detached', timeout: 3000 })
    }
  })

  test('an empty message is flagged without a request', async () => {
    await tabA.fill('[data-testid=message-text]', '   ')
    await tabA.click('[data-testid=message-send]')
    const note = tabA.locator('[data-testid=message] [data-testid=error]', { hasText: 'Write a message' })
    await note.waitFor({ timeout: 2000 })
    await note.getByRole('button', { name: 'Dismiss' }).click()
    assert.deepEqual(await apiGet(target.url, '/notify'), { active: null, queued: 0 })
  })

  test('an {"error"} reply is shown inline next to the control', async () => {
    await tabA.route('**/api/stop', (route) => route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: 'Display is busy' }) }))
    await tabA.click('[data-testid=stop]')
    const note = tabA.locator('[data-testid=now-playing] [data-testid=error]', { hasText: 'Display is busy' })
    await note.waitFor({ timeout: 2000 })
    assert.match(await note.textContent(), /Display is busy/)
    await tabA.unroute('**/api/stop')
    await note.getByRole('button', { name: 'Dismiss' }).click()
    await note.waitFor({ state: 'detached' })
  })

  test('the light theme is remembered across reloads', async () => {
    const theme = () => tabA.evaluate(() => document.documentElement.dataset.theme)
    assert.equal(await theme(), 'dark')
    await tabA.click('[data-testid=theme-toggle]')
    assert.equal(await theme(), 'light')
    await tabA.reload()
    await waitLive(tabA)
    assert.equal(await theme(), 'light')
    await settle(tabA)
    await screenshot(tabA, 'desktop-light')
    await tabA.click('[data-testid=theme-toggle]')
    assert.equal(await theme(), 'dark')
  })

  test('fits a phone screen', async () => {
    const phone = await browser.context.newPage()
    await phone.setViewportSize({ width: 390, height: 844 })
    await phone.goto(target.url)
    await waitLive(phone)
    await settle(phone)
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
    for (const id of ['now-playing', 'apps', 'carousel']) {
      const box = await phone.locator(`[data-testid=${id}]`).boundingBox()
      assert.ok(box.x >= 0 && box.x + box.width <= 390, `${id} spans ${box.x}..${box.x + box.width}`)
    }
    await screenshot(phone, 'phone')
    await phone.close()
  })

  test('the preview streams only while it is on screen', async () => {
    const phone = await browser.context.newPage()
    await phone.setViewportSize({ width: 390, height: 844 })
    await phone.goto(target.url)
    await waitLive(phone)
    await phone.waitForSelector('[data-testid=preview][data-state=live]', { timeout: 10000 })
    const framesNow = () => phone.evaluate(() => Number(document.querySelector('[data-testid=preview]').dataset.frames))
    await phone.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    await phone.waitForTimeout(300)
    const previewBottom = await phone.evaluate(() => document.querySelector('[data-testid=preview]').getBoundingClientRect().bottom)
    assert.ok(previewBottom < 0, `preview still on screen (bottom at ${previewBottom}px)`)
    const hidden = await framesNow()
    // The clock changes every second, so a subscribed preview would get frames.
    await phone.waitForTimeout(2500)
    assert.equal(await framesNow(), hidden, 'frames kept arriving while the preview was off screen')
    await phone.evaluate(() => window.scrollTo(0, 0))
    await phone.waitForFunction((n) => Number(document.querySelector('[data-testid=preview]').dataset.frames) > n, hidden, { timeout: 3000 })
    await phone.close()
  })

  test('going offline shows Disconnected, coming back goes Live without waiting', async () => {
    const page = await open()
    await browser.context.setOffline(true)
    try {
      await page.waitForSelector(`${STATUS}[data-status=disconnected]`, { timeout: 70000 })
      assert.equal(await text(page, `${STATUS} .text`), 'Disconnected')
    } finally {
      await browser.context.setOffline(false)
    }
    await waitLive(page, 5000)
    await page.close()
  })

  test('a server restart shows Reconnecting, then Live with the state intact', async (t) => {
    if (!target.server) {
      t.skip('RETROBOARD_URL points at a server these tests cannot restart')
      return
    }
    await tabA.click('[data-testid=app-card-stars]')
    await tabA.locator('[data-testid=config-stars] [data-testid=start]').click()
    await tabA.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Stars', CURRENT)
    // The carousel section loads after the first screen.
    await tabA.locator('[data-testid=carousel]').waitFor()
    const before = {
      current: await text(tabA, CURRENT),
      brightness: await text(tabA, '[data-testid=brightness-value]'),
      entries: await tabA.locator('[data-testid=carousel] li.entry').count(),
    }

    await target.server.stop()
    await tabA.waitForFunction(() => /^Reconnecting in \d+ s/.test(document.querySelector('[data-testid=connection-status] .text').textContent), null, {
      timeout: 10000,
    })
    await tabA.waitForSelector('[data-testid=preview]')
    await screenshot(tabA, 'reconnecting')

    await target.server.start()
    await waitLive(tabA, 40000)
    await waitLive(tabB, 40000)
    await tabA.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Stars', CURRENT, { timeout: 3000 })
    await tabB.locator('[data-testid=carousel]').waitFor()
    assert.deepEqual(
      {
        current: await text(tabB, CURRENT),
        brightness: await text(tabB, '[data-testid=brightness-value]'),
        entries: await tabB.locator('[data-testid=carousel] li.entry').count(),
      },
      before,
    )
    await settle(tabA)
    await screenshot(tabA, 'reconnected')
  })
})
