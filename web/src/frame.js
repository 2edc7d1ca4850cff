// Preview frames as the server sends them: [width u16 LE][height u16 LE]
// followed by width*height RGB triples, row by row.

/** The frame in `data` (ArrayBuffer or typed array), or null if it is malformed. */
export function parseFrame(data) {
  let bytes = null
  if (data instanceof ArrayBuffer) bytes = new Uint8Array(data)
  else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (!bytes || bytes.length < 4) return null
  const width = bytes[0] | (bytes[1] << 8)
  const height = bytes[2] | (bytes[3] << 8)
  const size = width * height * 3
  if (!width || !height || bytes.length < 4 + size) return null
  return { width, height, pixels: bytes.subarray(4, 4 + size) }
}
