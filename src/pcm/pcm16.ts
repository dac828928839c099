/**
 * PCM s16le bytes as samples without copying sample by sample: what the serializers, the
 * decoded audio frames and anything else reading received audio bytes share.
 * Assumes a little-endian host, like every browser and Node platform we target.
 */

/**
 * PCM s16le bytes as an Int16Array: a view when the offset is 2-byte aligned, one copy when not.
 * Returns null for an odd byte count (not a whole number of samples).
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
