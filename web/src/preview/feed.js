// The preview's own Socket.IO connection, which carries frames and nothing the
// page needs: it lives where the preview is painted (the worker), so a frame
// 30 times a second never reaches the page's main thread. It subscribes while
// the preview is wanted (on screen, page visible) and unsubscribes otherwise;
// the server forgets a subscription with its connection, so every (re)connect
// subscribes again.

import { parseFrame } from '../frame.js'

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

  const sync = () => {
    if (!socket?.connected || wanted === subscribed) return
    subscribed = wanted
    socket.emit(wanted ? 'preview:subscribe' : 'preview:unsubscribe')
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
      socket?.disconnect()
      socket = null
    },
  }
}
