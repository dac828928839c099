/**
 * The inbound path: every message of the current socket, from the wire to whoever acts on it.
 * It counts the message, drops it before decoding when it is over the size limit, decodes it
 * (synchronously where the serializer can, in arrival order either way), checks the audio
 * format, shows it to inspectors, and dispatches it: audio to playback, interruptions to the
 * player, RTVI messages to client-js, bot-ready to the machine, the rest to `onFrame`.
 *
 * Nothing thrown here reaches the socket: bad input is reported as malformed (counted, logged
 * with rate limiting), and an error thrown by a handler (client-js's, or the app's callbacks
 * behind it) is counted and logged with rate limiting too. The session goes on.
 */
import type { RTVIMessage } from "@pipecat-ai/client-js";
import type { Logger } from "../common/logging.js";
import { ThrottledLog } from "../common/ThrottledLog.js";
import type { Inspector } from "../inspect/Inspector.js";
import { isNetworkAudioFormat } from "../pcm/format.js";
import { isBlob } from "../serializers/bytes.js";
import { DecodedAudioFrame } from "../serializers/DecodedAudioFrame.js";
import type { AudioFrame, DeserializedFrame, InboundFrame, MalformedFrame, WebSocketSerializer } from "../serializers/WebSocketSerializer.js";
import type { BadInputReporter } from "./BadInputReporter.js";
import type { ServerFrame } from "./options.js";
import type { StatsCounters } from "./TransportStatsCounter.js";

/** Who acts on what arrives. Each may throw; the router catches and counts it. */
export interface InboundHandlers {
  audio(frame: AudioFrame): void;
  interruption(): void;
  /** bot-ready arrived (before it is handed to `rtvi`). */
  botReady(): void;
  rtvi(message: RTVIMessage): void;
  other(frame: ServerFrame): void;
}

export interface InboundRouterOptions {
  serializer: WebSocketSerializer;
  counters: StatsCounters;
  inspector: Inspector;
  badInput: BadInputReporter;
  logger: Logger;
  handlers: InboundHandlers;
  /** Largest message in bytes; larger ones are dropped before decoding. */
  maxMessageSize: number;
  /** Rate for audio frames that do not state one. */
  playerSampleRate: number;
}

function sizeOf(data: unknown): number {
  if (typeof data === "string") return data.length;
  if (isBlob(data)) return data.size;
  return (data as { byteLength?: number })?.byteLength ?? 0;
}

function errorText(e: unknown): string {
  return String((e as Error)?.message ?? e);
}

/**
 * bot-ready as client-js can read it: its handler reads `data.version.split(".")`, so a `null`
 * data or a non-string version would throw there and `connect()` would never settle.
 */
export function normalizeBotReady(message: RTVIMessage): RTVIMessage {
  const data = message.data;
  const ok = data !== null && typeof data === "object" && !Array.isArray(data);
  if (ok && (typeof (data as { version?: unknown }).version === "string" || !("version" in data))) return message;
  const copy = (ok ? { ...(data as Record<string, unknown>) } : {}) as Record<string, unknown>;
  delete copy.version;
  return { ...message, data: copy } as RTVIMessage;
}

export class InboundRouter {
  /** Serializers that are not ours get what the official transport gives them: a Blob. */
  readonly binaryType: "arraybuffer" | "blob";
  private readonly sync: boolean;
  private readonly handlerLog: ThrottledLog<"handler">;
  /** Decodes that finish out of order still dispatch in arrival order. */
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly o: InboundRouterOptions) {
    this.binaryType = o.serializer.binaryType ?? "blob";
    this.sync = this.binaryType === "arraybuffer" && typeof o.serializer.decode === "function";
    this.handlerLog = new ThrottledLog(o.logger);
  }

  /** One message from the socket. Never throws. */
  receive(data: unknown): void {
    const size = sizeOf(data);
    const c = this.o.counters;
    c.framesIn++;
    c.bytesIn += size;
    if (size > this.o.maxMessageSize) {
      // Dropped before decoding: one hostile frame must not queue minutes of audio.
      return this.dispatch({ type: "malformed", reason: "oversized", detail: `${size} bytes > maxMessageSize ${this.o.maxMessageSize}`, size }, size, data);
    }
    if (this.sync && !isBlob(data)) {
      let frame: InboundFrame;
      try {
        frame = this.o.serializer.decode!(data as ArrayBuffer | string);
      } catch (e) {
        frame = malformed("decode-error", errorText(e), size);
      }
      return this.dispatch(frame, size, data);
    }
    let decoded: Promise<DeserializedFrame>;
    try {
      decoded = this.o.serializer.deserialize(data);
    } catch (e) {
      decoded = Promise.resolve(malformed("decode-error", errorText(e), size));
    }
    const settled = Promise.resolve(decoded).then(
      (frame) => frame,
      (e: unknown) => malformed("decode-error", errorText(e), size),
    );
    this.tail = this.tail.then(() => settled).then((frame) => this.dispatch(this.normalize(frame, size), size, data));
  }

  /** A serializer's result as a checked `InboundFrame`. */
  private normalize(frame: DeserializedFrame | undefined | null, size: number): InboundFrame {
    if (!frame || typeof frame !== "object" || typeof (frame as { type?: unknown }).type !== "string") {
      return malformed("decode-error", "the serializer returned no frame", size);
    }
    if (frame.type !== "audio") return frame;
    if (frame instanceof DecodedAudioFrame) return frame;
    const audio = frame.audio;
    if (!(audio instanceof Int16Array)) return malformed("decode-error", "audio frame without Int16Array samples", size);
    const sampleRate = frame.sampleRate ?? this.o.playerSampleRate;
    const numChannels = frame.numChannels ?? 1;
    const out: AudioFrame = {
      type: "audio",
      audio,
      pcm: frame.pcm ?? new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength),
      sampleRate,
      numChannels,
    };
    if (frame.pts !== undefined) out.pts = frame.pts;
    return out;
  }

  private dispatch(frame: InboundFrame, size: number, raw: unknown): void {
    if (frame.type === "audio" && !isNetworkAudioFormat(frame.sampleRate, frame.numChannels)) {
      frame = malformed("invalid-audio-format", `sample_rate=${frame.sampleRate} num_channels=${frame.numChannels} (8000–48000 Hz, 1–2 channels accepted)`, size);
    }
    if (this.o.inspector.active) this.o.inspector.frameIn(frame, size, raw);
    const h = this.o.handlers;
    try {
      switch (frame.type) {
        case "audio":
          this.o.counters.audioFramesIn++;
          return h.audio(frame);
        case "interruption":
          return h.interruption();
        case "message": {
          const msg = frame.message;
          if (msg && msg.label === "rtvi-ai") {
            if (msg.type === "bot-ready") {
              h.botReady();
              return h.rtvi(normalizeBotReady(msg));
            }
            return h.rtvi(msg);
          }
          return h.other({ type: "raw", message: msg });
        }
        case "text":
        case "transcription":
        case "raw":
          return h.other(frame);
        case "malformed":
          return this.o.badInput.report(frame);
      }
    } catch (e) {
      this.o.counters.handlerErrors++;
      this.handlerLog.report(
        "handler",
        "error",
        () => [`a handler of an inbound ${frame.type} frame threw (the session goes on):`, e],
        (since, total) => `${since} more inbound-frame handler error(s) (${total} in total); last: ${errorText(e)}`,
      );
    }
  }
}

function malformed(reason: MalformedFrame["reason"], detail: string, size: number): MalformedFrame {
  return { type: "malformed", reason, detail, size };
}
