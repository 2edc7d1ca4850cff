// Paints preview frames as a lit LED panel: round LEDs on a dark bezel, unlit
// ones dimly visible, with a soft glow of the picture beneath. Runs in the
// preview's worker (on an OffscreenCanvas) or, where a browser cannot hand a
// canvas to a worker, on the page.
//
// A frame costs a handful of image copies rather than one path per LED: the
// round LED shapes are cut once per canvas size into a mask, and each frame is
// the picture scaled up without smoothing, cut by that mask.

const BEZEL = '#050608'
const LED_RADIUS = 0.4 // of a cell
const GLOW_ALPHA = 0.55
const GLOW_BLUR = 0.9 // cells
// The glow is blurred at this many pixels per LED, then stretched: a blur at
// full size costs a hundred times more and looks the same once stretched.
const GLOW_SCALE = 4

function newCanvas(width, height) {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height)
  return Object.assign(document.createElement('canvas'), { width, height })
}

export class LedPainter {
  /** `canvas` is the visible canvas (or the OffscreenCanvas standing for it). */
  constructor(canvas) {
    this.canvas = canvas
    this.ctx = canvas.getContext('2d')
    this.off = [0x1a, 0x1d, 0x24]
    this.frame = null
    this.mask = null // the lit part of a cell, for the current canvas and panel size
    this.leds = null
    this.picture = null // the frame at panel resolution, unlit LEDs in `off`
    this.glow = null
  }

  /** The canvas's size in device pixels; repaints the last frame at it. */
  resize(width, height) {
    if (this.canvas.width === width && this.canvas.height === height) return
    this.canvas.width = width
    this.canvas.height = height
    this.mask = null
    this.paint()
  }

  /** The colour of an unlit LED, as `#rrggbb`; repaints the last frame with it. */
  setOffColour(hex) {
    const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim())
    if (!match) return
    this.off = match.slice(1).map((part) => parseInt(part, 16))
    if (this.frame) this.paint(this.frame)
  }

  /**
   * Paints `frame` ({ width, height, pixels: RGB bytes }); without one, the
   * last again. A frame equal to the one on the canvas is not painted twice.
   */
  paint(frame = this.frame) {
    if (!frame) return
    if (frame !== this.frame && this.frame && sameFrame(frame, this.frame) && this.mask) return
    this.frame = frame
    const { width: w, height: h } = frame
    const { width: W, height: H } = this.canvas
    const cell = Math.min(W / w, H / h)
    if (!this.mask || this.mask.panel !== `${w}x${h}`) this.cutMask(w, h, cell)
    this.fill(frame)

    const ctx = this.ctx
    ctx.globalAlpha = 1
    ctx.fillStyle = BEZEL
    ctx.fillRect(0, 0, W, H)
    ctx.imageSmoothingEnabled = true
    ctx.globalAlpha = GLOW_ALPHA
    ctx.drawImage(this.glow, 0, 0, W, H)
    ctx.globalAlpha = 1

    const leds = this.leds.getContext('2d')
    leds.globalCompositeOperation = 'copy'
    leds.imageSmoothingEnabled = false
    leds.drawImage(this.picture, 0, 0, w * cell, h * cell)
    leds.globalCompositeOperation = 'destination-in'
    leds.drawImage(this.mask.canvas, 0, 0)
    ctx.drawImage(this.leds, 0, 0)
  }

  /** The picture at panel resolution, and its blurred glow. */
  fill({ width: w, height: h, pixels }) {
    if (!this.picture || this.picture.width !== w || this.picture.height !== h) {
      this.picture = newCanvas(w, h)
      this.lit = newCanvas(w, h)
      this.glow = newCanvas(w * GLOW_SCALE, h * GLOW_SCALE)
    }
    const litImage = new ImageData(w, h)
    const ledImage = new ImageData(w, h)
    const [offR, offG, offB] = this.off
    for (let i = 0, j = 0; i < w * h * 3; i += 3, j += 4) {
      const r = pixels[i]
      const g = pixels[i + 1]
      const b = pixels[i + 2]
      litImage.data[j] = r
      litImage.data[j + 1] = g
      litImage.data[j + 2] = b
      litImage.data[j + 3] = 255
      const unlit = !(r || g || b)
      ledImage.data[j] = unlit ? offR : r
      ledImage.data[j + 1] = unlit ? offG : g
      ledImage.data[j + 2] = unlit ? offB : b
      ledImage.data[j + 3] = 255
    }
    this.picture.getContext('2d').putImageData(ledImage, 0, 0)
    this.lit.getContext('2d').putImageData(litImage, 0, 0)

    const glow = this.glow.getContext('2d')
    glow.globalCompositeOperation = 'copy'
    glow.imageSmoothingEnabled = true
    glow.filter = `blur(${GLOW_BLUR * GLOW_SCALE}px)`
    glow.drawImage(this.lit, 0, 0, this.glow.width, this.glow.height)
    glow.filter = 'none'
  }

  /** One round LED per cell, opaque where the LED is, for a canvas of the current size. */
  cutMask(w, h, cell) {
    const { width: W, height: H } = this.canvas
    const canvas = newCanvas(W, H)
    const ctx = canvas.getContext('2d')
    ctx.fillStyle = '#fff'
    ctx.beginPath()
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const cx = (x + 0.5) * cell
        const cy = (y + 0.5) * cell
        ctx.moveTo(cx + cell * LED_RADIUS, cy)
        ctx.arc(cx, cy, cell * LED_RADIUS, 0, Math.PI * 2)
      }
    }
    ctx.fill()
    this.mask = { canvas, panel: `${w}x${h}` }
    this.leds = newCanvas(W, H)
  }
}

/**
 * What the painter's owner (the worker, or the page without one) does with
 * each message: `{ canvas }` first, then any of `{ off, size, frame }`.
 * Frames arriving faster than `nextRefresh` comes round are painted once per
 * refresh, the latest winning.
 */
export function paintingReceiver(nextRefresh) {
  let painter = null
  let pending = null
  let scheduled = false
  const paintPending = () => {
    scheduled = false
    if (pending) painter.paint(pending)
    pending = null
  }
  return (message) => {
    if (message.canvas) painter = new LedPainter(message.canvas)
    if (!painter) return
    if (message.off) painter.setOffColour(message.off)
    if (message.size) painter.resize(message.size.width, message.size.height)
    if (message.frame) {
      pending = message.frame
      if (!scheduled) {
        scheduled = true
        nextRefresh(paintPending)
      }
    }
  }
}

function sameFrame(a, b) {
  if (a.width !== b.width || a.height !== b.height || a.pixels.length !== b.pixels.length) return false
  for (let i = 0; i < a.pixels.length; i++) if (a.pixels[i] !== b.pixels[i]) return false
  return true
}
