// Sends only the newest value while a request is in flight: dragging a slider
// produces one request at a time, and the last one always carries the final value.

export function coalescer(send) {
  let pending
  let hasPending = false
  let inFlight = false

  async function pump() {
    inFlight = true
    try {
      while (hasPending) {
        const value = pending
        hasPending = false
        pending = undefined
        try {
          await send(value)
        } catch {
          // send reports its own failures; the next value still goes out.
        }
      }
    } finally {
      inFlight = false
    }
  }

  return {
    push(value) {
      pending = value
      hasPending = true
      if (!inFlight) return pump()
      return undefined
    },
    get busy() {
      return inFlight || hasPending
    },
  }
}
