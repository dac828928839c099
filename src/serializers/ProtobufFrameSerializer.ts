/**
 * Pipecat's protobuf frames (proto/frames.proto), byte-compatible with Pipecat servers.
 *
 * Hot paths are hand-tuned: mic audio is encoded with one allocation and one copy (the test
 * proves the bytes equal the generated encoder's), bot audio is decoded as a view on the
 * received bytes. Everything else goes through the generated code.
 */
import type { RTVIMessage } from "@pipecat-ai/client-js";
import { asBytes, isArrayBuffer, isBlob, pcm16View } from "./bytes.js";
import { decodeJsonMessage } from "./json.js";
import { Frame, toBigInt, toLong } from "./wire.js";
import type { InboundFrame, MalformedFrame, WebSocketSerializer } from "./WebSocketSerializer.js";
import { describeInput } from "./WebSocketSerializer.js";

/** Highest sample rate we accept from the wire (higher is treated as malformed). */
const MAX_SAMPLE_RATE = 384_000;
/** Highest channel count we accept from the wire. */
const MAX_CHANNELS = 32;

const AUDIO_NAME = new TextEncoder().encode("audio");

/** Fields of an outbound TextFrame / TranscriptionFrame / InterruptionFrame (server side). */
export interface OutboundFrameFields {
  id?: bigint;
  name?: string;
}

/** Serializes frames as Pipecat's binary protobuf `Frame` messages. The default serializer. */
export class ProtobufFrameSerializer implements WebSocketSerializer {
  /** Encodes `data` as an RTVI-less JSON MessageFrame (used by `sendRawMessage`). */
  serialize(data: unknown): Uint8Array {
    return Frame.encode({ message: { data: JSON.stringify(data) } }).finish();
  }

  /**
   * Encodes PCM s16le audio as an AudioRawFrame named "audio" with id 0, like Pipecat's clients.
   * One allocation of the exact size and one copy of the samples.
   */
  serializeAudio(data: ArrayBuffer | ArrayBufferView, sampleRate: number, numChannels: number, pts?: bigint): Uint8Array {
    const pcm = asBytes(data);
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
      out[p++] = 0x1a; // AudioRawFrame.audio
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

  /** Encodes an RTVI message as a MessageFrame with JSON `data`. */
  serializeMessage(msg: RTVIMessage): Uint8Array {
    return Frame.encode({ message: { data: JSON.stringify(msg) } }).finish();
  }

  /** Encodes a TextFrame (what a Pipecat server sends; used by the dev server and tests). */
  serializeText(text: string, fields: OutboundFrameFields = {}): Uint8Array {
    return Frame.encode({ text: { id: toLong(fields.id ?? 0n), name: fields.name ?? "", text } }).finish();
  }

  /** Encodes a TranscriptionFrame. */
  serializeTranscription(
    text: string,
    userId: string,
    timestamp: string,
    fields: OutboundFrameFields = {},
  ): Uint8Array {
    return Frame.encode({
      transcription: { id: toLong(fields.id ?? 0n), name: fields.name ?? "", text, userId, timestamp },
    }).finish();
  }

  /** Encodes an InterruptionFrame (barge-in). */
  serializeInterruption(fields: OutboundFrameFields = {}): Uint8Array {
    return Frame.encode({ interruption: { id: toLong(fields.id ?? 0n), name: fields.name ?? "" } }).finish();
  }

  async deserialize(data: unknown): Promise<InboundFrame> {
    if (isBlob(data)) return this.decode(new Uint8Array(await data.arrayBuffer()));
    return this.decode(data as ArrayBuffer | ArrayBufferView | string);
  }

  /** Synchronous decode; never throws for bad input. */
  decode(data: ArrayBuffer | ArrayBufferView | string): InboundFrame {
    if (!(isArrayBuffer(data) || ArrayBuffer.isView(data))) {
      return malformed("unsupported-input", `expected binary data, got ${describeInput(data)}`, sizeOf(data));
    }
    const bytes = asBytes(data);
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
        const samples = pcm16View(pcm);
        if (!samples) return malformed("odd-length-audio", `${pcm.length} bytes is not whole 16-bit samples`, bytes.length);
        const sampleRate = a.sampleRate ?? 0;
        const numChannels = a.numChannels ?? 0;
        if (sampleRate <= 0 || sampleRate > MAX_SAMPLE_RATE || numChannels <= 0 || numChannels > MAX_CHANNELS) {
          return malformed("invalid-audio-format", `sample_rate=${sampleRate} num_channels=${numChannels}`, bytes.length);
        }
        const out: InboundFrame = { type: "audio", audio: samples, sampleRate, numChannels };
        if (a.pts != null) out.pts = toBigInt(a.pts);
        return out;
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
}

function malformed(reason: MalformedFrame["reason"], detail: string, size: number): MalformedFrame {
  return { type: "malformed", reason, detail, size };
}

function sizeOf(data: unknown): number {
  if (typeof data === "string") return data.length;
  return 0;
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
