// Client-side checks mirroring the server's schema, so a bad value is flagged
// at the input before a request is sent. The server still has the last word.

export function fieldError(field, value) {
  switch (field.type) {
    case 'integer':
    case 'number': {
      if (value === '' || value === null || !Number.isFinite(Number(value))) return 'Enter a number'
      const n = Number(value)
      if (field.type === 'integer' && !Number.isInteger(n)) return 'Enter a whole number'
      if (field.min !== undefined && n < field.min) return `At least ${field.min}`
      if (field.max !== undefined && n > field.max) return `At most ${field.max}`
      return ''
    }
    case 'text':
      if (typeof value !== 'string') return 'Enter text'
      if (field.max_length !== undefined && [...value].length > field.max_length) return `At most ${field.max_length} characters`
      return ''
    case 'color':
      return Array.isArray(value) && value.length === 3 && value.every((v) => Number.isInteger(v) && v >= 0 && v <= 255) ? '' : 'Pick a colour'
    case 'font':
      return typeof value === 'string' && value ? '' : 'Pick a font'
    case 'choice':
      return Array.isArray(field.choices) && field.choices.includes(value) ? '' : `Pick one of ${(field.choices ?? []).join(', ')}`
    case 'boolean':
      return typeof value === 'boolean' ? '' : 'Turn it on or off'
    case 'picture':
      return typeof value === 'string' ? '' : 'Pick a picture'
    default:
      return ''
  }
}

/** Slider step for a fractional range: fine enough to reach its minimum. */
export function numberStep(field) {
  if (field.type === 'integer') return 1
  const min = Math.abs(Number(field.min) || 0)
  if (min > 0 && min < 1) return 10 ** Math.floor(Math.log10(min))
  return 0.1
}

/** The value to send: numbers as numbers, everything else as given. */
export function normalise(field, value) {
  if (field.type === 'integer') return Math.round(Number(value))
  if (field.type === 'number') return Number(value)
  return value
}
