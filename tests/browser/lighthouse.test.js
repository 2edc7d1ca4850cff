// Lighthouse on its default mobile preset (a mid-range phone on a slow 4G line,
// simulated) against the control page while the board scrolls text at 30 fps,
// the preview's heaviest ordinary load. Prints every category's score and the
// main timings, keeps the HTML report under artifacts/browser, and fails below
// the targets.

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import lighthouse from 'lighthouse'
import { ARTIFACTS, apiPost, startTarget } from './harness.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo']
// Accessibility, best practices and SEO are judged from the page itself and do
// not vary between runs: they are gated at the target, 95. Performance is
// simulated from the task times observed on this machine, multiplied for a
// slow phone, so it follows whatever else the machine runs: on two cores the
// page scores 93 to 99 alone and 85 to 89 with a release build compiling
// beside it. With its frames still received on the main thread it scored 77
// to 92 alone and 66 to 70 beside a build; painting there too, 56 to 59. The
// median is gated at 80, under the busy machine's figures and above most of
// those regressions; docs/benchmarks.md holds the figures.
const TARGETS = { performance: 80, accessibility: 95, 'best-practices': 95, seo: 95 }
const RUNS = 3

let target
let chromium

before(async () => {
  target = await startTarget()
  await apiPost(target.url, '/switch', { app: 'scroll_text', config: { text: 'Lighthouse on the board', fps: 30 } })
  chromium = await launchChromium()
})

after(async () => {
  await chromium?.close()
  await target?.cleanup()
})

/** Debian's Chromium with a DevTools port for Lighthouse; a fresh profile, removed afterwards. */
async function launchChromium() {
  const profile = await mkdtemp(path.join(tmpdir(), 'retroboard-lighthouse-'))
  const child = spawn(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  const port = await new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`chromium gave no DevTools port:\n${output}`)), 20000)
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk) => {
      output += chunk
      const match = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`chromium exited with ${code}:\n${output}`))
    })
  })
  return {
    port,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      await rm(profile, { recursive: true, force: true })
    },
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

// Each run takes 20-40 s on two shared cores, longer than the suite's default timeout allows for three.
test('the control page meets the Lighthouse targets on the mobile preset', { timeout: 600000 }, async () => {
  const runs = []
  for (let run = 1; run <= RUNS; run++) {
    const result = await lighthouse(target.url, {
      port: chromium.port,
      output: 'html',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
    })
    const { categories, audits } = result.lhr
    const scores = Object.fromEntries(CATEGORIES.map((id) => [id, Math.round(categories[id].score * 100)]))
    const timing = (id) => Math.round(audits[id].numericValue)
    console.log(
      `lighthouse run ${run}: ${CATEGORIES.map((id) => `${id} ${scores[id]}`).join(', ')}; ` +
        `FCP ${timing('first-contentful-paint')} ms, LCP ${timing('largest-contentful-paint')} ms, ` +
        `TBT ${timing('total-blocking-time')} ms, CLS ${audits['cumulative-layout-shift'].numericValue.toFixed(3)}, ` +
        `SI ${timing('speed-index')} ms`,
    )
    for (const id of CATEGORIES.slice(1)) {
      const failed = Object.values(audits).filter((audit) => categories[id].auditRefs.some((ref) => ref.id === audit.id && ref.weight > 0) && audit.score !== null && audit.score < 1)
      if (failed.length) console.log(`  ${id} short of 100 on: ${failed.map((audit) => audit.id).join(', ')}`)
    }
    await writeFile(path.join(ARTIFACTS, `lighthouse-mobile-${run}.html`), result.report)
    runs.push(scores)
  }
  const gated = Object.fromEntries(CATEGORIES.map((id) => [id, median(runs.map((scores) => scores[id]))]))
  console.log(`lighthouse median of ${RUNS}: ${CATEGORIES.map((id) => `${id} ${gated[id]}`).join(', ')}`)
  for (const id of CATEGORIES) {
    assert.ok(gated[id] >= TARGETS[id], `${id} scored ${gated[id]}, below ${TARGETS[id]}`)
  }
})
