/**
 * The serializer contract: how one WebSocket message becomes a frame and back.
 *
 * Compatible with `@pipecat-ai/websocket-transport`'s `WebSocketSerializer` (a serializer written
 * for it works here), extended so `deserialize` also reports interruptions, text, transcriptions,
 * the audio frame's own format, and malformed input — which is reported, never thrown.
 */
import type { RTVIMessage } from "@pipecat-ai/client-js";

/** What a serializer produces for the socket: binary or text. */
export type SerializedMessage = Uint8Array | ArrayBuffer | string;

/** What a `serialize*()` method may return: a message, or `null`/`undefined` for "nothing to send". */
export type SerializerOutput = SerializedMessage | null | undefined;

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
  /** Audio outside 8000–48000 Hz or 1–2 channels. */
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
 * An audio frame as a serializer written to the official package's contract reports it: samples
 * only. The transport fills in `playerSampleRate` and mono, and checks the format.
 */
export interface LooseAudioFrame {
  type: "audio";
  audio: Int16Array;
  pcm?: Uint8Array;
  sampleRate?: number;
  numChannels?: number;
  pts?: bigint;
}

/** What `deserialize` may resolve: any inbound frame, with the audio format optional. */
export type DeserializedFrame = Exclude<InboundFrame, AudioFrame> | LooseAudioFrame;

/**
 * Turns frames into WebSocket messages and back. Implement it to speak another server protocol.
 * A serializer written for `@pipecat-ai/websocket-transport` satisfies it as it is.
 */
export interface WebSocketSerializer {
  /** Serializes an arbitrary application payload (used by `sendRawMessage`). */
  serialize(data: unknown): SerializerOutput;
  /** Serializes one chunk of PCM s16le mic audio. */
  serializeAudio(data: ArrayBuffer, sampleRate: number, numChannels: number): SerializerOutput;
  /** Serializes an RTVI message; `null` when the protocol cannot carry messages (Twilio). */
  serializeMessage(msg: RTVIMessage): SerializerOutput;
  /**
   * Decodes one inbound message: a string for text messages; for binary ones what
   * {@link binaryType} asks for. Bad input should resolve a `malformed` frame; a rejection or a
   * throw is counted as `decode-error` too.
   */
  deserialize(data: unknown): Promise<DeserializedFrame>;
  /**
   * Optional synchronous decode of text or `ArrayBuffer` input; the transport prefers it on the
   * hot path (no promise per frame) when {@link binaryType} is `"arraybuffer"`.
   */
  decode?(data: ArrayBuffer | ArrayBufferView | string): InboundFrame;
  /**
   * What binary messages reach `deserialize`: `"blob"` (what the official transport hands its
   * serializers: the browser's default) or `"arraybuffer"`. Default `"blob"`, in Node too (a
   * Node `Blob`); ours say `"arraybuffer"`.
   */
  readonly binaryType?: "blob" | "arraybuffer";
  /**
   * How the server signals that it is ready: `"rtvi"` (it answers client-ready with bot-ready;
   * the default) or `"none"` (the protocol has no handshake, e.g. Twilio media streams: the open
   * socket is ready).
   */
  readonly handshake?: "rtvi" | "none";
}

/** Names of the serializer's input types, for error messages. */
export function describeInput(data: unknown): string {
  if (data === null) return "null";
  if (typeof data !== "object") return typeof data;
  return (data as object).constructor?.name ?? "object";
}
