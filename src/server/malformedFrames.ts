/**
 * One hostile message per kind of bad input a client must survive (DESIGN.md "Behaviour rules"),
 * named after the serializer's `MalformedReason`s so a test can send a kind and expect the
 * same reason back from the client's counters.
 */
import { Frame } from "../serializers/wire.js";

/** Kinds of malformed message the dev server can send. */
export const MALFORMED_KINDS = [
  /** Bytes that are not a protobuf `Frame` (a truncated length-delimited field). */
  "decode-error",
  /** A valid protobuf message with no known oneof (field 15, varint). */
  "unknown-frame",
  /** A MessageFrame whose `data` is not JSON. */
  "invalid-json",
  /** An AudioRawFrame with 3 bytes of audio (not whole 16-bit samples). */
  "odd-length-audio",
  /** An AudioRawFrame with sample_rate 0. */
  "invalid-audio-format",
  /** A valid AudioRawFrame of 1 MiB + 2 bytes (over Pipecat's 1 MiB limit). */
  "oversized",
  /** A WebSocket text message (the protobuf protocol is binary only). */
  "unsupported-input",
] as const;

/** One of {@link MALFORMED_KINDS}. */
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

/** The message to send for `kind`: bytes, or a string for a text message. */
export function malformedMessage(kind: MalformedKind): Uint8Array | string {
  switch (kind) {
    case "decode-error":
      // Field 1 (text), length-delimited, claims 100 bytes but carries 2.
      return new Uint8Array([0x0a, 100, 0x01, 0x02]);
    case "unknown-frame":
      return new Uint8Array([0x78, 0x01]); // field 15, varint 1
    case "invalid-json":
      return Frame.encode({ message: { data: "{not json" } }).finish();
    case "odd-length-audio":
      return Frame.encode({ audio: { name: "audio", audio: new Uint8Array(3), sampleRate: 24000, numChannels: 1 } }).finish();
    case "invalid-audio-format":
      return Frame.encode({ audio: { name: "audio", audio: new Uint8Array(960), sampleRate: 0, numChannels: 1 } }).finish();
    case "oversized":
      return Frame.encode({
        audio: { name: "audio", audio: new Uint8Array(1024 * 1024 + 2), sampleRate: 24000, numChannels: 1 },
      }).finish();
    case "unsupported-input":
      return "this is a text message; Pipecat's protobuf protocol only sends binary messages";
  }
}

/** True for a known kind (for input from the network fault API). */
export function isMalformedKind(value: unknown): value is MalformedKind {
  return typeof value === "string" && (MALFORMED_KINDS as readonly string[]).includes(value);
}
