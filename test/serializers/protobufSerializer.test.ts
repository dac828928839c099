import { ProtobufFrameSerializer as OfficialSerializer } from "@pipecat-ai/websocket-transport";
import { describe, expect, it } from "vitest";
import { ProtobufFrameSerializer } from "../../src/serializers/ProtobufFrameSerializer.js";
import { Frame, toLong } from "../../src/serializers/wire.js";
import { encodeInterruptionFrame, encodeTextFrame, encodeTranscriptionFrame } from "../../src/server/frameEncoders.js";

const ser = new ProtobufFrameSerializer();
const rtvi = { label: "rtvi-ai", type: "bot-ready", id: "42", data: { version: "1.0.0" } };

function pcm(n: number, seed = 1): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(Math.sin(i * 0.1 * seed) * 12000);
  return out;
}

describe("ProtobufFrameSerializer", () => {
  it("encodes mic audio byte-for-byte like the generated encoder", () => {
    for (const [samples, rate, channels] of [[320, 16000, 1], [0, 16000, 1], [80, 8000, 2], [9000, 48000, 1]] as const) {
      const audio = pcm(samples);
      const ours = ser.serializeAudio(audio.buffer as ArrayBuffer, rate, channels);
      const reference = Frame.encode({
        audio: { name: "audio", audio: new Uint8Array(audio.buffer), sampleRate: rate, numChannels: channels },
      }).finish();
      expect(Buffer.from(ours).equals(Buffer.from(reference))).toBe(true);
    }
  });

  it("encodes pts with presence, including pts = 0", () => {
    const audio = pcm(16);
    for (const pts of [0n, 1n, 2n ** 63n + 5n]) {
      const ours = ser.serializeAudio(audio, 16000, 1, pts);
      const reference = Frame.encode({
        audio: { name: "audio", audio: new Uint8Array(audio.buffer), sampleRate: 16000, numChannels: 1, pts: toLong(pts) },
      }).finish();
      expect(Buffer.from(ours).equals(Buffer.from(reference))).toBe(true);
      const decoded = ser.decode(ours);
      expect(decoded.type === "audio" && decoded.pts).toBe(pts);
    }
    const withoutPts = ser.decode(ser.serializeAudio(audio, 16000, 1));
    expect(withoutPts.type === "audio" && "pts" in withoutPts).toBe(false);
  });

  it("decodes bot audio as a view on the received bytes, with the frame's own format", () => {
    const audio = pcm(480);
    const bytes = ser.serializeAudio(audio, 24000, 1);
    const frame = ser.decode(bytes);
    expect(frame.type).toBe("audio");
    if (frame.type !== "audio") return;
    expect(frame.sampleRate).toBe(24000);
    expect(frame.numChannels).toBe(1);
    expect(Array.from(frame.audio)).toEqual(Array.from(audio));
  });

  it("views aligned samples without copying and copies misaligned ones once", () => {
    const audio = pcm(480);
    for (const name of ["audio", "audio1"]) {
      const bytes = new Uint8Array(
        Frame.encode({ audio: { name, audio: new Uint8Array(audio.buffer), sampleRate: 24000, numChannels: 1 } }).finish(),
      );
      const pcmOffset = bytes.length - audio.byteLength - 6; // sample_rate (4 bytes) and num_channels (2) follow
      const frame = ser.decode(bytes);
      if (frame.type !== "audio") throw new Error("expected audio");
      expect(Array.from(frame.audio)).toEqual(Array.from(audio));
      const aligned = (bytes.byteOffset + pcmOffset) % 2 === 0;
      expect(frame.audio.buffer === bytes.buffer, `name=${name}`).toBe(aligned);
    }
  });

  it("copies once when the samples are not 2-byte aligned", () => {
    const audio = pcm(10);
    const bytes = ser.serializeAudio(audio, 16000, 1);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const frame = ser.decode(shifted.subarray(1));
    expect(frame.type === "audio" && Array.from(frame.audio)).toEqual(Array.from(audio));
  });

  it("round-trips RTVI messages, text, transcription and interruption frames", () => {
    expect(ser.decode(ser.serializeMessage(rtvi as never))).toEqual({ type: "message", message: rtvi });
    expect(ser.decode(encodeTextFrame("hello", { id: 2n ** 60n + 3n, name: "TextFrame#1" }))).toEqual({
      type: "text", text: "hello", id: 2n ** 60n + 3n, name: "TextFrame#1",
    });
    expect(ser.decode(encodeTranscriptionFrame("hi there", "user-1", "2026-11-27T00:00:00Z", { id: 18446744073709551615n }))).toEqual({
      type: "transcription", text: "hi there", userId: "user-1", timestamp: "2026-11-27T00:00:00Z", id: 18446744073709551615n, name: "",
    });
    expect(ser.decode(encodeInterruptionFrame({ id: 9n }))).toEqual({ type: "interruption" });
  });

  it("classifies bad input instead of throwing", () => {
    const audio = ser.serializeAudio(pcm(8), 16000, 1);
    const oddAudio = Frame.encode({ audio: { audio: new Uint8Array(7), sampleRate: 16000, numChannels: 1 } }).finish();
    const noRate = Frame.encode({ audio: { audio: new Uint8Array(8), numChannels: 1 } }).finish();
    const unknownOneof = Uint8Array.from([0x32, 0x02, 0x08, 0x01]); // field 6, not in the schema
    const nonJson = Frame.encode({ message: { data: "{not json" } }).finish();
    const jsonScalar = Frame.encode({ message: { data: "42" } }).finish();
    const cases: Array<[unknown, string]> = [
      [Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff]), "decode-error"],
      [audio.subarray(0, audio.length - 5), "decode-error"],
      [unknownOneof, "unknown-frame"],
      [new Uint8Array(0), "unknown-frame"],
      [nonJson, "invalid-json"],
      [jsonScalar, "invalid-json"],
      [oddAudio, "odd-length-audio"],
      [noRate, "invalid-audio-format"],
      ["a string", "unsupported-input"],
    ];
    for (const [input, reason] of cases) {
      const frame = ser.decode(input as Uint8Array);
      expect(frame.type, `${reason}`).toBe("malformed");
      expect(frame.type === "malformed" && frame.reason).toBe(reason);
    }
  });

  it("deserialize accepts ArrayBuffer, Uint8Array and Blob", async () => {
    const bytes = ser.serializeMessage(rtvi as never);
    const ab = new Uint8Array(bytes).buffer; // a real copy: in Node, protobufjs returns a Buffer view into a shared slab
    for (const input of [ab, bytes, new Blob([new Uint8Array(bytes)])]) {
      expect(await ser.deserialize(input)).toEqual({ type: "message", message: rtvi });
    }
  });

  it("is wire-compatible with the official @pipecat-ai/websocket-transport serializer", async () => {
    const official = new OfficialSerializer();
    const audio = pcm(320);
    // ours → theirs
    const theirsReads = await official.deserialize(new Blob([new Uint8Array(ser.serializeAudio(audio, 16000, 1))]));
    expect(theirsReads.type).toBe("audio");
    expect(Array.from((theirsReads as { audio: Int16Array }).audio)).toEqual(Array.from(audio));
    const theirsMsg = await official.deserialize(new Blob([new Uint8Array(ser.serializeMessage(rtvi as never))]));
    expect(theirsMsg).toEqual({ type: "message", message: rtvi });
    // theirs → ours
    const fromTheirs = ser.decode(official.serializeAudio(audio.buffer as ArrayBuffer, 16000, 1));
    expect(fromTheirs.type === "audio" && Array.from(fromTheirs.audio)).toEqual(Array.from(audio));
    expect(Buffer.from(official.serializeAudio(audio.buffer as ArrayBuffer, 16000, 1)).equals(Buffer.from(ser.serializeAudio(audio, 16000, 1)))).toBe(true);
    expect(ser.decode(official.serializeMessage(rtvi as never))).toEqual({ type: "message", message: rtvi });
  });
});
