// CPU time the control page costs a device while the board scrolls text at
// 30 fps: the page's renderer process over SECONDS (default 30) with the page
// in front, then as long again with another tab in front (the page hidden), as
// on a phone whose user switched away. Also counts the preview frames that
// reached the page in each phase.
//
// Hidden needs a real window (headless Chromium keeps every page visible), so
// this runs Chromium headful on a private Xvfb display, driven by Puppeteer:
// Playwright emulates focus in a way that keeps a background tab visible.
//
//   scripts/build.sh && (cd tests/browser && npm ci) && node bench/hidden_cpu.mjs
//
// RETROBOARD_BIN, CHROMIUM_PATH and RETROBOARD_URL work as in tests/browser.

import { spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { createRequire } from 'node:module'
import { apiPost, startTarget } from '../tests/browser/harness.js'

// Puppeteer is installed with the browser tests' packages.
const puppeteer = createRequire(new URL('../tests/browser/', import.meta.url))('puppeteer-core')

const SECONDS = Number(process.env.SECONDS ?? 30)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** A private X display, numbered by Xvfb itself so it never clashes with another. */
async function startXvfb() {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  })
  const display = await new Promise((resolve, reject) => {
    let output = ''
    child.stdio[3].setEncoding('utf8')
    child.stdio[3].on('data', (chunk) => {
      output += chunk
      if (output.includes('\n')) resolve(`:${output.trim()}`)
    })
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)))
  })
  return {
    display,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** CPU seconds of the process the page renders in, and of its main thread, per Chromium. */
async function cpu(session) {
  const { metrics } = await session.send('Performance.getMetrics')
  const value = (name) => metrics.find((metric) => metric.name === name)?.value ?? NaN
  return { process: value('ProcessTime'), thread: value('ThreadTime') }
}

async function framesSeen(page) {
  return page.$eval('[data-testid=preview]', (preview) => Number(preview.dataset.frames))
}

/** CPU and frames of the page over SECONDS as it stands. */
async function phase(page, session) {
  const cpuBefore = await cpu(session)
  const framesBefore = await framesSeen(page)
  await sleep(SECONDS * 1000)
  const cpuAfter = await cpu(session)
  return {
    visibility: await page.evaluate(() => document.visibilityState),
    processCpu: cpuAfter.process - cpuBefore.process,
    mainThreadCpu: cpuAfter.thread - cpuBefore.thread,
    frames: (await framesSeen(page)) - framesBefore,
  }
}

function report(name, result) {
  const share = (seconds) => ((100 * seconds) / SECONDS).toFixed(1)
  console.log(
    `${name.padEnd(8)} (${result.visibility}): renderer process ${result.processCpu.toFixed(2)} s CPU ` +
      `(${share(result.processCpu)} % of one core), main thread ${result.mainThreadCpu.toFixed(2)} s, ` +
      `${result.frames} preview frames received`,
  )
}

const xvfb = await startXvfb()
const target = await startTarget()
// Puppeteer's defaults keep background tabs' timers and renderers at full
// speed, so what is left while hidden is the page's own doing.
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: false,
  env: { ...process.env, DISPLAY: xvfb.display },
  defaultViewport: { width: 390, height: 844 },
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'],
})
try {
  await apiPost(target.url, '/switch', { app: 'scroll_text', config: { text: 'Hidden tabs cost nothing', fps: 30 } })
  const page = await browser.newPage()
  const session = await page.createCDPSession()
  await session.send('Performance.enable', { timeDomain: 'threadTicks' })
  await page.goto(target.url)
  await page.waitForSelector('[data-testid=preview][data-state=live]', { timeout: 20000 })
  await sleep(2000)

  console.log(`scroll_text at 30 fps, ${SECONDS} s per phase, phone-sized viewport`)
  report('visible', await phase(page, session))
  const other = await browser.newPage()
  await other.bringToFront()
  await page.waitForFunction(() => document.visibilityState === 'hidden', { timeout: 10000 })
  await sleep(1000)
  report('hidden', await phase(page, session))
} finally {
  await browser.close()
  await target.cleanup()
  await xvfb.stop()
}
