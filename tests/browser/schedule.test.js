// Carousel entry schedules in the control panel: set on a row, sent as the
// optional keys, shown as a summary, and refused at the input when half given.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiGet, apiPost, launchBrowser, screenshot, startTarget } from './harness.js'

let target
let browser

before(async () => {
  target = await startTarget()
  browser = await launchBrowser()
  await apiPost(target.url, '/carousel', {
    enabled: false,
    apps: [
      { app: 'clock', duration: 10 },
      { app: 'stars', duration: 5 },
    ],
  })
})

after(async () => {
  await browser?.close()
  await target?.cleanup()
})

test('a schedule set on a carousel row is saved and summarised', async () => {
  const page = await browser.context.newPage()
  await page.goto(target.url)
  await page.waitForSelector('[data-testid=connection-status][data-status=live]', { timeout: 15000 })
  const row = page.locator('[data-testid=carousel-entry-1]')
  await row.locator('[data-testid=schedule-toggle]').click()
  const schedule = row.locator('[data-testid=carousel-schedule-1]')
  for (const day of ['sat', 'sun']) await schedule.locator(`[data-day=${day}]`).click()
  await schedule.locator('[data-testid=schedule-start]').fill('06:30')
  assert.match(await schedule.textContent(), /Give both times, or neither/)
  assert.equal(await page.locator('[data-testid=carousel-save]').isDisabled(), true)
  await schedule.locator('[data-testid=schedule-end]').fill('09:00')
  await screenshot(page, 'carousel-schedule')
  await page.locator('[data-testid=carousel-save]').click()
  await page.waitForSelector('[data-testid=carousel-save]:disabled')

  const carousel = await apiGet(target.url, '/carousel')
  assert.deepEqual(carousel.apps, [
    { app: 'clock', duration: 10 },
    { app: 'stars', duration: 5, days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '06:30', end: '09:00' },
  ])
  await row.locator('[data-testid=schedule-toggle]').click()
  assert.equal(await page.textContent('[data-testid=carousel-when-1]'), 'Mon–Fri · 06:30–09:00')
  await page.close()
})
