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
  if (body instanceof Blob) {
    init.headers['Content-Type'] = body.type || 'application/octet-stream'
    init.body = body
  } else if (body !== undefined) {
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

/** A binary resource (an icon's or picture's image) as an object URL, with the token when one is set. */
export async function objectUrl(path) {
  const response = await fetch(`/api${path}`, { headers: authHeaders() })
  if (!response.ok) throw new ApiError(`Request failed (HTTP ${response.status})`, response.status)
  return URL.createObjectURL(await response.blob())
}

const enc = encodeURIComponent

export const api = {
  switchApp: (app, config) => post('/switch', config ? { app, config } : { app }),
  stop: () => post('/stop'),
  next: () => post('/nextapp'),
  previous: () => post('/previousapp'),
  schema: (app) => get(`/apps/${enc(app)}/schema`),
  savedConfig: (app) => get(`/apps/${enc(app)}/config`),
  saveConfig: (app, config) => post(`/apps/${enc(app)}/config`, config),
  fonts: () => get('/fonts'),
  displays: () => get('/displays'),
  health: () => get('/health'),
  mqtt: () => get('/mqtt'),
  icons: () => get('/icons'),
  uploadIcon: (name, file) => request('PUT', `/icons/${enc(name)}`, file),
  deleteIcon: (name) => request('DELETE', `/icons/${enc(name)}`),
  iconUrl: (name) => objectUrl(`/icons/${enc(name)}`),
  images: () => get('/images'),
  uploadImage: (name, file) => request('PUT', `/images/${enc(name)}`, file),
  deleteImage: (name) => request('DELETE', `/images/${enc(name)}`),
  imageUrl: (name) => objectUrl(`/images/${enc(name)}`),
  setBrightness: (brightness) => post('/settings', { brightness }),
  setCarousel: (enabled, apps) => post('/carousel', { enabled, apps }),
  setNight: (changes) => post('/night', changes),
  setTransition: (changes) => post('/transition', changes),
  notify: (body) => post('/notify', body),
  library: (query) => get(`/starlark/apps?limit=200${query ? `&q=${enc(query)}` : ''}`),
  rescanLibrary: () => post('/starlark/apps/rescan'),
  libraryPreviewUrl: (id) => objectUrl(`/starlark/apps/${enc(id)}/preview`),
  librarySchema: (id) => get(`/starlark/apps/${enc(id)}/schema`),
  uploadLibraryApp: (id, file) => request('PUT', `/starlark/apps/${enc(id)}`, file),
  deleteLibraryApp: (id) => request('DELETE', `/starlark/apps/${enc(id)}`),
  install: (app, name, config) => post('/starlark/installations', { app, name, config }),
  uninstall: (name) => request('DELETE', `/starlark/installations/${enc(name)}`),
  renderNow: (name) => post(`/starlark/installations/${enc(name)}/render`),
  /** A schema handler's answer: `path` is the app's (`/starlark/apps/ID`) or the installation's (`/apps/NAME`). */
  callHandler: (path, handler, parameter, config) => post(`${path}/schema/handler`, { handler, parameter, config }),
  dismissNotification: () => post('/notify/dismiss'),
}
