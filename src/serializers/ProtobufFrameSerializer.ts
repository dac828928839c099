/**
 * Pipecat's protobuf frames (proto/frames.proto), byte-compatible with Pipecat servers.
 *
 * Audio, the hot path, goes through the hand-written codec in audioFrameCodec.ts (one allocation
 * and one copy to encode; a view on the received bytes to decode); everything else, and any
 * audio frame the fast path does not recognise, through the generated code.
 */
import type { RTVIMessage } from "@pipecat-ai/client-js";
import { asBytes, isArrayBuffer, isBlob } from "./bytes.js";
import { DecodedAudioFrame } from "./DecodedAudioFrame.js";
import { decodeAudioFrame, encodeAudioFrame } from "./audioFrameCodec.js";
import { decodeJsonMessage } from "./json.js";
import { isNetworkAudioFormat } from "../pcm/format.js";
import { Frame, toBigInt } from "./wire.js";
import type { DeserializedFrame, InboundFrame, MalformedFrame, WebSocketSerializer } from "./WebSocketSerializer.js";
import { describeInput } from "./WebSocketSerializer.js";


/** Serializes frames as Pipecat's binary protobuf `Frame` messages. The default serializer. */
export class ProtobufFrameSerializer implements WebSocketSerializer {
  /** Binary messages arrive as ArrayBuffers (decoded in place, no Blob round-trip). */
  readonly binaryType: "blob" | "arraybuffer" = "arraybuffer";
  /** Pipecat servers answer client-ready with bot-ready. */
  readonly handshake: "rtvi" | "none" = "rtvi";

  /** Encodes `data` as an RTVI-less JSON MessageFrame (used by `sendRawMessage`). */
  serialize(data: unknown): Uint8Array {
    return Frame.encode({ message: { data: JSON.stringify(data) } }).finish();
  }

  /**
   * Encodes PCM s16le audio as an AudioRawFrame named "audio" with id 0, like Pipecat's clients.
   * One allocation of the exact size and one copy of the samples.
   */
  serializeAudio(data: ArrayBuffer | ArrayBufferView, sampleRate: number, numChannels: number, pts?: bigint): Uint8Array {
    return encodeAudioFrame(asBytes(data), sampleRate, numChannels, pts);
  }

  /** Encodes an RTVI message as a MessageFrame with JSON `data`. */
  serializeMessage(msg: RTVIMessage): Uint8Array {
    return Frame.encode({ message: { data: JSON.stringify(msg) } }).finish();
  }

  async deserialize(data: unknown): Promise<DeserializedFrame> {
    if (isBlob(data)) return this.decode(new Uint8Array(await data.arrayBuffer()));
    return this.decode(data as ArrayBuffer | ArrayBufferView | string);
  }

  /** Synchronous decode; never throws for bad input. */
  decode(data: ArrayBuffer | ArrayBufferView | string): InboundFrame {
    if (!(isArrayBuffer(data) || ArrayBuffer.isView(data))) {
      return malformed("unsupported-input", `expected binary data, got ${describeInput(data)}`, sizeOf(data));
    }
    const bytes = asBytes(data);
    const fast = decodeAudioFrame(bytes);
    if (fast) return audioFrame(bytes, fast.pcmStart, fast.pcmLength, fast.sampleRate, fast.numChannels, fast.pts);
    return decodeGenerated(bytes);
  }
}


/** Decodes with the generated code only (the reference the audio fast path is tested against). */
export function decodeGenerated(bytes: Uint8Array): InboundFrame {
  let frame;
  try {
    frame = Frame.decode(bytes);
  } catch (e) {
    return malformed("decode-error", (e as Error).message, bytes.length);
  }
  switch (frame.frame) {
    case "audio": {
      const a = frame.audio!;
      const pcm = a.audio ?? new Uint8Array(0);
      return audioFrame(pcm, 0, pcm.length, a.sampleRate ?? 0, a.numChannels ?? 0, a.pts != null ? toBigInt(a.pts) : undefined, bytes.length);
    }
    case "message":
      return decodeJsonMessage(frame.message!.data ?? "", bytes.length);
    case "interruption":
      return { type: "interruption" };
    case "text": {
      const t = frame.text!;
      return { type: "text", text: t.text ?? "", id: toBigInt(t.id), name: t.name ?? "" };
    }
    case "transcription": {
      const t = frame.transcription!;
      return {
        type: "transcription",
        text: t.text ?? "",
        userId: t.userId ?? "",
        timestamp: t.timestamp ?? "",
        id: toBigInt(t.id),
        name: t.name ?? "",
      };
    }
    default:
      return malformed("unknown-frame", "Frame has no known oneof field", bytes.length);
  }
}

/** Validates audio fields (whole samples, a sane format) into an AudioFrame or a malformed report. */
function audioFrame(
  bytes: Uint8Array,
  start: number,
  length: number,
  sampleRate: number,
  numChannels: number,
  pts: bigint | undefined,
  size = bytes.length,
): InboundFrame {
  if (length % 2 !== 0) return malformed("odd-length-audio", `${length} bytes is not whole 16-bit samples`, size);
  if (!isNetworkAudioFormat(sampleRate, numChannels)) {
    return malformed("invalid-audio-format", `sample_rate=${sampleRate} num_channels=${numChannels}`, size);
  }
  // A plain Uint8Array view (never a Node Buffer, whose slice() does not copy).
  const frame = new DecodedAudioFrame(new Uint8Array(bytes.buffer, bytes.byteOffset + start, length), sampleRate, numChannels);
  if (pts !== undefined) frame.pts = pts;
  return frame;
}

function malformed(reason: MalformedFrame["reason"], detail: string, size: number): MalformedFrame {
  return { type: "malformed", reason, detail, size };
}

function sizeOf(data: unknown): number {
  if (typeof data === "string") return data.length;
  return 0;
}
