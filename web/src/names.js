// Human labels for app names and config keys ("scroll_text" -> "Scroll text").

export function label(name) {
  if (!name) return ''
  const words = String(name).replace(/[_-]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export function rgbToHex(rgb) {
  const parts = Array.isArray(rgb) && rgb.length === 3 ? rgb : [255, 255, 255]
  return '#' + parts.map((v) => Math.max(0, Math.min(255, Math.round(Number(v) || 0))).toString(16).padStart(2, '0')).join('')
}

export function hexToRgb(hex) {
  const match = /^#?([0-9a-f]{6})$/i.exec(String(hex).trim())
  if (!match) return null
  const n = parseInt(match[1], 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

/** "10" -> "10 s", 90 -> "1 min 30 s": durations as people read them. */
export function formatSeconds(seconds) {
  const s = Number(seconds)
  if (!Number.isFinite(s)) return ''
  if (s < 60) return `${+s.toFixed(1)} s`
  const minutes = Math.floor(s / 60)
  const rest = +(s - minutes * 60).toFixed(1)
  if (minutes < 60) return rest ? `${minutes} min ${rest} s` : `${minutes} min`
  const hours = Math.floor(minutes / 60)
  const mins = minutes % 60
  return mins ? `${hours} h ${mins} min` : `${hours} h`
}
