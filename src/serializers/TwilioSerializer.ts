/**
 * Twilio Media Streams: JSON text messages with base64 μ-law 8 kHz audio. `media` carries
 * audio, `clear` means interruption (the bot was interrupted), other events (`start`, `mark`,
 * `stop`, `connected`) are reported as raw frames. RTVI messages cannot be carried.
 *
 * Unlike the official serializer, mic audio at any rate is resampled to 8 kHz (streaming, so
 * chunk edges do not click) and inbound audio reports its 8 kHz rate so the player plays it
 * at the right pitch.
 */
import type { RTVIMessage } from "@pipecat-ai/client-js";
import { Pcm16Resampler } from "../pcm/resample.js";
import { base64Decode, base64Encode } from "./base64.js";
import { asBytes, isArrayBuffer, isBlob } from "./bytes.js";
import { pcm16View } from "../pcm/pcm16.js";
import { mulawDecode, mulawEncode } from "../pcm/mulaw.js";
import type { DeserializedFrame, InboundFrame, MalformedFrame, SerializedMessage, WebSocketSerializer } from "./WebSocketSerializer.js";
import { describeInput } from "./WebSocketSerializer.js";

/** Twilio's fixed audio rate. */
export const TWILIO_SAMPLE_RATE = 8000;

/** Options of {@link TwilioSerializer}. */
export interface TwilioSerializerOptions {
  /** Added to outbound `media` messages as `streamSid`, when the server expects it. */
  streamSid?: string;
}

export class TwilioSerializer implements WebSocketSerializer {
  /** Twilio sends text; binary (none expected) would arrive as ArrayBuffers. */
  readonly binaryType: "blob" | "arraybuffer" = "arraybuffer";
  /** Twilio media streams have no RTVI handshake: the open socket is ready. */
  readonly handshake: "rtvi" | "none" = "none";
  private resampler: { rate: number; r: Pcm16Resampler } | null = null;

  constructor(private readonly options: TwilioSerializerOptions = {}) {}

  serialize(data: unknown): string {
    return JSON.stringify(data);
  }

  /**
   * Encodes PCM16 mono at `sampleRate` as a Twilio `media` event (μ-law 8 kHz). A trailing odd
   * byte (not a whole sample) is ignored.
   */
  serializeAudio(data: ArrayBuffer | ArrayBufferView, sampleRate: number, _numChannels = 1): string {
    const bytes = asBytes(data);
    let pcm = pcm16View(bytes.byteLength % 2 === 0 ? bytes : bytes.subarray(0, bytes.byteLength - 1))!;
    if (sampleRate !== TWILIO_SAMPLE_RATE) {
      if (!this.resampler || this.resampler.rate !== sampleRate) {
        this.resampler = { rate: sampleRate, r: new Pcm16Resampler(sampleRate, TWILIO_SAMPLE_RATE) };
      }
      pcm = this.resampler.r.process(pcm);
    }
    const message: Record<string, unknown> = { event: "media", media: { payload: base64Encode(mulawEncode(pcm)) } };
    if (this.options.streamSid) message.streamSid = this.options.streamSid;
    return JSON.stringify(message);
  }

  /** Twilio cannot carry RTVI messages: returns null (nothing is sent). */
  serializeMessage(_msg: RTVIMessage): SerializedMessage | null {
    return null;
  }

  async deserialize(data: unknown): Promise<DeserializedFrame> {
    if (isBlob(data)) return this.decode(await data.text());
    return this.decode(data as string);
  }

  decode(data: ArrayBuffer | ArrayBufferView | string): InboundFrame {
    let text: string;
    if (typeof data === "string") text = data;
    else if (isArrayBuffer(data) || ArrayBuffer.isView(data)) text = new TextDecoder().decode(asBytes(data));
    else return malformed("unsupported-input", `expected a JSON text message, got ${describeInput(data)}`, 0);
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch (e) {
      return malformed("invalid-json", (e as Error).message, text.length);
    }
    if (msg === null || typeof msg !== "object" || Array.isArray(msg)) {
      return malformed("invalid-json", "message is not a JSON object", text.length);
    }
    const event = (msg as { event?: unknown }).event;
    if (event === "clear") return { type: "interruption" };
    if (event === "media") {
      const payload = (msg as { media?: { payload?: unknown } }).media?.payload;
      if (typeof payload !== "string") return malformed("unknown-frame", "media event without a string payload", text.length);
      const bytes = base64Decode(payload);
      if (!bytes) return malformed("decode-error", "media payload is not base64", text.length);
      const audio = mulawDecode(bytes);
      return { type: "audio", audio, pcm: new Uint8Array(audio.buffer), sampleRate: TWILIO_SAMPLE_RATE, numChannels: 1 };
    }
    if (typeof event !== "string") return malformed("unknown-frame", "message has no 'event' string", text.length);
    return { type: "raw", message: msg };
  }
}

function malformed(reason: MalformedFrame["reason"], detail: string, size: number): MalformedFrame {
  return { type: "malformed", reason, detail, size };
}
