// The transition select under the carousel: a choice reaches the server and
// every open tab, and a duration out of range is refused before any request.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiGet, apiPost, launchBrowser, startTarget } from './harness.js'

let target
let browser

before(async () => {
  target = await startTarget()
  browser = await launchBrowser()
  await apiPost(target.url, '/transition', { kind: 'none', duration: 500 })
})

after(async () => {
  await browser?.close()
  await target?.cleanup()
})

async function open() {
  const page = await browser.context.newPage()
  await page.goto(target.url)
  await page.waitForSelector('[data-testid=connection-status][data-status=live]', { timeout: 15000 })
  return page
}

test('a transition chosen in one tab is saved and shows in the other', async () => {
  const [tabA, tabB] = [await open(), await open()]
  assert.equal(await tabA.locator('[data-testid=transition-duration]').isDisabled(), true)
  await tabA.locator('[data-testid=transition-kind]').selectOption('fade')
  await tabB.waitForFunction(() => document.querySelector('[data-testid=transition-kind]')?.value === 'fade', null, { timeout: 3000 })
  await tabA.locator('[data-testid=transition-duration]').fill('800')
  await tabA.locator('[data-testid=transition-duration]').dispatchEvent('change')
  await tabB.waitForFunction(() => document.querySelector('[data-testid=transition-duration]')?.value === '800', null, { timeout: 3000 })
  assert.deepEqual(await apiGet(target.url, '/transition'), { kind: 'fade', duration: 800 })

  await tabA.locator('[data-testid=transition-duration]').fill('5000')
  await tabA.locator('[data-testid=transition-duration]').dispatchEvent('change')
  await tabA.waitForSelector('[data-testid=transition] [data-testid=error]')
  assert.deepEqual(await apiGet(target.url, '/transition'), { kind: 'fade', duration: 800 })
  await tabA.close()
  await tabB.close()
})
