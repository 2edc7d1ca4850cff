"""A stand-in for the `rgbmatrix` module (hzeller's rpi-rgb-led-matrix binding) for running the
original Python RetroBoard without a panel: every canvas swap is sent as DDP frames to the
address in RETROBOARD_PACING_DDP (HOST:PORT), so `retroboard-pacing` stamps it exactly as it
stamps RetroBoard's frames. Only what the original's hardware driver calls is provided.
"""

import os
import socket

_MAX_DATA = 1440  # pixel bytes per DDP packet, as RetroBoard's DDP output sends them


class RGBMatrixOptions:
    def __init__(self):
        self.rows = 32
        self.cols = 64
        self.chain_length = 1
        self.parallel = 1
        self.hardware_mapping = "regular"


class FrameCanvas:
    def __init__(self, width, height):
        self.width = width
        self.height = height
        self.pixels = bytearray(width * height * 3)

    def SetPixel(self, x, y, r, g, b):  # noqa: N802 (the binding's names)
        if 0 <= x < self.width and 0 <= y < self.height:
            at = (y * self.width + x) * 3
            self.pixels[at:at + 3] = bytes((r & 255, g & 255, b & 255))

    def Clear(self):  # noqa: N802
        self.pixels[:] = bytes(len(self.pixels))

    def Fill(self, r, g, b):  # noqa: N802
        self.pixels[:] = bytes((r & 255, g & 255, b & 255)) * (self.width * self.height)


class RGBMatrix(FrameCanvas):
    def __init__(self, options=None):
        options = options or RGBMatrixOptions()
        super().__init__(options.cols * options.chain_length, options.rows * options.parallel)
        self.brightness = 100
        self._shown = FrameCanvas(self.width, self.height)
        self._sequence = 0
        host, port = os.environ["RETROBOARD_PACING_DDP"].rsplit(":", 1)
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.connect((host, int(port)))

    def CreateFrameCanvas(self):  # noqa: N802
        return FrameCanvas(self.width, self.height)

    def SwapOnVSync(self, canvas, framerate_fraction=1):  # noqa: N802
        """Shows `canvas` (sends it) and hands back the one shown before, as the binding does."""
        self._sequence = self._sequence % 15 + 1
        data = canvas.pixels
        for offset in range(0, len(data), _MAX_DATA):
            chunk = data[offset:offset + _MAX_DATA]
            flags = 0x41 if offset + _MAX_DATA >= len(data) else 0x40
            header = bytes((flags, self._sequence, 0x0B, 1)) + offset.to_bytes(4, "big") + len(chunk).to_bytes(2, "big")
            try:
                self._socket.send(header + chunk)
            except OSError:
                pass  # nobody listening yet: a panel would have shown it anyway
        shown, self._shown = self._shown, canvas
        return shown
