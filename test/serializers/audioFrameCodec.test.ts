import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeAudioFrame } from "../../src/serializers/audioFrameCodec.js";
import { decodeGenerated, ProtobufFrameSerializer } from "../../src/serializers/ProtobufFrameSerializer.js";
import { Frame, toLong } from "../../src/serializers/wire.js";

const ser = new ProtobufFrameSerializer();
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

/** Random AudioRawFrames as the generated encoder (i.e. any proto3 writer) produces them. */
const audioFrames = fc.record(
  {
    id: uint64,
    name: fc.string({ maxLength: 40 }),
    audio: fc.uint8Array({ maxLength: 2000 }),
    sampleRate: fc.oneof(fc.constantFrom(0, 8000, 16000, 24000, 48000, 384000, 384001), fc.integer({ min: 0, max: 0xffffffff })),
    numChannels: fc.oneof(fc.constantFrom(0, 1, 2, 32, 33), fc.integer({ min: 0, max: 0xffffffff })),
    pts: uint64,
  },
  { requiredKeys: ["audio", "sampleRate", "numChannels"] },
);

function encode(f: { id?: bigint; name?: string; audio: Uint8Array; sampleRate: number; numChannels: number; pts?: bigint }, offset: number): Uint8Array {
  const bytes = Frame.encode({
    audio: {
      ...(f.id !== undefined ? { id: toLong(f.id) } : {}),
      ...(f.name !== undefined ? { name: f.name } : {}),
      audio: f.audio,
      sampleRate: f.sampleRate,
      numChannels: f.numChannels,
      ...(f.pts !== undefined ? { pts: toLong(f.pts) } : {}),
    },
  }).finish();
  // Place the message at an arbitrary offset so both aligned and misaligned samples occur.
  const holder = new Uint8Array(bytes.length + offset);
  holder.set(bytes, offset);
  return holder.subarray(offset);
}

describe("hand-written audio frame codec", () => {
  it("reads every audio frame exactly as the generated decoder does", () => {
    fc.assert(
      fc.property(audioFrames, fc.integer({ min: 0, max: 3 }), (f, offset) => {
        const bytes = encode(f, offset);
        expect(decodeAudioFrame(bytes)).not.toBeNull(); // the fast path takes every plain audio frame
        expect(ser.decode(bytes)).toEqual(decodeGenerated(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it("falls back (and agrees) on truncated, extended and non-audio messages", () => {
    fc.assert(
      fc.property(audioFrames, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }), (f, cut, extra) => {
        const bytes = encode(f, 0);
        const truncated = bytes.subarray(0, cut % bytes.length);
        const extended = new Uint8Array([...bytes, ...extra]);
        for (const b of [truncated, extended]) expect(ser.decode(b)).toEqual(decodeGenerated(b));
      }),
      { numRuns: 500 },
    );
    const message = ser.serializeMessage({ label: "rtvi-ai", type: "x", id: "1", data: {} } as never);
    expect(decodeAudioFrame(message)).toBeNull();
  });

  it("declines audio frames with fields it does not know, leaving them to the generated decoder", () => {
    // AudioRawFrame with an extra field 9 (varint): proto3 readers skip it.
    const base = Frame.encode({ audio: { audio: new Uint8Array(4), sampleRate: 16000, numChannels: 1 } }).finish();
    const inner = new Uint8Array([...base.subarray(2), 0x48, 0x01]);
    const withUnknown = new Uint8Array([0x12, inner.length, ...inner]);
    expect(decodeAudioFrame(withUnknown)).toBeNull();
    const decoded = ser.decode(withUnknown);
    expect(decoded.type === "audio" && decoded.sampleRate).toBe(16000);
  });
});
