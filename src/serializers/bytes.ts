/**
 * Byte helpers shared by the serializers: normalise wire data to a Uint8Array view and
 * read PCM16 without copying sample by sample.
 */

/** A Uint8Array view on any ArrayBuffer or view (no copy). */
export function asBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** True for an ArrayBuffer from this or another realm (Node `ws` and browsers differ). */
export function isArrayBuffer(data: unknown): data is ArrayBuffer {
  return data instanceof ArrayBuffer || Object.prototype.toString.call(data) === "[object ArrayBuffer]";
}

/** True for a Blob when the platform has one. */
export function isBlob(data: unknown): data is Blob {
  return typeof Blob !== "undefined" && data instanceof Blob;
}

/**
 * PCM s16le bytes as an Int16Array: a view when the offset is 2-byte aligned, one copy when not.
 * Returns null for an odd byte count (not a whole number of samples).
 * Assumes a little-endian host, like every browser and Node platform we target.
 */
export function pcm16View(bytes: Uint8Array): Int16Array | null {
  return pcm16At(bytes, 0, bytes.byteLength);
}

/**
 * Like {@link pcm16View} for the `length` bytes at `start` in `bytes`, without making an
 * intermediate view (this runs 50 times a second).
 */
export function pcm16At(bytes: Uint8Array, start: number, length: number): Int16Array | null {
  if (length % 2 !== 0) return null;
  const offset = bytes.byteOffset + start;
  if (offset % 2 === 0) return new Int16Array(bytes.buffer, offset, length / 2);
  // One copy, straight from the underlying buffer (works for Node Buffers too: no slice-is-a-view trap).
  return new Int16Array(bytes.buffer.slice(offset, offset + length));
}
