// The preview's painter off the page's main thread: the page hands over its
// canvas once, then posts each frame (and size or colour changes) here.

import { paintingReceiver } from './painter.js'

const nextRefresh = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (paint) => setTimeout(paint, 16)
const receive = paintingReceiver(nextRefresh)

self.onmessage = ({ data }) => receive(data)
