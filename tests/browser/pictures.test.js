// The picture library and the image app: a picture uploaded in the
// "Pictures" card is offered by the image app's form, and starting the app
// with it shows it on the panel.

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

test('a picture is uploaded, picked in the image app and shown, then deleted', async () => {
  const page = await browser.context.newPage()
  await page.goto(target.url)
  const library = page.locator('[data-testid=pictures]')
  await library.waitFor({ timeout: 15000 })

  const file = path.join(tmpdir(), `retroboard-picture-${process.pid}.png`)
  await writeFile(file, PNG_2X2)
  await library.locator('[data-testid=picture-file]').setInputFiles(file)
  await library.locator('[data-testid=picture-name]').fill('quad')
  await library.locator('[data-testid=picture-upload]').click()
  const quad = library.locator('[data-testid=picture][data-name=quad]')
  await quad.locator('img').waitFor({ timeout: 15000 })
  assert.match(await quad.textContent(), /2×2/)

  await page.click('[data-testid=app-card-image]')
  const form = page.locator('[data-testid=config-image]')
  const choice = form.locator('[data-testid=picture-choice]')
  await choice.locator('option[value=quad]').waitFor({ state: 'attached', timeout: 15000 })
  await choice.selectOption('quad')
  await form.locator('#field-fit').selectOption('stretch')
  await form.locator('[data-testid=start]').click()
  await page.locator('[data-testid=current-app]').getByText('Image').waitFor({ timeout: 15000 })
  const current = await apiGet(target.url, '/current')
  assert.deepEqual(current, { app: 'image', config: { image: 'quad', fit: 'stretch', smooth: false } })
  await screenshot(page, 'pictures')

  await quad.locator('[data-testid=picture-delete]').click()
  await quad.waitFor({ state: 'detached', timeout: 15000 })
  assert.deepEqual((await apiGet(target.url, '/images')).images, [])
  assert.equal((await apiGet(target.url, '/health')).current_app, 'image')
})
