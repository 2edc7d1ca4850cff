// The preview's own Socket.IO connection, which carries frames and nothing the
// page needs: it lives where the preview is painted (the worker), so a frame
// 30 times a second never reaches the page's main thread. It subscribes while
// the preview is wanted (on screen, page visible) and unsubscribes otherwise;
// the server forgets a subscription with its connection, so every (re)connect
// subscribes again.

import { parseFrame } from '../frame.js'

/**
 * The server answers a subscription with the current frame at once; none
 * within this long means the request was lost on its way, so it is sent once more.
 */
const RESUBSCRIBE_MS = 3000

/**
 * `open(auth)` makes the connection (socket.io-client's `io`, not yet
 * connecting; `auth` is read at every attempt); `onFrame` gets each frame
 * parsed ({ width, height, pixels }). Returns `{ want, setToken, close }`.
 */
export function frameFeed({ open, onFrame }) {
  let socket = null
  let wanted = false
  let subscribed = false
  let token = ''
  let unanswered = null

  const askAgainUnlessAnswered = () => {
    clearTimeout(unanswered)
    unanswered = setTimeout(() => {
      if (socket?.connected && subscribed) socket.emit('preview:subscribe')
    }, RESUBSCRIBE_MS)
  }

  const sync = () => {
    if (!socket?.connected || wanted === subscribed) return
    subscribed = wanted
    socket.emit(wanted ? 'preview:subscribe' : 'preview:unsubscribe')
    if (wanted) askAgainUnlessAnswered()
    else clearTimeout(unanswered)
  }

  const start = () => {
    socket = open((send) => send(token ? { token } : {}))
    socket.on('connect', () => {
      subscribed = false
      sync()
    })
    socket.on('disconnect', () => {
      subscribed = false
    })
    socket.on('frame', (data) => {
      clearTimeout(unanswered)
      const frame = parseFrame(data)
      if (frame) onFrame(frame)
    })
    socket.connect()
  }

  return {
    /** Whether frames are wanted now; the first `true` opens the connection. */
    want(on) {
      wanted = Boolean(on)
      if (wanted && !socket) start()
      sync()
    },
    /**
     * The token a board started with --auth-token asks for. A connection the
     * server refused does not retry on its own, so a new token retries it.
     */
    setToken(value) {
      token = typeof value === 'string' ? value : ''
      if (socket && !socket.connected && !socket.active) socket.connect()
    },
    close() {
      clearTimeout(unanswered)
      socket?.disconnect()
      socket = null
    },
  }
}
