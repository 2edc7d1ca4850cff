// How a custom app's lifetime reads in the app list.

/**
 * "kept" without a lifetime, "expires in 42 s" (or minutes, hours) counting
 * down to `expiresAt` (Unix ms) from `now`, or "lifetime 30 s" when the
 * server cannot say when the countdown began.
 */
export function expiryLabel(lifetime, now) {
  if (!lifetime) return 'kept'
  if (lifetime.expiresAt === null) return `lifetime ${span(lifetime.seconds)}`
  const left = Math.max(0, Math.ceil((lifetime.expiresAt - now) / 1000))
  return `expires in ${span(left)}`
}

function span(seconds) {
  if (seconds < 120) return `${Math.round(seconds)} s`
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`
  return `${Math.round(seconds / 3600)} h`
}
