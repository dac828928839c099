/**
 * Byte helpers shared by the serializers: normalise wire data to a Uint8Array view and tell
 * ArrayBuffers and Blobs apart. Reading PCM16 from bytes lives in `src/pcm/pcm16.ts`.
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
