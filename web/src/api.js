// Commands go to the REST API; every reply that fails carries {"error": "..."},
// which callers show next to the control that sent the command.

import { authHeaders, tokenRefused } from './store/token.js'

export class ApiError extends Error {
  constructor(message, status) {
    super(message)
    this.name = 'ApiError'
    this.status = status
  }
}

async function request(method, path, body) {
  const init = { method, headers: { Accept: 'application/json', ...authHeaders() } }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  let response
  try {
    response = await fetch(`/api${path}`, init)
  } catch {
    throw new ApiError('Cannot reach the server', 0)
  }
  let data = null
  try {
    data = await response.json()
  } catch {
    // A proxy error page or an empty reply: reported below by status.
  }
  if (response.status === 401) tokenRefused()
  if (!response.ok || (data && typeof data.error === 'string')) {
    const message = data && typeof data.error === 'string' ? data.error : `Request failed (HTTP ${response.status})`
    throw new ApiError(message, response.status)
  }
  return data
}

export const get = (path) => request('GET', path)
export const post = (path, body) => request('POST', path, body)

const enc = encodeURIComponent

export const api = {
  switchApp: (app, config) => post('/switch', config ? { app, config } : { app }),
  stop: () => post('/stop'),
  schema: (app) => get(`/apps/${enc(app)}/schema`),
  savedConfig: (app) => get(`/apps/${enc(app)}/config`),
  saveConfig: (app, config) => post(`/apps/${enc(app)}/config`, config),
  fonts: () => get('/fonts'),
  setBrightness: (brightness) => post('/settings', { brightness }),
  setCarousel: (enabled, apps) => post('/carousel', { enabled, apps }),
  notify: (body) => post('/notify', body),
  dismissNotification: () => post('/notify/dismiss'),
}
