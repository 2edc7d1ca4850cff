// The icon library: built-in icons with previews, an upload that appears at
// once with its preview, a refused upload explained inline, and deletion.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PNG_2X2, apiGet, launchBrowser, screenshot, startTarget } from './harness.js'

let target
let browser

before(async () => {
  target = await startTarget([])
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await target?.cleanup()
})

test('icons are listed with previews, uploaded, refused with a reason and deleted', async () => {
  const page = await browser.context.newPage()
  await page.goto(target.url)
  const heart = page.locator('[data-testid=icon][data-name=heart]')
  await heart.locator('img').waitFor({ timeout: 15000 })
  assert.equal(await heart.locator('img').evaluate((img) => img.complete && img.naturalWidth), 8)

  const file = path.join(tmpdir(), `retroboard-icon-${process.pid}.png`)
  await writeFile(file, PNG_2X2)
  await page.setInputFiles('[data-testid=icon-file]', file)
  await page.fill('[data-testid=icon-name]', 'tiny')
  await page.click('[data-testid=icon-upload]')
  const tiny = page.locator('[data-testid=icon][data-name=tiny]')
  await tiny.locator('img').waitFor({ timeout: 15000 })
  assert.match(await tiny.textContent(), /2×2/)
  const uploaded = (await apiGet(target.url, '/icons')).icons.find((icon) => icon.name === 'tiny')
  assert.deepEqual(uploaded, { name: 'tiny', width: 2, height: 2, frames: 1, builtin: false })
  await screenshot(page, 'icons')

  // Not an image: the server's reason shows next to the form, and nothing is added.
  const text = path.join(tmpdir(), `retroboard-icon-${process.pid}.txt`)
  await writeFile(text, 'not an image')
  await page.setInputFiles('[data-testid=icon-file]', text)
  await page.fill('[data-testid=icon-name]', 'bogus')
  await page.click('[data-testid=icon-upload]')
  await page.getByText('not a PNG, GIF or WebP image').waitFor({ timeout: 15000 })
  assert.equal(await page.locator('[data-testid=icon][data-name=bogus]').count(), 0)

  await tiny.locator('[data-testid=icon-delete]').click()
  await tiny.waitFor({ state: 'detached', timeout: 15000 })
  assert.equal((await apiGet(target.url, '/icons')).icons.some((icon) => icon.name === 'tiny'), false)
})
