/** RMS level of PCM16 samples in 0..1, for meters. Only computed while an inspector listens. */
export function audioLevel(samples: Int16Array): number {
  const n = samples.length;
  if (n === 0) return 0;
  // Every 4th sample is plenty for a meter and keeps inspection cheap.
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i += 4) {
    const v = samples[i]!;
    sum += v * v;
    count++;
  }
  return Math.sqrt(sum / count) / 32768;
}

/** {@link audioLevel} of PCM16 little-endian bytes at any offset, without making a copy. */
export function pcmBytesLevel(bytes: Uint8Array): number {
  const n = bytes.length >> 1;
  if (n === 0) return 0;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i += 4) {
    const v = ((bytes[2 * i]! | (bytes[2 * i + 1]! << 8)) << 16) >> 16; // sign-extend
    sum += v * v;
    count++;
  }
  return Math.sqrt(sum / count) / 32768;
}
