// Where the preview runs: in a worker that owns the canvas where the browser
// can hand one over (OffscreenCanvas), else on the page. Either way the page
// only posts messages (see host.js) and reads the reports that come back.

import { previewHost } from './host.js'

/**
 * A preview for `canvas`, reporting to `onReport`: `send(message)` and
 * `close()`.
 */
export function previewSurface(canvas, onReport) {
  if (typeof canvas.transferControlToOffscreen === 'function' && typeof Worker === 'function') {
    const offscreen = canvas.transferControlToOffscreen()
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'led-preview' })
    worker.onmessage = ({ data }) => onReport(data)
    worker.postMessage({ canvas: offscreen }, [offscreen])
    return {
      send: (message) => worker.postMessage(message),
      close: () => worker.terminate(),
    }
  }
  const receive = previewHost({ report: onReport, nextRefresh: requestAnimationFrame })
  receive({ canvas })
  return { send: (message) => receive(message), close: () => receive({ close: true }) }
}
