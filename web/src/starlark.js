// Community (Pixlet) apps in the browser: turning an app's schema into form
// fields, and the values those fields hold. Values are strings, as Pixlet
// passes them; structured ones (a location, a chosen option) are JSON strings.

/** Field kinds this board cannot offer, and why (OAuth needs Tidbyt's cloud; there is no speaker). */
export const UNSUPPORTED_KINDS = {
  oauth2: 'Sign-in through OAuth needs Tidbyt’s cloud; not supported here.',
  oauth1: 'Sign-in through OAuth needs Tidbyt’s cloud; not supported here.',
  notification: 'Notifications are not played here.',
  sound: 'Sounds are not played here.',
}

/** Installation names: the rules of custom app names. */
export const INSTALLATION_NAME = /^[A-Za-z0-9_-]{1,32}$/

/** A name to suggest for installing app `id`, not among `taken`. */
export function suggestName(id, taken) {
  const base = String(id).replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 28) || 'app'
  if (!taken.includes(base)) return base
  for (let n = 2; n < 1000; n++) {
    const name = `${base}_${n}`
    if (!taken.includes(name)) return name
  }
  return base
}

/** The fields of a schema reply (`{schema: {schema: [...]}}` or Pixlet's `{schema: [...]}`), always an array. */
export function schemaFields(reply) {
  const schema = reply?.schema ?? reply
  const fields = Array.isArray(schema?.schema) ? schema.schema : Array.isArray(schema) ? schema : []
  return fields.filter((field) => field && typeof field.id === 'string' && typeof field.type === 'string')
}

/** The form's starting values: the saved config over the schema's defaults, all strings. */
export function initialValues(fields, config = {}) {
  const values = {}
  for (const field of fields) {
    if (UNSUPPORTED_KINDS[field.type]) continue
    const saved = config?.[field.id]
    if (typeof saved === 'string') values[field.id] = saved
    else if (typeof field.default === 'string') values[field.id] = field.default
    else values[field.id] = field.type === 'onoff' ? 'false' : ''
  }
  return values
}

/**
 * What to send: every field's value, leaving out the empty ones that were
 * never saved (an empty typeahead is no choice); the server checks the rest.
 */
export function configToSend(fields, values, saved = {}) {
  const out = {}
  for (const field of fields) {
    const value = values[field.id]
    if (UNSUPPORTED_KINDS[field.type] || typeof value !== 'string') continue
    if (value === '' && !(field.id in saved)) continue
    out[field.id] = value
  }
  return out
}

/** A location field's parts from its JSON value. */
export function readLocation(value) {
  try {
    const parsed = JSON.parse(value)
    return {
      lat: String(parsed.lat ?? ''),
      lng: String(parsed.lng ?? ''),
      timezone: String(parsed.timezone ?? ''),
      locality: String(parsed.locality ?? ''),
    }
  } catch {
    return { lat: '', lng: '', timezone: '', locality: '' }
  }
}

/** The JSON value of a location as the mobile apps send it. */
export function writeLocation({ lat, lng, timezone, locality }) {
  return JSON.stringify({ lat: String(lat), lng: String(lng), timezone, locality, description: locality })
}

/** The option chosen in a typeahead or location-based field, from its JSON value. */
export function readOption(value) {
  try {
    const parsed = JSON.parse(value)
    return typeof parsed?.value === 'string' ? { display: String(parsed.display ?? parsed.value), value: parsed.value } : null
  } catch {
    return null
  }
}

export const writeOption = (option) => JSON.stringify({ display: option.display, value: option.value })

/** A `datetime-local` input's value for an RFC 3339 time, and back. */
export function toLocalInput(value) {
  const date = new Date(value)
  if (!value || Number.isNaN(date.getTime())) return ''
  const pad = (n) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

export function fromLocalInput(value) {
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** A short line describing an installation's last render, for its card. */
export function renderSummary(status, now = Date.now()) {
  if (!status) return 'Not rendered yet'
  const ago = Math.max(0, Math.round((now - status.rendered_at) / 1000))
  const when = ago < 60 ? `${ago}s ago` : ago < 3600 ? `${Math.round(ago / 60)} min ago` : `${Math.round(ago / 3600)} h ago`
  if (status.error) return `Failed ${when}`
  if (status.frames === 0) return `Nothing to show (rendered ${when})`
  return `${status.frames} frame${status.frames === 1 ? '' : 's'}, rendered ${when} in ${status.took_ms} ms`
}
