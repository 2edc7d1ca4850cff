// The board's state as the server pushes it over Socket.IO, and the connection
// that carries it. Nothing here polls: state only changes when an event arrives.
//
// Reconnection is scheduled here rather than by socket.io-client's manager,
// whose randomised delays are not observable, so the countdown is exact.
// Preview frames come over a connection of their own, away from the page's
// main thread (see preview/feed.js).

import { reactive, readonly } from 'vue'
import { io } from 'socket.io-client'
import { retryDelay } from './backoff.js'
import { access, tokenRefused } from './token.js'
import { get } from '../api.js'
import { notificationView } from '../notification.js'

const state = reactive({
  /** 'connecting' | 'live' | 'reconnecting' | 'disconnected' */
  status: 'connecting',
  /** Whole seconds until the next attempt, while reconnecting. */
  retryIn: 0,
  /** True once the first full state has arrived. */
  synced: false,
  apps: [],
  current: null,
  config: {},
  brightness: 100,
  carousel: { enabled: false, apps: [], current_index: 0 },
  night: { enabled: false, start: '22:00', end: '07:00', brightness: 10, app: null },
  transition: { kind: 'none', duration: 500 },
  /** Whether the night is on now, and the zone its times are in (from GET /api/night). */
  nightActive: false,
  timezone: '',
  /** The custom apps among `apps`, which follow them as they come and go. */
  customApps: [],
  /** How long custom apps with a lifetime have left: name -> { seconds, expiresAt } (see expiry.js). */
  customLifetimes: {},
  /** The notification showing, and how many wait behind it. */
  notification: { active: null, queued: 0 },
  /** Installed community apps and pushed pictures, with their last render (GET /api/starlark/installations). */
  installations: [],
})

export const board = readonly(state)

/**
 * The state events the server pushes, each with how it lands in the store:
 * one entry per event, sent on connect, on `request_state` and on change
 * (those beyond the original four only because the socket asks for them).
 */
export const VIEWS = {
  apps_list(state, data) {
    state.apps = Array.isArray(data?.apps) ? data.apps : []
    state.current = data?.current ?? null
  },
  current_app(state, data) {
    state.current = data?.app ?? null
    state.config = data?.config ?? {}
    state.synced = true
  },
  settings(state, data) {
    if (typeof data?.brightness === 'number') state.brightness = data.brightness
  },
  carousel_config(state, data) {
    state.carousel = {
      enabled: Boolean(data?.enabled),
      apps: Array.isArray(data?.apps) ? data.apps : [],
      current_index: data?.current_index ?? 0,
    }
  },
  night(state, data) {
    state.night = {
      enabled: Boolean(data?.enabled),
      start: typeof data?.start === 'string' ? data.start : '22:00',
      end: typeof data?.end === 'string' ? data.end : '07:00',
      brightness: typeof data?.brightness === 'number' ? data.brightness : 10,
      app: data?.app ?? null,
    }
  },
  transition(state, data) {
    state.transition = {
      kind: typeof data?.kind === 'string' ? data.kind : 'none',
      duration: typeof data?.duration === 'number' ? data.duration : 500,
    }
  },
  custom_apps(state, data) {
    const custom = Array.isArray(data?.apps) ? data.apps.filter((name) => typeof name === 'string') : []
    const builtin = state.apps.filter((name) => !state.customApps.includes(name) && !custom.includes(name))
    state.apps = [...builtin, ...custom]
    state.customApps = custom
    state.customLifetimes = lifetimes(data?.lifetimes, custom)
  },
  notification(state, data) {
    state.notification = notificationView(data)
  },
  // apps_list is only sent on connect: installed apps come and go through this view, as custom apps do.
  installations(state, data) {
    const list = Array.isArray(data?.installations) ? data.installations : []
    const installed = list.filter((installation) => typeof installation?.name === 'string')
    const names = installed.map((installation) => installation.name)
    const before = (state.installations ?? []).map((installation) => installation.name)
    const others = (state.apps ?? []).filter((name) => !before.includes(name) && !names.includes(name))
    state.apps = [...others, ...names]
    state.installations = installed
  },
}

/** The lifetimes of the apps in `custom`, dropping anything malformed. */
function lifetimes(data, custom) {
  const read = {}
  for (const name of custom) {
    const lifetime = data?.[name]
    if (typeof lifetime?.seconds !== 'number') continue
    read[name] = { seconds: lifetime.seconds, expiresAt: typeof lifetime.expires_at === 'number' ? lifetime.expires_at : null }
  }
  return read
}

/** Views beyond the original four that this panel asks the server for. */
const ASKED_VIEWS = ['night', 'transition', 'custom_apps', 'notification', 'installations']

/**
 * Whether it is night changes with the clock, not with an event, so it is
 * read again after each change of the settings and once a minute while live.
 */
const NIGHT_RECHECK_MS = 60000
let nightTimer

export async function refreshNight() {
  try {
    const reply = await get('/night')
    state.nightActive = Boolean(reply?.active)
    state.timezone = reply?.timezone ?? ''
  } catch {
    // Offline or refused: the next event or recheck tries again.
  }
}

let socket
let attempt = 0
let retryTimer
let countdownTimer
let retryAt = 0

export function connect() {
  if (socket) return
  socket = io({
    // WebSocket first: the state arrives a few round trips sooner than over
    // long-polling's handshake and upgrade, and costs the page less to receive.
    // Behind a proxy without WebSocket the connection falls back to polling.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnection: false,
    timeout: 20000,
    autoConnect: false,
    // Read at every (re)connect, so a token entered later is used.
    auth: (send) => send(access.token ? { token: access.token, views: ASKED_VIEWS } : { views: ASKED_VIEWS }),
  })

  socket.on('connect', () => {
    attempt = 0
    clearRetry()
    state.status = 'live'
    socket.emit('request_state', { views: ASKED_VIEWS })
    clearInterval(nightTimer)
    nightTimer = setInterval(refreshNight, NIGHT_RECHECK_MS)
  })
  socket.on('disconnect', (reason) => {
    clearInterval(nightTimer)
    if (reason === 'io client disconnect') {
      state.status = 'disconnected'
      return
    }
    scheduleRetry()
  })
  socket.on('connect_error', (error) => {
    if (error?.message === 'unauthorized') {
      // Retrying cannot help until the user gives the token.
      tokenRefused()
      showOffline()
      return
    }
    scheduleRetry()
  })

  for (const [event, apply] of Object.entries(VIEWS)) {
    socket.on(event, (data) => apply(state, data))
  }
  socket.on('night', refreshNight)

  window.addEventListener('online', () => {
    if (state.status === 'disconnected') retryNow()
  })
  window.addEventListener('offline', () => {
    if (state.status !== 'live') showOffline()
  })

  state.status = 'connecting'
  socket.connect()
}

function scheduleRetry() {
  clearRetry()
  if (!navigator.onLine) {
    showOffline()
    return
  }
  const delay = retryDelay(attempt)
  attempt += 1
  retryAt = Date.now() + delay
  state.status = 'reconnecting'
  updateCountdown()
  // The countdown only redraws the label; the retry itself is one timeout.
  countdownTimer = setInterval(updateCountdown, 250)
  retryTimer = setTimeout(() => {
    clearRetry()
    state.status = 'connecting'
    socket.connect()
  }, delay)
}

function updateCountdown() {
  state.retryIn = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000))
}

function showOffline() {
  clearRetry()
  state.status = 'disconnected'
}

function clearRetry() {
  clearTimeout(retryTimer)
  clearInterval(countdownTimer)
  retryTimer = undefined
  countdownTimer = undefined
}

/** Skips the rest of the backoff wait. */
export function retryNow() {
  if (!socket || state.status === 'live' || state.status === 'connecting') return
  clearRetry()
  state.status = 'connecting'
  socket.connect()
}
