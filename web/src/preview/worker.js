// The preview off the page's main thread: the page hands over its canvas once,
// then posts what changes (size, colours, whether frames are wanted, the
// token); this worker receives the frames itself and paints them.

import { previewHost } from './host.js'

const nextRefresh = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (paint) => setTimeout(paint, 16)
const receive = previewHost({ report: (message) => self.postMessage(message), nextRefresh })

self.onmessage = ({ data }) => receive(data)
