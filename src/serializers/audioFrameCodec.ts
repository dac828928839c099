/**
 * Hand-written codec for the hot path: `Frame { audio: AudioRawFrame }`, 50 times a second each
 * way. Byte-for-byte what the generated code writes, and field-for-field what it reads (tests
 * compare both on random frames). Anything it does not recognise — another frame kind, an
 * unknown field, a truncated message — returns null, and the generated decoder takes over.
 */

const AUDIO_NAME = new TextEncoder().encode("audio");

/** Fields of an audio frame as read from the wire, before validation. */
export interface RawAudioFields {
  /** Where the PCM bytes are in the input (offset from its start, and length). */
  pcmStart: number;
  pcmLength: number;
  sampleRate: number;
  numChannels: number;
  pts?: bigint;
}

/**
 * Encodes an AudioRawFrame named "audio" (id 0), like Pipecat's clients: one allocation of
 * the exact size and one copy of the samples.
 */
export function encodeAudioFrame(pcm: Uint8Array, sampleRate: number, numChannels: number, pts?: bigint): Uint8Array {
  const ptsLen = pts === undefined ? 0 : 1 + varint64Length(pts);
  const inner =
    2 + AUDIO_NAME.length +
    (pcm.length > 0 ? 1 + varintLength(pcm.length) + pcm.length : 0) +
    (sampleRate > 0 ? 1 + varintLength(sampleRate) : 0) +
    (numChannels > 0 ? 1 + varintLength(numChannels) : 0) +
    ptsLen;
  const out = new Uint8Array(1 + varintLength(inner) + inner);
  let p = 0;
  out[p++] = 0x12; // Frame.audio, length-delimited
  p = writeVarint(out, p, inner);
  out[p++] = 0x12; // AudioRawFrame.name
  out[p++] = AUDIO_NAME.length;
  out.set(AUDIO_NAME, p);
  p += AUDIO_NAME.length;
  if (pcm.length > 0) {
    out[p++] = 0x1a; // audio
    p = writeVarint(out, p, pcm.length);
    out.set(pcm, p);
    p += pcm.length;
  }
  if (sampleRate > 0) {
    out[p++] = 0x20; // sample_rate
    p = writeVarint(out, p, sampleRate);
  }
  if (numChannels > 0) {
    out[p++] = 0x28; // num_channels
    p = writeVarint(out, p, numChannels);
  }
  if (pts !== undefined) {
    out[p++] = 0x30; // pts
    writeVarint64(out, p, pts);
  }
  return out;
}

// Reader state kept in module scope: the decoder is synchronous and never re-entered.
let pos = 0;

/** Reads a varint of up to 32 bits at `pos` (below `end`); -1 when malformed or too long. */
function readVarint32(bytes: Uint8Array, end: number): number {
  let result = 0;
  let scale = 1;
  for (let i = 0; i < 5; i++) {
    if (pos >= end) return -1;
    const b = bytes[pos++]!;
    result += (b & 0x7f) * scale;
    if (b < 0x80) return result <= 0xffffffff ? result : -1;
    scale *= 128;
  }
  return -1;
}

/** Reads a varint of up to 64 bits at `pos` as a bigint; null when malformed. */
function readVarint64(bytes: Uint8Array, end: number): bigint | null {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) return null;
    const b = bytes[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return BigInt.asUintN(64, result);
    shift += 7n;
  }
  return null;
}

/** Skips a varint; false when malformed. */
function skipVarint(bytes: Uint8Array, end: number): boolean {
  for (let i = 0; i < 10; i++) {
    if (pos >= end) return false;
    if (bytes[pos++]! < 0x80) return true;
  }
  return false;
}

/**
 * Reads a message that is exactly one `Frame.audio`. Returns null for anything else, so the
 * caller falls back to the generated decoder (which also produces the precise error).
 */
export function decodeAudioFrame(bytes: Uint8Array): RawAudioFields | null {
  if (bytes.length < 2 || bytes[0] !== 0x12) return null;
  pos = 1;
  const len = readVarint32(bytes, bytes.length);
  if (len < 0 || pos + len !== bytes.length) return null;
  const end = bytes.length;
  let pcmStart = 0;
  let pcmLen = 0;
  let sampleRate = 0;
  let numChannels = 0;
  let pts: bigint | undefined;
  while (pos < end) {
    const tag = bytes[pos++];
    switch (tag) {
      case 0x08: // id: not exposed for audio
        if (!skipVarint(bytes, end)) return null;
        break;
      case 0x12: {
        // name: not exposed for audio
        const n = readVarint32(bytes, end);
        if (n < 0 || pos + n > end) return null;
        pos += n;
        break;
      }
      case 0x1a: {
        const n = readVarint32(bytes, end);
        if (n < 0 || pos + n > end) return null;
        pcmStart = pos;
        pcmLen = n;
        pos += n;
        break;
      }
      case 0x20:
        sampleRate = readVarint32(bytes, end);
        if (sampleRate < 0) return null;
        break;
      case 0x28:
        numChannels = readVarint32(bytes, end);
        if (numChannels < 0) return null;
        break;
      case 0x30: {
        const v = readVarint64(bytes, end);
        if (v === null) return null;
        pts = v;
        break;
      }
      default:
        return null; // unknown field or wire type: the generated decoder knows how to skip it
    }
  }
  const out: RawAudioFields = { pcmStart, pcmLength: pcmLen, sampleRate, numChannels };
  if (pts !== undefined) out.pts = pts;
  return out;
}

function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

function writeVarint(out: Uint8Array, p: number, n: number): number {
  while (n >= 0x80) {
    out[p++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  out[p++] = n;
  return p;
}

function varint64Length(n: bigint): number {
  let v = BigInt.asUintN(64, n);
  let len = 1;
  while (v >= 0x80n) {
    v >>= 7n;
    len++;
  }
  return len;
}

function writeVarint64(out: Uint8Array, p: number, n: bigint): number {
  let v = BigInt.asUintN(64, n);
  while (v >= 0x80n) {
    out[p++] = Number(v & 0x7fn) | 0x80;
    v >>= 7n;
  }
  out[p++] = Number(v);
  return p;
}
