// Reconnect delays: 1 s, 2 s, 4 s ... capped at 30 s. Kept deterministic (no
// jitter) so the countdown shown to the user is the real wait.

export const BASE_DELAY_MS = 1000
export const MAX_DELAY_MS = 30000

/** Delay before retry number `attempt` (0 for the first retry). */
export function retryDelay(attempt, base = BASE_DELAY_MS, max = MAX_DELAY_MS) {
  return Math.min(max, base * 2 ** Math.max(0, attempt))
}
