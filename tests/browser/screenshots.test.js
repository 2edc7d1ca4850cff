// The pictures of the manual: the web UI, its live preview and the app library,
// taken from a real server and written to docs/images/ so the docs show the UI
// as it is. Only against a server started here (a proxied or external run would
// take the same pictures again).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT, apiGet, apiPost, launchBrowser, startTarget } from './harness.js'

const IMAGES = path.join(ROOT, 'docs', 'images')
const SKIP = process.env.RETROBOARD_PROXY || process.env.RETROBOARD_URL ? 'the pictures come from the direct run' : false
const LIBRARY = [
  ['tests/fixtures/starlark', 'solid'],
  ['tests/fixtures/starlark', 'wide'],
  ['tests/fixtures/starlark', 'fetch'],
  ['crates/starlet/benches/star', 'clock'],
  ['crates/starlet/benches/star', 'marquee'],
  ['crates/starlet/benches/star', 'shapes'],
]

let target
let browser
let apps

before(async () => {
  if (SKIP) return
  apps = await mkdtemp(path.join(tmpdir(), 'retroboard-docs-apps-'))
  for (const [dir, app] of LIBRARY) {
    await cp(path.join(ROOT, dir, app), path.join(apps, app), { recursive: true })
  }
  target = await startTarget(['--apps-dir', apps])
  browser = await launchBrowser()
  await mkdir(IMAGES, { recursive: true })
})

after(async () => {
  await browser?.close()
  await target?.cleanup()
  if (apps) await rm(apps, { recursive: true, force: true })
})

/** Asserts `file` is a PNG of at least the given size, and returns its width and height. */
async function assertPng(file, minWidth, minHeight) {
  const bytes = await readFile(file)
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG', `${file} is a PNG`)
  const width = bytes.readUInt32BE(16)
  const height = bytes.readUInt32BE(20)
  assert.ok(width >= minWidth && height >= minHeight, `${file} is ${width}x${height}`)
  return { width, height }
}

test('the web UI and its live preview, showing a pushed app', { skip: SKIP }, async () => {
  // A still picture (text that fits does not scroll), so the screenshots only change when the UI does.
  const pushed = await apiPost(target.url, '/custom?name=hello', { text: 'Hello', icon: 'heart', color: '#FFA040' })
  assert.equal(pushed.status, 200, JSON.stringify(pushed.body))
  assert.equal((await apiPost(target.url, '/switch', { app: 'hello' })).status, 200)
  assert.equal((await apiGet(target.url, '/current')).app, 'hello')

  const page = await browser.context.newPage()
  await page.goto(target.url)
  await page.locator('[data-testid=connection-status][data-status=live]').waitFor({ timeout: 15000 })
  await page.locator('[data-testid=preview] canvas.leds:not(.hidden)').waitFor({ timeout: 15000 })
  await page.locator('[data-testid=current-app]').getByText('Hello').waitFor({ timeout: 15000 })
  // Let the preview draw the pushed frame and any layout settle.
  await page.waitForTimeout(500)

  const ui = path.join(IMAGES, 'web-ui.png')
  await page.screenshot({ path: ui })
  await assertPng(ui, 1280, 900)
  const preview = path.join(IMAGES, 'preview.png')
  await page.locator('[data-testid=preview]').screenshot({ path: preview })
  await assertPng(preview, 200, 100)
  await page.close()
})

test('the app library, with the preview an app ships', { skip: SKIP }, async () => {
  const page = await browser.context.newPage()
  await page.goto(target.url)
  const library = page.locator('[data-testid=app-library]')
  const cards = library.locator('[data-testid=library-app]')
  await cards.first().waitFor({ timeout: 15000 })
  assert.equal(await cards.count(), LIBRARY.length)
  // Previews load lazily, once the library is in view.
  await library.scrollIntoViewIfNeeded()
  // Only apps that ship a preview (solid) show one; wait until each has loaded.
  await page.waitForFunction(
    () => {
      const thumbs = [...document.querySelectorAll('[data-testid=library-app] img.thumb')]
      return thumbs.length > 0 && thumbs.every((img) => img.complete && img.naturalWidth > 0)
    },
    null,
    { timeout: 15000 },
  )

  const file = path.join(IMAGES, 'app-library.png')
  await library.screenshot({ path: file })
  await assertPng(file, 300, 200)
  await page.close()
})
