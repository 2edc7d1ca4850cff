// Starts what the browser tests drive: the release binary on a free port (or an
// already running deployment named by RETROBOARD_URL) and Debian's Chromium.

import { spawn } from 'node:child_process'
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const ARTIFACTS = path.join(ROOT, 'artifacts', 'browser')

/** A 2x2 PNG for uploads: red, green / blue, white. */
export const PNG_2X2 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DA8J+BkYHh////DAAe9gT9Ce00PgAAAABJRU5ErkJggg==',
  'base64',
)
const BINARY = process.env.RETROBOARD_BIN ?? path.join(ROOT, 'target', 'release', 'retroboard')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const STARTUP_TIMEOUT_MS = 20000

/** A RetroBoard server this test run started and may stop and restart. */
export class Server {
  constructor(stateFile, args = []) {
    this.stateFile = stateFile
    this.args = args
    this.process = null
    this.port = 0
    this.url = null
    this.log = ''
  }

  async start() {
    const args = ['--host', '127.0.0.1', '--port', String(this.port), '--state-file', this.stateFile, ...this.args]
    const child = spawn(BINARY, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', RUST_LOG: process.env.RUST_LOG ?? 'info' },
    })
    this.process = child
    this.url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not report its address in time:\n${this.log}`)), STARTUP_TIMEOUT_MS)
      child.stderr.setEncoding('utf8')
      child.stderr.on('data', (chunk) => {
        this.log += chunk
        const match = /listening on (http:\/\/[^\s"\x1b]+)/.exec(this.log)
        if (match) {
          clearTimeout(timer)
          resolve(match[1].replace(/\/$/, ''))
        }
      })
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`server exited with ${code} before listening:\n${this.log}`))
      })
      child.once('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
    })
    // Restarts reuse the port so open pages can find the server again.
    this.port = Number(new URL(this.url).port)
    return this.url
  }

  /** Stops the server this object started (by its PID) and waits for it to exit. */
  async stop() {
    const child = this.process
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    const timeout = setTimeout(() => child.kill('SIGKILL'), 10000)
    await exited
    clearTimeout(timeout)
    this.process = null
  }
}

/**
 * The system under test: the deployment at RETROBOARD_URL (for example behind
 * nginx), else a server started here with a state file in a fresh directory
 * and the given extra arguments.
 */
export async function startTarget(args = []) {
  await mkdir(ARTIFACTS, { recursive: true })
  const external = process.env.RETROBOARD_URL
  if (external) return { url: external.replace(/\/$/, ''), server: null, cleanup: async () => {} }
  const dir = await mkdtemp(path.join(tmpdir(), 'retroboard-browser-'))
  const server = new Server(path.join(dir, 'state.json'), args)
  await server.start()
  const proxy = process.env.RETROBOARD_PROXY ? await startProxy(process.env.RETROBOARD_PROXY, server.port) : null
  return {
    url: proxy ? proxy.url : server.url,
    server,
    cleanup: async () => {
      if (proxy) await proxy.stop()
      await server.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Puts the shipped proxy config (RETROBOARD_PROXY=nginx or apache) in front of
 * the server, through the python tests' proxy fixture; the server can still be
 * restarted behind it, since it comes back on the same port.
 */
async function startProxy(name, upstreamPort) {
  const python = path.join(ROOT, '.venv', 'bin', 'python')
  const child = spawn(python, [path.join(ROOT, 'tests', 'python', 'proxies.py'), name, String(upstreamPort)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in time`)), STARTUP_TIMEOUT_MS)
    let output = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk) => {
      output += chunk
      const match = /^(http:\/\/\S+)\n/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited with ${code} before it was ready`))
    })
  })
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** Headless Chromium with a fresh profile directory, removed afterwards. */
export async function launchBrowser() {
  const profile = await mkdtemp(path.join(tmpdir(), 'retroboard-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return {
    context,
    close: async () => {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true })
}

/** JSON from the API of the system under test, outside any page. */
export async function apiGet(base, route) {
  const response = await fetch(`${base}/api${route}`)
  return response.json()
}

export async function apiPost(base, route, body) {
  const response = await fetch(`${base}/api${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, body: await response.json() }
}
