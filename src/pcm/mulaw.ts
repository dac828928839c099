/** G.711 μ-law codec (ITU-T G.711), table-driven: one lookup per sample each way. */

const BIAS = 0x84;
const CLIP = 32635;

/** μ-law byte → PCM16 sample. */
const DECODE_TABLE = new Int16Array(256);
for (let i = 0; i < 256; i++) {
  const u = ~i & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  DECODE_TABLE[i] = sign ? -magnitude : magnitude;
}

/** PCM16 sample (as unsigned 16-bit index) → μ-law byte. */
const ENCODE_TABLE = new Uint8Array(65536);
for (let i = 0; i < 65536; i++) {
  let sample = i >= 32768 ? i - 65536 : i;
  const sign = sample < 0 ? 0x80 : 0;
  if (sample < 0) sample = -sample;
  if (sample > CLIP) sample = CLIP;
  sample += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (sample & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (sample >> (exponent + 3)) & 0x0f;
  ENCODE_TABLE[i] = ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Encodes PCM16 samples as μ-law bytes. */
export function mulawEncode(pcm: Int16Array, out = new Uint8Array(pcm.length)): Uint8Array {
  for (let i = 0; i < pcm.length; i++) out[i] = ENCODE_TABLE[pcm[i]! & 0xffff]!;
  return out;
}

/** Decodes μ-law bytes to PCM16 samples. */
export function mulawDecode(bytes: Uint8Array, out = new Int16Array(bytes.length)): Int16Array {
  for (let i = 0; i < bytes.length; i++) out[i] = DECODE_TABLE[bytes[i]!]!;
  return out;
}
