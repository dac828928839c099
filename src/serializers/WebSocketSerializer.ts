/**
 * The serializer contract: how one WebSocket message becomes a frame and back.
 *
 * Compatible with `@pipecat-ai/websocket-transport`'s `WebSocketSerializer` (a serializer written
 * for it works here), extended so `deserialize` also reports interruptions, text, transcriptions,
 * the audio frame's own format, and malformed input — which is reported, never thrown.
 */
import type { RTVIMessage } from "@pipecat-ai/client-js";

/** What a serializer produces for the socket: binary or text, or `null` for "nothing to send". */
export type SerializedMessage = Uint8Array | ArrayBuffer | string;

/** Anything a WebSocket implementation may hand to a message listener. */
export type WireData = ArrayBuffer | ArrayBufferView | Blob | string;

/** Bot audio: PCM s16 samples in the frame's own format. */
export interface AudioFrame {
  type: "audio";
  /**
   * Interleaved PCM samples. From our serializers: made on first read, a view on the received
   * bytes when they are 2-byte aligned, else one copy.
   */
  readonly audio: Int16Array;
  /**
   * The same samples as little-endian bytes, a view on the received message (possibly at an
   * odd offset). Consumers that can take bytes (the browser player) read this and copy nothing.
   * Serializers written for the official package may leave it out.
   */
  readonly pcm?: Uint8Array;
  /** The frame's own sample rate in Hz (this wins over `playerSampleRate`). */
  sampleRate: number;
  /** Number of interleaved channels. */
  numChannels: number;
  /** Presentation timestamp, present only when the sender set it (0 and absent differ). */
  pts?: bigint;
}

/** A JSON message (RTVI messages carry `label: "rtvi-ai"`). */
export interface MessageFrame {
  type: "message";
  message: RTVIMessage;
}

/** The server interrupted the bot (barge-in): buffered bot audio must be dropped now. */
export interface InterruptionFrame {
  type: "interruption";
}

/** A Pipecat TextFrame. */
export interface TextFrame {
  type: "text";
  text: string;
  /** The frame's uint64 id, exact beyond 2^53. */
  id: bigint;
  name: string;
}

/** A Pipecat TranscriptionFrame. */
export interface TranscriptionFrame {
  type: "transcription";
  text: string;
  userId: string;
  timestamp: string;
  id: bigint;
  name: string;
}

/** A well-formed message that carries nothing the transport acts on (e.g. Twilio `mark`). */
export interface RawFrame {
  type: "raw";
  message: unknown;
}

/** Why an inbound message was rejected. */
export type MalformedReason =
  /** Not a valid protobuf `Frame` (random bytes, truncated message, bad wire type). */
  | "decode-error"
  /** A valid `Frame` whose oneof is empty or a field this client does not know. */
  | "unknown-frame"
  /** A message frame whose `data` is not a JSON object. */
  | "invalid-json"
  /** Audio whose byte count is not a whole number of 16-bit samples. */
  | "odd-length-audio"
  /** Audio with a zero or absurd sample rate or channel count. */
  | "invalid-audio-format"
  /** Larger than the transport's `maxMessageSize`; dropped before decoding. */
  | "oversized"
  /** A payload type this serializer cannot read (e.g. text for the protobuf serializer). */
  | "unsupported-input";

/** An inbound message that could not be used. Counted and logged by the transport. */
export interface MalformedFrame {
  type: "malformed";
  reason: MalformedReason;
  /** Human-readable detail (never contains payload bytes). */
  detail: string;
  /** Size of the offending message in bytes (characters for text). */
  size: number;
}

/** Everything `deserialize` can report. */
export type InboundFrame =
  | AudioFrame
  | MessageFrame
  | InterruptionFrame
  | TextFrame
  | TranscriptionFrame
  | RawFrame
  | MalformedFrame;

/**
 * Turns frames into WebSocket messages and back. Implement it to speak another server protocol.
 */
export interface WebSocketSerializer {
  /** Serializes an arbitrary application payload (used by `sendRawMessage`). */
  serialize(data: unknown): SerializedMessage | null;
  /** Serializes one chunk of PCM s16le mic audio. */
  serializeAudio(data: ArrayBuffer, sampleRate: number, numChannels: number): SerializedMessage | null;
  /** Serializes an RTVI message; `null` when the protocol cannot carry messages (Twilio). */
  serializeMessage(msg: RTVIMessage): SerializedMessage | null;
  /** Decodes one inbound message. Never rejects for bad input: it resolves a `malformed` frame. */
  deserialize(data: unknown): Promise<InboundFrame>;
  /**
   * Optional synchronous decode for non-Blob input; the transport prefers it on the hot path
   * (no promise per frame).
   */
  decode?(data: ArrayBuffer | ArrayBufferView | string): InboundFrame;
}

/** Names of the serializer's input types, for error messages. */
export function describeInput(data: unknown): string {
  if (data === null) return "null";
  if (typeof data !== "object") return typeof data;
  return (data as object).constructor?.name ?? "object";
}
