// Night mode in the control panel: set up from its card, on at once when the
// window holds the present, and the brightness slider then moves the night's.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiGet, apiPost, launchBrowser, screenshot, startTarget } from './harness.js'

const STATUS = '[data-testid=connection-status]'

let target
let browser

before(async () => {
  target = await startTarget(['--timezone', 'UTC'])
  browser = await launchBrowser()
  await apiPost(target.url, '/night', { enabled: false, start: '22:00', end: '07:00', brightness: 10, app: null })
  await apiPost(target.url, '/settings', { brightness: 100 })
})

after(async () => {
  await browser?.close()
  await target?.cleanup()
})

/** `HH:MM` on the board's wall clock (its time zone `zone`), `minutes` from now. */
function wallClock(zone, minutes) {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  return format.format(new Date(Date.now() + minutes * 60000))
}

test('a night set up in its card starts at once and the slider sets the night brightness', async () => {
  const page = await browser.context.newPage()
  await page.goto(target.url)
  await page.waitForSelector(`${STATUS}[data-status=live]`, { timeout: 15000 })
  const card = page.locator('[data-testid=night]')
  assert.equal(await card.locator('[data-testid=night-status]').textContent(), 'Off')

  // A window from an hour ago to an hour ahead holds now, across midnight or not.
  const { timezone } = await apiGet(target.url, '/night')
  await card.locator('[data-testid=night-start]').fill(wallClock(timezone, -60))
  await card.locator('[data-testid=night-end]').fill(wallClock(timezone, 60))
  await card.locator('[data-testid=night-brightness]').fill('7')
  await card.locator('[data-testid=night-app]').selectOption('stars')
  await card.locator('[data-testid=night-save]').click()
  await page.waitForSelector('[data-testid=night-save]:disabled')
  let night = await apiGet(target.url, '/night')
  assert.deepEqual([night.brightness, night.app, night.enabled], [7, 'stars', false])
  assert.ok(process.env.RETROBOARD_URL || timezone === 'UTC', `started with --timezone UTC, got ${timezone}`)
  assert.ok((await card.textContent()).includes(`Times are in ${timezone}`))

  await card.locator('[data-testid=night-toggle]').click()
  await page.waitForFunction(() => document.querySelector('[data-testid=night-status]')?.textContent === 'On now', null, { timeout: 3000 })
  await page.waitForSelector('[data-testid=night-badge]')
  assert.equal(await page.textContent('[data-testid=brightness-value]'), '7%')
  assert.match(await page.textContent('[data-testid=brightness-night]'), /night brightness/)
  await screenshot(page, 'night-mode-on')

  await page.locator('[data-testid=brightness]').fill('20')
  for (const deadline = Date.now() + 3000; night.brightness !== 20 && Date.now() < deadline; ) {
    await page.waitForTimeout(50)
    night = await apiGet(target.url, '/night')
  }
  assert.equal(night.brightness, 20)
  assert.equal((await apiGet(target.url, '/settings')).brightness, 100, 'the daytime brightness is kept')
  await page.waitForFunction(() => document.querySelector('[data-testid=night-brightness]')?.value === '20', null, { timeout: 3000 })

  // Out of range is refused at the input, before any request.
  await card.locator('[data-testid=night-brightness]').fill('150')
  assert.equal(await card.locator('[data-testid=night-save]').isDisabled(), true)

  await card.locator('[data-testid=night-toggle]').click()
  await page.waitForFunction(() => document.querySelector('[data-testid=night-status]')?.textContent === 'Off', null, { timeout: 3000 })
  assert.equal(await page.textContent('[data-testid=brightness-value]'), '100%')
  await page.close()
})
