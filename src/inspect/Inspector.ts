/**
 * Turns what the transport does into inspection events for whoever listens (devtools, logs,
 * tests). Callers check `active` first on hot paths, so with no listener nothing is decoded,
 * measured or allocated for inspection.
 */
import type { Logger } from "../common/logging.js";
import { redactValue } from "../common/redact.js";
import type { InboundFrame } from "../serializers/WebSocketSerializer.js";
import { audioLevel, pcmBytesLevel } from "../pcm/level.js";
import { INSPECTED_BYTES, type DropInspection, type InspectionEvent, type InspectionListener, type StateInspection } from "./InspectionEvent.js";

function now(): number {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

/** A copy of the first `INSPECTED_BYTES` of a message (binary, or text as UTF-8); undefined for anything else. */
function leadingBytes(data: unknown): Uint8Array | undefined {
  if (typeof data === "string") return new TextEncoder().encode(data.slice(0, INSPECTED_BYTES)).slice(0, INSPECTED_BYTES);
  if (data instanceof ArrayBuffer) return new Uint8Array(data, 0, Math.min(INSPECTED_BYTES, data.byteLength)).slice();
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, Math.min(INSPECTED_BYTES, data.byteLength)).slice();
  return undefined;
}

export class Inspector {
  private readonly listeners = new Set<InspectionListener>();

  constructor(
    private readonly logger: Logger,
    /** Rate of outbound mic audio, which arrives as bare PCM. */
    private readonly recorderSampleRate: number,
    /** A redacted copy of a message (the transport's Redactor: patterns and its own secrets). */
    private readonly redact: (value: unknown) => unknown = redactValue,
    /** Raw bytes with the transport's literal secrets masked (same length). */
    private readonly maskBytes: (bytes: Uint8Array) => Uint8Array = (bytes) => bytes,
  ) {}

  /** True while someone listens: check before doing any work for inspection. */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  subscribe(listener: InspectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** An inbound message, decoded (`raw`: what the socket delivered). Reads audio levels from the received bytes (no copy). */
  frameIn(frame: InboundFrame, size: number, raw?: unknown): void {
    const bytes = this.leading(raw);
    const base = { kind: "frame" as const, time: now(), direction: "in" as const, frameType: frame.type, size, ...(bytes ? { bytes } : {}) };
    switch (frame.type) {
      case "audio": {
        const samples = frame.pcm ? frame.pcm.byteLength >> 1 : frame.audio.length;
        const level = frame.pcm ? pcmBytesLevel(frame.pcm) : audioLevel(frame.audio);
        return this.emit({ ...base, audio: { sampleRate: frame.sampleRate, numChannels: frame.numChannels, samples, level } });
      }
      case "message":
      case "raw":
        return this.emit({ ...base, message: this.redact(frame.message) });
      case "text":
      case "transcription":
        return this.emit({ ...base, text: this.redact(frame.text) as string });
      case "malformed":
        return this.emit({ ...base, malformed: { reason: frame.reason, detail: this.redact(frame.detail) as string } });
      default:
        return this.emit(base);
    }
  }

  /** An outbound message (`wire`: as sent): mic audio (bare PCM16 mono) or anything else (shown redacted). */
  frameOut(size: number, original: unknown, wire?: unknown): void {
    const bytes = this.leading(wire);
    const extra = bytes ? { bytes } : {};
    if (original instanceof ArrayBuffer) {
      const samples = new Int16Array(original, 0, original.byteLength >> 1);
      this.emit({
        kind: "frame", time: now(), direction: "out", frameType: "audio", size, ...extra,
        audio: { sampleRate: this.recorderSampleRate, numChannels: 1, samples: samples.length, level: audioLevel(samples) },
      });
    } else {
      this.emit({ kind: "frame", time: now(), direction: "out", frameType: "message", size, message: this.redact(original), ...extra });
    }
  }

  private leading(data: unknown): Uint8Array | undefined {
    const bytes = leadingBytes(data);
    return bytes && this.maskBytes(bytes);
  }

  /** The machine changed state (see `StateInspection` for the fields). */
  state(change: Omit<StateInspection, "kind" | "time">): void {
    this.emit({ kind: "state", time: now(), ...change });
  }

  drop(what: DropInspection["what"], reason: DropInspection["reason"]): void {
    this.emit({ kind: "drop", time: now(), what, reason });
  }

  error(message: string, fatal: boolean): void {
    this.emit({ kind: "error", time: now(), message, fatal });
  }

  private emit(event: InspectionEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        this.logger.error("inspection listener threw:", e);
      }
    }
  }
}
