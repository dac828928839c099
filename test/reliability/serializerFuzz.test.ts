/**
 * Fuzzing of both serializers' inbound paths with fast-check: random bytes, valid frames and
 * mutated frames. Nothing may throw or reject, every input must come back as exactly one
 * well-formed classification, and the sync (`decode`) and async (`deserialize`, Blob) paths
 * must agree. 2,000 cases per property here; `npm run fuzz` runs 100,000 (`FUZZ_RUNS`).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProtobufFrameSerializer } from "../../src/serializers/ProtobufFrameSerializer.js";
import { TwilioSerializer } from "../../src/serializers/TwilioSerializer.js";
import type { InboundFrame } from "../../src/serializers/WebSocketSerializer.js";
import { FUZZ_RUNS, FUZZ_SEED, expectClassified, hostileBytes, validFrame } from "./support/arbitraries.js";
import { Frame } from "../../src/serializers/wire.js";

const params = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED };
// Scale the per-test timeout with the number of cases (npm run fuzz runs 50x more).
const timeout = 30_000 + FUZZ_RUNS * 5;

/** A comparable summary of a classification (type, plus reason for malformed input). */
function kind(f: InboundFrame): string {
  return f.type === "malformed" ? `malformed:${f.reason}` : f.type;
}

function copyAt(bytes: Uint8Array, offset: number): Uint8Array {
  const buf = new Uint8Array(bytes.length + offset);
  buf.set(bytes, offset);
  return buf.subarray(offset);
}

describe("ProtobufFrameSerializer under fuzzing", () => {
  const ser = new ProtobufFrameSerializer();

  it("classifies random and mutated frames without throwing; decode, unaligned decode and deserialize(Blob) agree", async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(hostileBytes, async (bytes) => {
        const sync = ser.decode(bytes);
        expectClassified(sync);
        const unaligned = ser.decode(copyAt(bytes, 1));
        expect(kind(unaligned)).toBe(kind(sync));
        // A standalone ArrayBuffer (what `ws` hands over with binaryType arraybuffer). Not
        // `bytes.slice().buffer`: the generated encoder returns pooled Node Buffers.
        const fromBuffer = ser.decode(Uint8Array.from(bytes).buffer);
        expect(kind(fromBuffer)).toBe(kind(sync));
        const viaBlob = (await ser.deserialize(new Blob([bytes as Uint8Array<ArrayBuffer>]))) as InboundFrame;
        expect(kind(viaBlob)).toBe(kind(sync));
        if (sync.type === "audio" && unaligned.type === "audio") expect(unaligned.audio).toEqual(sync.audio);
        seen.set(kind(sync), (seen.get(kind(sync)) ?? 0) + 1);
      }),
      params,
    );
    // The generators must actually reach both the good and the bad paths.
    expect(seen.get("audio") ?? 0).toBeGreaterThan(0);
    expect(seen.get("malformed:decode-error") ?? 0).toBeGreaterThan(0);
    expect([...seen.keys()].filter((k) => k.startsWith("malformed:")).length).toBeGreaterThanOrEqual(3);
  }, timeout);

  it("decodes every valid frame to what was encoded", () => {
    fc.assert(
      fc.property(validFrame, (bytes) => {
        const frame = ser.decode(bytes);
        expectClassified(frame);
        const ref = Frame.decode(bytes);
        switch (ref.frame) {
          case "audio": {
            expect(frame.type).toBe("audio");
            if (frame.type !== "audio") return;
            expect(Buffer.from(frame.audio.buffer, frame.audio.byteOffset, frame.audio.byteLength).equals(Buffer.from(ref.audio!.audio ?? []))).toBe(true);
            expect(frame.sampleRate).toBe(ref.audio!.sampleRate);
            expect(frame.pts !== undefined).toBe(ref.audio!.pts != null);
            return;
          }
          case "message": {
            // The message generator sends arbitrary strings too: JSON objects decode, the rest is invalid-json.
            let isObject = false;
            try {
              const v: unknown = JSON.parse(ref.message!.data ?? "");
              isObject = v !== null && typeof v === "object" && !Array.isArray(v);
            } catch {
              isObject = false;
            }
            expect(kind(frame)).toBe(isObject ? "message" : "malformed:invalid-json");
            return;
          }
          default:
            expect(frame.type).toBe(ref.frame);
        }
      }),
      params,
    );
  }, timeout);

  it("reports non-binary input as unsupported instead of throwing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.jsonValue(), fc.constant(undefined), fc.constant(null)), async (input) => {
        const frame = (await ser.deserialize(input)) as InboundFrame;
        expectClassified(frame);
        expect(kind(frame)).toBe("malformed:unsupported-input");
      }),
      { ...params, numRuns: Math.min(FUZZ_RUNS, 2_000) },
    );
  }, timeout);
});

describe("TwilioSerializer under fuzzing", () => {
  const ser = new TwilioSerializer();
  const base64 = fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString("base64"));
  const twilioEvent = fc.oneof(
    fc.record({ event: fc.constant("media"), media: fc.record({ payload: fc.oneof(base64, fc.string(), fc.jsonValue()) }, { requiredKeys: [] }) }, { requiredKeys: ["event"] }),
    fc.record({ event: fc.constantFrom("clear", "mark", "start", "stop", "connected"), streamSid: fc.string() }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
  );
  const mutatedText = fc.tuple(twilioEvent, fc.nat(), fc.string({ maxLength: 4 })).map(([e, n, s]) => {
    const text = JSON.stringify(e);
    const i = n % (text.length + 1);
    return text.slice(0, i) + s + text.slice(i + (n % 3)); // insert junk / drop characters
  });
  const hostileText = fc.oneof(fc.string({ maxLength: 600 }), fc.json(), twilioEvent.map((e) => JSON.stringify(e)), mutatedText);

  it("classifies random, valid and mutated Twilio messages without throwing; string, bytes and Blob agree", async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const sync = ser.decode(text);
        expectClassified(sync);
        expect(kind(ser.decode(new TextEncoder().encode(text)))).toBe(kind(sync));
        expect(kind((await ser.deserialize(new Blob([text]))) as InboundFrame)).toBe(kind(sync));
        seen.add(kind(sync));
      }),
      params,
    );
    for (const k of ["audio", "interruption", "raw", "malformed:invalid-json"]) expect(seen).toContain(k);
  }, timeout);

  it("decodes every well-formed media event to 8 kHz audio of the payload's length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (ulaw) => {
        const frame = ser.decode(JSON.stringify({ event: "media", media: { payload: Buffer.from(ulaw).toString("base64") } }));
        expect(frame.type).toBe("audio");
        if (frame.type === "audio") {
          expect(frame.sampleRate).toBe(8000);
          expect(frame.audio.length).toBe(ulaw.length);
        }
      }),
      params,
    );
  }, timeout);

  it("classifies random bytes and non-text input without throwing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 512 }), fc.jsonValue(), fc.constant(undefined)), async (input) => {
        const frame = (await ser.deserialize(input)) as InboundFrame;
        expectClassified(frame);
      }),
      params,
    );
  }, timeout);
});
