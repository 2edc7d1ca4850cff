// Accessibility as axe-core judges it, with its default rules (WCAG 2.x A and
// AA plus its best practices), on a desktop and a phone viewport: the main page,
// the app library with an app's install form, an installed community app's
// settings and a built-in app's, in the dark theme and the light one. Any
// violation fails the test, naming the rule and the elements.

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { readFile, cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT, apiPost, launchBrowser, startTarget } from './harness.js'

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
}

let target
let browser
let apps

before(async () => {
  apps = await mkdtemp(path.join(tmpdir(), 'retroboard-apps-'))
  await cp(path.join(ROOT, 'tests', 'fixtures', 'starlark', 'solid'), path.join(apps, 'solid'), { recursive: true })
  target = await startTarget(['--apps-dir', apps])
  browser = await launchBrowser()
  // A deployment named by RETROBOARD_URL may have it from an earlier run.
  await fetch(`${target.url}/api/starlark/installations/wall`, { method: 'DELETE' })
  const { status } = await apiPost(target.url, '/starlark/installations', { app: 'solid', name: 'wall' })
  assert.equal(status, 200)
  await apiPost(target.url, '/switch', { app: 'clock' })
})

after(async () => {
  await browser?.close()
  await target?.cleanup()
  if (apps) await rm(apps, { recursive: true, force: true })
})

/** The page at `viewport` (in the light theme if asked), live, with the preview past its first frame. */
async function open(viewport, { light = false } = {}) {
  const page = await browser.context.newPage()
  if (light) await page.addInitScript(() => localStorage.setItem('retroboard-theme', 'light'))
  await page.setViewportSize(VIEWPORTS[viewport])
  // Axe judges what is on screen; transitions half-way would skew its contrast figures.
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.goto(target.url)
  await page.waitForSelector('[data-testid=connection-status][data-status=live]', { timeout: 15000 })
  await page.waitForSelector('[data-testid=preview]:not([data-state=waiting])', { timeout: 15000 })
  return page
}

/** Axe's violations on the page as it stands, one readable line per element. */
async function violations(page) {
  // Evaluated over the DevTools protocol, which no Content-Security-Policy of the page can refuse.
  await page.evaluate(AXE_SOURCE)
  const found = await page.evaluate(async () => {
    const { violations } = await window.axe.run(document)
    return violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }))
  })
  return found.flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact}) ${node.replace(/\s+/g, ' ')}`))
}

for (const viewport of Object.keys(VIEWPORTS)) {
  describe(`axe on the ${viewport} viewport`, () => {
    test('the main page has no violations', async () => {
      const page = await open(viewport)
      await page.locator('[data-testid=app-library] [data-testid=library-app]').first().waitFor({ timeout: 15000 })
      assert.deepEqual(await violations(page), [])
      await page.close()
    })

    test('the app library with an install form open has no violations', async () => {
      const page = await open(viewport)
      const library = page.locator('[data-testid=app-library]')
      await library.locator('[data-testid=library-app][data-id=solid] button.card').click({ timeout: 15000 })
      const form = library.locator('[data-testid=install-form]')
      await form.locator('[data-testid=sl-field-color]').waitFor({ timeout: 15000 })
      await form.locator('[data-testid=library-preview]').waitFor({ timeout: 15000 })
      assert.deepEqual(await violations(page), [])
      await page.close()
    })

    test("an installed app's config form has no violations", async () => {
      const page = await open(viewport)
      await page.click('[data-testid=app-card-wall]', { timeout: 15000 })
      const settings = page.locator('[data-testid=installation-wall]')
      await settings.locator('[data-testid=sl-field-color]').waitFor({ timeout: 15000 })
      await settings.locator('[data-testid=installation-status]').waitFor({ timeout: 15000 })
      assert.deepEqual(await violations(page), [])
      await page.close()
    })

    test("the light theme's main page and a config form have no violations", async () => {
      const page = await open(viewport, { light: true })
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light')
      await page.click('[data-testid=app-card-scroll_text]', { timeout: 15000 })
      await page.locator('[data-testid=config-scroll_text] input').first().waitFor({ timeout: 15000 })
      await page.locator('[data-testid=app-library] [data-testid=library-app]').first().waitFor({ timeout: 15000 })
      assert.deepEqual(await violations(page), [])
      await page.evaluate(() => localStorage.removeItem('retroboard-theme'))
      await page.close()
    })

    test("a built-in app's config form has no violations", async () => {
      const page = await open(viewport)
      await page.click('[data-testid=app-card-scroll_text]', { timeout: 15000 })
      await page.locator('[data-testid=config-scroll_text] input').first().waitFor({ timeout: 15000 })
      assert.deepEqual(await violations(page), [])
      await page.close()
    })
  })
}
