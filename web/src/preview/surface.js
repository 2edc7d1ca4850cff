// Where the preview is painted: in a worker that owns the canvas where the
// browser can hand one over (OffscreenCanvas), else on the page. Either way
// the preview only posts messages (see paintingReceiver).

import { paintingReceiver } from './painter.js'

/** A painting surface for `canvas`: `send(message, transfer)` and `close()`. */
export function previewSurface(canvas) {
  if (typeof canvas.transferControlToOffscreen === 'function' && typeof Worker === 'function') {
    const offscreen = canvas.transferControlToOffscreen()
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'led-preview' })
    worker.postMessage({ canvas: offscreen }, [offscreen])
    return {
      send: (message, transfer = []) => worker.postMessage(message, transfer),
      close: () => worker.terminate(),
    }
  }
  const receive = paintingReceiver(requestAnimationFrame)
  receive({ canvas })
  return { send: (message) => receive(message), close: () => {} }
}
