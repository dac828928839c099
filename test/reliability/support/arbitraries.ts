/**
 * fast-check generators of hostile wire input: random bytes, valid Pipecat frames, and valid
 * frames mutated (bits flipped, truncated, extended, spliced, length prefixes lied about).
 * Shared by the serializer fuzz test and the live-transport fuzz test.
 */
import fc from "fast-check";
import { Frame, toLong } from "../../../src/serializers/wire.js";
import type { InboundFrame, MalformedReason } from "../../../src/serializers/WebSocketSerializer.js";

/** Cases per property: 2,000 in `npm test`, `FUZZ_RUNS` (e.g. 100000 in `npm run fuzz`) otherwise. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
/** A fixed seed in `npm test` (reproducible); `FUZZ_SEED` overrides, `random` picks one. */
export const FUZZ_SEED = process.env.FUZZ_SEED === "random" ? undefined : Number(process.env.FUZZ_SEED ?? 20_240_601);

const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

const rtviMessage = fc.record({
  label: fc.constantFrom("rtvi-ai", "other", ""),
  type: fc.constantFrom("bot-llm-text", "user-transcription", "server-message", "bot-interrupted", "error"),
  id: fc.string({ maxLength: 12 }),
  data: fc.jsonValue({ maxDepth: 3 }),
});

/** A valid `pipecat.Frame`, encoded with the generated encoder (what a server may send). */
export const validFrame: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .record({
      samples: fc.integer({ min: 0, max: 960 }),
      rate: fc.constantFrom(8000, 16000, 24000, 48000),
      channels: fc.constantFrom(1, 2),
      pts: fc.option(uint64, { nil: undefined }),
      seed: fc.integer(),
    })
    .map(({ samples, rate, channels, pts, seed }) => {
      const pcm = new Int16Array(samples);
      for (let i = 0; i < samples; i++) pcm[i] = ((seed + i * 7919) % 65536) - 32768;
      return Frame.encode({
        audio: {
          name: "audio", audio: new Uint8Array(pcm.buffer), sampleRate: rate, numChannels: channels,
          ...(pts === undefined ? {} : { pts: toLong(pts) }),
        },
      }).finish();
    }),
  rtviMessage.map((m) => Frame.encode({ message: { data: JSON.stringify(m) } }).finish()),
  fc.string({ maxLength: 64 }).map((data) => Frame.encode({ message: { data } }).finish()),
  fc.record({ id: uint64, name: fc.string({ maxLength: 16 }), text: fc.string({ maxLength: 64 }) })
    .map(({ id, name, text }) => Frame.encode({ text: { id: toLong(id), name, text } }).finish()),
  fc.record({ id: uint64, text: fc.string({ maxLength: 64 }), user: fc.string({ maxLength: 8 }), ts: fc.string({ maxLength: 24 }) })
    .map(({ id, text, user, ts }) => Frame.encode({ transcription: { id: toLong(id), name: "t", text, userId: user, timestamp: ts } }).finish()),
  uint64.map((id) => Frame.encode({ interruption: { id: toLong(id), name: "interruption" } }).finish()),
);

/** One mutation of a byte string. */
type Mutation = (b: Uint8Array) => Uint8Array;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }).map(({ at, bit }): Mutation => (b) => {
    if (!b.length) return b;
    const c = b.slice();
    c[at % c.length] ^= 1 << bit;
    return c;
  }),
  fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }).map(({ at, value }): Mutation => (b) => {
    if (!b.length) return b;
    const c = b.slice();
    c[at % c.length] = value;
    return c;
  }),
  fc.nat().map((n): Mutation => (b) => b.slice(0, b.length ? n % b.length : 0)), // truncate
  fc.uint8Array({ minLength: 1, maxLength: 32 }).map((tail): Mutation => (b) => concat(b, tail)), // extend
  fc.nat().map((n): Mutation => (b) => { // drop one byte in the middle
    if (!b.length) return b;
    const i = n % b.length;
    return concat(b.subarray(0, i), b.subarray(i + 1));
  }),
  // Lie about the outer length prefix (wire type 2 of the oneof): claim more or fewer bytes.
  fc.integer({ min: 0, max: 0x7f }).map((len): Mutation => (b) => {
    if (b.length < 2) return b;
    const c = b.slice();
    c[1] = len;
    return c;
  }),
  // An unknown field number / wire type at the front.
  fc.integer({ min: 0, max: 255 }).map((tag): Mutation => (b) => concat(Uint8Array.of(tag), b)),
);

/** A valid frame with 1–4 mutations, or two valid frames spliced together. */
export const mutatedFrame: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.tuple(validFrame, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([b, ms]) => ms.reduce((acc, m) => m(acc), b)),
  fc.tuple(validFrame, validFrame, fc.nat()).map(([a, b, n]) => concat(a.subarray(0, n % (a.length + 1)), b)),
);

/** Random bytes, valid frames and mutated frames, in a mix that keeps most input hostile. */
export const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { arbitrary: fc.uint8Array({ maxLength: 2048 }), weight: 3 },
  { arbitrary: mutatedFrame, weight: 6 },
  { arbitrary: validFrame, weight: 1 },
);

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const REASONS: readonly MalformedReason[] = [
  "decode-error", "unknown-frame", "invalid-json", "odd-length-audio", "invalid-audio-format", "oversized", "unsupported-input",
];

/**
 * Throws unless `frame` is one well-formed classification: a known type with the fields that
 * type promises (audio: Int16Array and a sane format; malformed: a known reason and a detail).
 */
export function expectClassified(frame: InboundFrame): void {
  const fail = (why: string) => {
    throw new Error(`unclassified result (${why}): ${JSON.stringify(frame, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))?.slice(0, 300)}`);
  };
  if (!frame || typeof frame !== "object") return fail("not an object");
  switch (frame.type) {
    case "audio":
      if (!(frame.audio instanceof Int16Array)) fail("audio is not an Int16Array");
      if (!Number.isInteger(frame.sampleRate) || frame.sampleRate <= 0) fail("bad sampleRate");
      if (!Number.isInteger(frame.numChannels) || frame.numChannels <= 0) fail("bad numChannels");
      if (frame.pts !== undefined && typeof frame.pts !== "bigint") fail("pts not a bigint");
      return;
    case "message":
      if (!frame.message || typeof frame.message !== "object" || Array.isArray(frame.message)) fail("message is not an object");
      return;
    case "text":
    case "transcription":
      if (typeof frame.text !== "string" || typeof frame.id !== "bigint") fail("text/id types");
      return;
    case "interruption":
    case "raw":
      return;
    case "malformed":
      if (!REASONS.includes(frame.reason)) fail(`unknown reason ${String(frame.reason)}`);
      if (typeof frame.detail !== "string" || typeof frame.size !== "number") fail("detail/size types");
      return;
    default:
      fail(`unknown type ${String((frame as { type?: unknown }).type)}`);
  }
}
