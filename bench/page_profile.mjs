// Where the control page's main thread spends its time: a Chromium performance
// trace of loading the page and SECONDS (default 10) of watching the board
// scroll text at 30 fps, on a phone-sized viewport with the CPU slowed 4x as
// Lighthouse's mobile preset does. Prints the main thread's busy time by kind
// of work, its long tasks, and the JavaScript functions with the most self
// time (Chromium's sampling profiler); writes the trace for the DevTools
// Performance panel to artifacts/browser/page-trace.json.
//
//   scripts/build.sh && (cd tests/browser && npm ci) && node bench/page_profile.mjs
//
// RETROBOARD_BIN, CHROMIUM_PATH and RETROBOARD_URL work as in tests/browser.

import { createRequire } from 'node:module'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { ARTIFACTS, apiPost, startTarget } from '../tests/browser/harness.js'

// Puppeteer is installed with the browser tests' packages.
const puppeteer = createRequire(new URL('../tests/browser/', import.meta.url))('puppeteer-core')

const SECONDS = Number(process.env.SECONDS ?? 10)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const LONG_TASK_MS = 50

const isTask = (event) => event.name === 'RunTask' || event.name === 'ThreadControllerImpl::RunTask'

/**
 * The page's main thread in a trace (the renderer main thread that ran the
 * most), its top-level tasks, and their time by what each task's outermost
 * events were (script, style, layout, paint...).
 */
function mainThread(events) {
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  const slices = (thread) => events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && typeof e.dur === 'number')
  const total = (list) => list.filter(isTask).reduce((sum, e) => sum + e.dur, 0)
  const own = mains.map(slices).sort((a, b) => total(b) - total(a))[0] ?? []
  const byKind = new Map()
  const tasks = []
  const open = []
  for (const event of [...own].sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
    while (open.length && open.at(-1).ts + open.at(-1).dur <= event.ts) open.pop()
    // Tasks nest (a scheduler's task inside the thread's), so only the outermost counts.
    if (isTask(event) && open.length === 0) tasks.push(event)
    else if (!isTask(event) && open.every(isTask)) byKind.set(event.name, (byKind.get(event.name) ?? 0) + event.dur / 1000)
    open.push(event)
  }
  return { tasks, byKind, own }
}

/** What a task spent its time on: its outermost events, largest first, with the script or event they ran. */
function taskContents(task, own) {
  const inside = own
    .filter((e) => e !== task && !isTask(e) && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur)
  const outermost = []
  for (const event of inside) if (!outermost.some((o) => event.ts >= o.ts && event.ts + event.dur <= o.ts + o.dur)) outermost.push(event)
  return outermost
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 3)
    .map((e) => {
      const data = e.args?.data ?? {}
      const what = data.url ? path.basename(data.url) : data.type ?? data.functionName ?? ''
      return `${e.name}${what ? ` (${what})` : ''} ${(e.dur / 1000).toFixed(0)}`
    })
    .join(', ')
}

/** Self time per function of a V8 CPU profile, highest first. */
function hotFunctions(profile) {
  const self = new Map()
  const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length) / 1000
  const hits = new Map()
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1)
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame
    const key = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim()
    self.set(key, (self.get(key) ?? 0) + (hits.get(node.id) ?? 0) * interval)
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1])
}

const target = await startTarget()
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  defaultViewport: { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'],
})
try {
  await apiPost(target.url, '/switch', { app: 'scroll_text', config: { text: 'Where does the time go', fps: 30 } })
  const page = await browser.newPage()
  const session = await page.createCDPSession()
  await session.send('Emulation.setCPUThrottlingRate', { rate: 4 })
  await session.send('Profiler.enable')
  await session.send('Profiler.setSamplingInterval', { interval: 200 })
  const tracePath = path.join(ARTIFACTS, 'page-trace.json')
  await page.tracing.start({ path: tracePath, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8.execute', 'blink.user_timing'] })
  await session.send('Profiler.start')
  const started = Date.now()
  await page.goto(target.url)
  await page.waitForSelector('[data-testid=preview][data-state=live]', { timeout: 20000 })
  await sleep(SECONDS * 1000)
  const { profile } = await session.send('Profiler.stop')
  const trace = JSON.parse(Buffer.from(await page.tracing.stop()).toString('utf8'))
  const wall = Date.now() - started
  const frames = await page.$eval('[data-testid=preview]', (preview) => Number(preview.dataset.frames))

  const events = trace.traceEvents ?? trace
  const { tasks, byKind, own } = mainThread(events)
  const navigation = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame)?.ts ?? tasks[0]?.ts ?? 0
  const busy = tasks.reduce((sum, task) => sum + task.dur / 1000, 0)
  const long = tasks.filter((task) => task.dur / 1000 > LONG_TASK_MS)
  const blocking = long.reduce((sum, task) => sum + task.dur / 1000 - LONG_TASK_MS, 0)
  console.log(`load + ${SECONDS} s of scroll_text at 30 fps, CPU slowed 4x, ${frames} preview frames; ${wall} ms wall`)
  console.log(`main thread busy ${busy.toFixed(0)} ms (${((100 * busy) / wall).toFixed(1)} %), ${long.length} tasks over ${LONG_TASK_MS} ms, ${blocking.toFixed(0)} ms over the limit in all`)
  for (const task of long) console.log(`  at ${((task.ts - navigation) / 1000).toFixed(0).padStart(6)} ms: ${(task.dur / 1000).toFixed(0)} ms, ${taskContents(task, own)}`)
  console.log('busy by kind (ms):')
  for (const [name, ms] of [...byKind.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${name}`)
  console.log('JavaScript self time (ms):')
  for (const [name, ms] of hotFunctions(profile).slice(0, 15)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${name}`)
} finally {
  await browser.close()
  await target.cleanup()
}
