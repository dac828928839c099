/**
 * WAV (RIFF/WAVE) reading and writing, so users can feed any WAV they have as the user's voice
 * and get the bot's voice back as a file. Pure and platform-neutral: bytes in, samples out.
 *
 * Reads PCM 8/16/24/32-bit, IEEE float 32/64-bit and WAVE_FORMAT_EXTENSIBLE of those, any rate
 * and channel count, converting to interleaved PCM16. Writes PCM16. Bad files fail with a
 * {@link WavError} that says what is wrong.
 */
import { PipecatWsError } from "../common/errors.js";

/** Why a WAV could not be read. */
export type WavErrorCode =
  | "not-riff"
  | "not-wave"
  | "missing-fmt"
  | "missing-data"
  | "unsupported-format"
  | "invalid-format"
  | "truncated";

/** A WAV file could not be read; `code` says why, the message says how to fix it. */
export class WavError extends PipecatWsError {
  declare readonly code: WavErrorCode;
  constructor(code: WavErrorCode, message: string) {
    super(code, message);
    this.name = "WavError";
  }
}

/** A decoded WAV: interleaved PCM16 samples and their format. */
export interface WavAudio {
  /** Interleaved samples, `frames * channels` long. */
  samples: Int16Array;
  /** Sample rate in Hz. */
  sampleRate: number;
  /** Number of interleaved channels. */
  channels: number;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Parses a WAV file into PCM16.
 * @throws WavError for anything that is not a readable RIFF/WAVE file.
 */
export function parseWav(data: ArrayBuffer | ArrayBufferView): WavAudio {
  const bytes = ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || tag(bytes, 0) !== "RIFF") {
    throw new WavError("not-riff", `not a WAV file: expected "RIFF" at byte 0${bytes.length < 12 ? ` (only ${bytes.length} bytes)` : ""}`);
  }
  if (tag(bytes, 8) !== "WAVE") {
    throw new WavError("not-wave", `not a WAV file: RIFF type is "${printable(tag(bytes, 8))}", expected "WAVE"`);
  }

  let fmt: { format: number; channels: number; sampleRate: number; bits: number; blockAlign: number } | undefined;
  let dataStart = -1;
  let dataLen = 0;
  let p = 12;
  while (p + 8 <= bytes.length) {
    const id = tag(bytes, p);
    const size = view.getUint32(p + 4, true);
    const body = p + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > bytes.length) throw new WavError("truncated", `WAV "fmt " chunk is ${size} bytes, needs at least 16`);
      let format = view.getUint16(body, true);
      if (format === FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) {
        format = view.getUint16(body + 24, true); // first two bytes of the SubFormat GUID
      }
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === "data") {
      dataStart = body;
      // Streaming writers leave the size at 0 or 0xFFFFFFFF; trust the file length then.
      const rest = bytes.length - body;
      dataLen = size === 0 || size === 0xffffffff || size > rest ? rest : size;
      if (fmt) break;
    }
    p = body + size + (size & 1); // chunks are padded to even sizes
  }
  if (!fmt) throw new WavError("missing-fmt", 'WAV has no "fmt " chunk before the end of the file');
  if (dataStart < 0) throw new WavError("missing-data", 'WAV has no "data" chunk');

  const { format, channels, sampleRate, bits } = fmt;
  if (channels < 1 || channels > 32) throw new WavError("invalid-format", `WAV channel count ${channels} is out of range 1..32`);
  if (sampleRate < 1000 || sampleRate > 384_000) {
    throw new WavError("invalid-format", `WAV sample rate ${sampleRate} Hz is out of range 1000..384000`);
  }
  const reader = sampleReader(format, bits);
  if (!reader) {
    throw new WavError(
      "unsupported-format",
      `WAV format ${format === FORMAT_PCM ? "PCM" : format === FORMAT_FLOAT ? "float" : `tag ${format}`} with ${bits} bits ` +
        "is not supported; convert it to 16-bit PCM (e.g. `sox in.wav -b 16 -e signed-integer out.wav`)",
    );
  }
  const bytesPerSample = bits / 8;
  const frameBytes = bytesPerSample * channels;
  const frames = Math.floor(dataLen / frameBytes);
  const samples = new Int16Array(frames * channels);
  for (let i = 0, q = dataStart; i < samples.length; i++, q += bytesPerSample) samples[i] = reader(view, q);
  return { samples, sampleRate, channels };
}

/** Encodes interleaved PCM16 as a WAV file. */
export function encodeWav(samples: Int16Array, sampleRate: number, channels = 1): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  out.set(wavHeader(samples.length * 2, sampleRate, channels), 0);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i]!, true);
  return out;
}

/**
 * The 44-byte header of a PCM16 WAV whose data is `dataBytes` long. Streaming writers write it
 * first with a guess and rewrite it when they know the length.
 */
export function wavHeader(dataBytes: number, sampleRate: number, channels = 1): Uint8Array {
  const h = new Uint8Array(44);
  const v = new DataView(h.buffer);
  writeTag(h, 0, "RIFF");
  v.setUint32(4, Math.min(0xffffffff, 36 + dataBytes), true);
  writeTag(h, 8, "WAVE");
  writeTag(h, 12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, FORMAT_PCM, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  writeTag(h, 36, "data");
  v.setUint32(40, Math.min(0xffffffff, dataBytes), true);
  return h;
}

/** Averages interleaved channels into one. Returns the input itself when it is already mono. */
export function downmixToMono(samples: Int16Array, channels: number): Int16Array {
  if (channels === 1) return samples;
  const frames = Math.floor(samples.length / channels);
  const out = new Int16Array(frames);
  for (let f = 0, i = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += samples[i++]!;
    out[f] = Math.round(sum / channels);
  }
  return out;
}

type SampleReader = (view: DataView, offset: number) => number;

function sampleReader(format: number, bits: number): SampleReader | null {
  if (format === FORMAT_PCM) {
    switch (bits) {
      case 8:
        return (v, o) => (v.getUint8(o) - 128) << 8; // 8-bit WAV is unsigned
      case 16:
        return (v, o) => v.getInt16(o, true);
      case 24:
        return (v, o) => v.getInt8(o + 2) * 256 + v.getUint8(o + 1);
      case 32:
        return (v, o) => v.getInt32(o, true) >> 16;
    }
  }
  if (format === FORMAT_FLOAT) {
    if (bits === 32) return (v, o) => floatToPcm16(v.getFloat32(o, true));
    if (bits === 64) return (v, o) => floatToPcm16(v.getFloat64(o, true));
  }
  return null;
}

function floatToPcm16(x: number): number {
  if (!(x === x)) return 0; // NaN
  const s = Math.round(x * 32768);
  return s > 32767 ? 32767 : s < -32768 ? -32768 : s;
}

function tag(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

function writeTag(bytes: Uint8Array, at: number, s: string): void {
  for (let i = 0; i < 4; i++) bytes[at + i] = s.charCodeAt(i);
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, "?");
}
