// A board started with --auth-token: the page asks for the token once, then
// connects, sends commands with it and remembers it across reloads.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiGet, launchBrowser, screenshot, startTarget } from './harness.js'

const TOKEN = 'let-me-in'
const STATUS = '[data-testid=connection-status]'

let target
let browser

before(async () => {
  if (process.env.RETROBOARD_URL) return
  target = await startTarget(['--auth-token', TOKEN])
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await target?.cleanup()
})

test('the page asks for the token once and remembers it', { skip: Boolean(process.env.RETROBOARD_URL) }, async () => {
  const page = await browser.context.newPage()
  await page.goto(target.url)
  await page.waitForSelector('[data-testid=token-prompt]', { timeout: 15000 })
  assert.notEqual(await page.getAttribute(STATUS, 'data-status'), 'live')
  await screenshot(page, 'token-prompt')

  await page.fill('[data-testid=token-input]', TOKEN)
  await page.click('[data-testid=token-save]')
  await page.waitForSelector(`${STATUS}[data-status=live]`, { timeout: 15000 })
  assert.equal(await page.locator('[data-testid=token-prompt]').count(), 0)
  // The preview's own connection carries the token too.
  await page.waitForSelector('[data-testid=preview][data-state=live]', { timeout: 10000 })

  // Commands carry the token: stopping from the page works.
  await page.click('[data-testid=stop]')
  await page.waitForFunction(() => document.querySelector('[data-testid=current-app]')?.textContent === 'Stopped')
  assert.equal((await apiGet(target.url, '/current')).app, null)

  await page.reload()
  await page.waitForSelector(`${STATUS}[data-status=live]`, { timeout: 15000 })
  assert.equal(await page.locator('[data-testid=token-prompt]').count(), 0, 'not asked again')
  await page.waitForSelector('[data-testid=preview][data-state=live]', { timeout: 10000 })
})
