// Notifications as the UI handles them: the `notification` event read into
// the store, and the body of a message sent from the "Send a message" box.

export const MAX_TEXT = 1000

/** The `notification` event's payload, with anything malformed read as "none showing". */
export function notificationView(data) {
  const active = data?.active
  return {
    active: active && typeof active.text === 'string'
      ? {
          id: active.id,
          text: active.text,
          color: Array.isArray(active.color) ? active.color : [255, 255, 255],
          hold: Boolean(active.hold),
          duration: typeof active.duration === 'number' ? active.duration : null,
        }
      : null,
    queued: Number.isInteger(data?.queued) ? data.queued : 0,
  }
}

/**
 * The `POST /api/notify` body for a message, or an `error` saying what to fix.
 * `color` is an `<input type="color">` value ("#rrggbb"), which the server takes as is.
 */
export function messageBody({ text, color, duration, hold, icon = '' }) {
  if (!text.trim() && !icon) return { error: 'Write a message or pick an icon' }
  if ([...text].length > MAX_TEXT) return { error: `At most ${MAX_TEXT} characters` }
  const shown = icon ? { icon, text, color } : { text, color }
  if (hold) return { body: { ...shown, hold: true } }
  const seconds = Number(duration)
  if (!Number.isFinite(seconds) || seconds < 0.5 || seconds > 86400) return { error: 'Show it for 0.5 to 86400 seconds' }
  return { body: { ...shown, duration: seconds } }
}

/** `[r, g, b]` as a CSS colour. */
export function cssColor([r, g, b]) {
  return `rgb(${r}, ${g}, ${b})`
}
