// The app library: community apps of --apps-dir searched, one installed with
// its settings from its schema (a typeahead answered by the app's handler),
// started from its card, and a failing app's error shown on its card.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT, apiGet, apiPost, launchBrowser, screenshot, startTarget } from './harness.js'

let target
let browser
let apps

before(async () => {
  apps = await mkdtemp(path.join(tmpdir(), 'retroboard-apps-'))
  for (const app of ['solid', 'broken', 'empty']) {
    await cp(path.join(ROOT, 'tests', 'fixtures', 'starlark', app), path.join(apps, app), { recursive: true })
  }
  target = await startTarget(['--apps-dir', apps])
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await target?.cleanup()
  if (apps) await rm(apps, { recursive: true, force: true })
})

test('an app is found, installed with its settings, configured and started', async () => {
  const page = await browser.context.newPage()
  await page.goto(target.url)
  const library = page.locator('[data-testid=app-library]')
  await library.locator('[data-testid=library-app]').first().waitFor({ timeout: 15000 })
  assert.equal(await library.locator('[data-testid=library-app]').count(), 3)

  await library.locator('[data-testid=library-search]').fill('fills the panel')
  await library.locator('[data-testid=library-app]').nth(1).waitFor({ state: 'detached', timeout: 15000 })
  const solid = library.locator('[data-testid=library-app][data-id=solid]')
  assert.match(await solid.textContent(), /RetroBoard tests/)
  await solid.locator('img.thumb').waitFor({ timeout: 15000 })
  await page.waitForFunction(() => document.querySelector('[data-id=solid] img.thumb')?.naturalWidth === 64, null, { timeout: 15000 })

  await solid.locator('button.card').click()
  const form = library.locator('[data-testid=install-form]')
  await form.locator('[data-testid=sl-field-color]').waitFor({ timeout: 15000 })
  await form.locator('[data-testid=library-preview]').waitFor({ timeout: 15000 })
  assert.equal(await form.locator('[data-testid=install-name]').inputValue(), 'solid')
  await form.locator('[data-testid=install-name]').fill('wall')
  await form.locator('[data-testid=sl-field-color] input.hex').fill('#0000ff')
  await form.locator('[data-testid=sl-field-color] input.hex').press('Tab')
  await form.locator('[data-testid=sl-field-shade] select').selectOption('off')
  await form.locator('[data-testid=install]').click()
  await library.locator('[role=status]').getByText('Installed as wall').waitFor({ timeout: 15000 })
  const installed = (await apiGet(target.url, '/starlark/installations')).installations
  assert.deepEqual(installed.map((i) => [i.name, i.config.color, i.config.shade]), [['wall', '#0000ff', 'off']])

  await page.click('[data-testid=app-card-wall]')
  const settings = page.locator('[data-testid=installation-wall]')
  await settings.waitFor({ timeout: 15000 })
  await settings.locator('[data-testid=sl-field-named] input').fill('00ff00')
  await settings.locator('[data-testid=sl-search-named]').click()
  const choices = settings.locator('[data-testid=sl-choices-named]')
  await choices.waitFor({ timeout: 15000 })
  await choices.selectOption({ label: 'Colour 00ff00' })
  await settings.locator('[data-testid=sl-field-shade] select').selectOption('full')
  await settings.locator('[data-testid=start]').click()
  await page.locator('[data-testid=current-app]').getByText('wall').waitFor({ timeout: 15000 })
  const current = await apiGet(target.url, '/current')
  assert.equal(current.app, 'wall')
  assert.equal(current.config.shade, 'full')
  assert.deepEqual(JSON.parse(current.config.named), { display: 'Colour 00ff00', value: '#00ff00' })
  await settings.locator('[data-testid=installation-status]').getByText(/1 frame/).waitFor({ timeout: 20000 })
  await screenshot(page, 'library')
})

test('a failing app shows its error on its card, and is deleted from there', async () => {
  const { status } = await apiPost(target.url, '/starlark/installations', { app: 'broken', name: 'oops' })
  assert.equal(status, 200)
  const page = await browser.context.newPage()
  await page.goto(target.url)
  await page.click('[data-testid=app-card-oops]', { timeout: 15000 })
  const settings = page.locator('[data-testid=installation-oops]')
  const error = settings.locator('[data-testid=installation-error]')
  await error.waitFor({ timeout: 20000 })
  assert.match(await error.textContent(), /line 4/)
  assert.match(await error.textContent(), /the sky fell/)
  await settings.locator('[data-testid=uninstall]').click()
  await page.locator('[data-testid=app-card-oops]').waitFor({ state: 'detached', timeout: 15000 })
  assert.equal((await apiGet(target.url, '/starlark/installations')).installations.some((i) => i.name === 'oops'), false)
})
