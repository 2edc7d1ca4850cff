// Everything the preview does away from the page's components: its frame
// feed and its painter, run in the preview's worker (or on the page where a
// browser cannot hand a canvas to a worker). The page posts messages in
// (`{ canvas }` first, then any of `{ off, size, wanted, token }`) and gets
// short reports back: the panel's size and how many frames have arrived.

import { io } from 'socket.io-client'
import { frameFeed } from './feed.js'
import { paintingReceiver } from './painter.js'

/** How often the frame count is reported at most; a new size is reported at once. */
const REPORT_EVERY_MS = 250

/** Opens the preview's connection to the server the page came from. */
function openSocket(auth) {
  return io(self.location.origin, {
    auth,
    autoConnect: false,
    // WebSocket first: over long-polling every binary frame arrives base64-encoded.
    // Behind a proxy without WebSocket the preview still streams over polling.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
  })
}

/**
 * The receiver of the page's messages. `report(message)` sends
 * `{ frames, width, height }` back; `nextRefresh(callback)` waits for the
 * display's next refresh; `open` makes the connection (a fake in tests).
 */
export function previewHost({ report, nextRefresh, open = openSocket }) {
  const paint = paintingReceiver(nextRefresh)
  let frames = 0
  let width = 0
  let height = 0
  let reportTimer = null

  const sendReport = () => {
    reportTimer = null
    report({ frames, width, height })
  }

  const feed = frameFeed({
    open,
    onFrame(frame) {
      frames += 1
      paint({ frame })
      if (frame.width !== width || frame.height !== height) {
        width = frame.width
        height = frame.height
        clearTimeout(reportTimer)
        sendReport()
      } else if (!reportTimer) {
        reportTimer = setTimeout(sendReport, REPORT_EVERY_MS)
      }
    },
  })

  return (message) => {
    paint(message)
    if ('token' in message) feed.setToken(message.token)
    if ('wanted' in message) feed.want(message.wanted)
    if (message.close) {
      clearTimeout(reportTimer)
      feed.close()
    }
  }
}
