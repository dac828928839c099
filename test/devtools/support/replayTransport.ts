/**
 * A tiny event source made of the transport's own types: it replays inspection events to its
 * listeners and keeps counters the way the transport does, so devtools logic can be tested
 * without a socket. (The browser test uses the real transport against the real dev server.)
 */
import type { InspectionEvent, InspectionListener, TransportStats } from "../../../src/inspect/InspectionEvent.js";
import type { InspectableTransport, MachineLike } from "../../../devtools/src/types.js";

export class ReplayTransport implements InspectableTransport {
  readonly listeners = new Set<InspectionListener>();
  readonly stats: TransportStats = {
    framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, audioFramesIn: 0, audioFramesOut: 0,
    droppedAudioChunks: 0, droppedMessages: 0, handlerErrors: 0, malformed: {}, reconnects: 0, timeToReadyMs: null, botBufferedMs: 0,
  };
  redactedUrl: string | null = null;

  constructor(readonly machine?: MachineLike) {}

  inspect(listener: InspectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getStats(): TransportStats {
    return { ...this.stats, malformed: { ...this.stats.malformed } };
  }

  /** Delivers events to every listener and counts them like the transport would. */
  emit(...events: InspectionEvent[]): void {
    for (const event of events) {
      if (event.kind === "frame") {
        if (event.direction === "in") {
          this.stats.framesIn++;
          this.stats.bytesIn += event.size;
          if (event.frameType === "audio") this.stats.audioFramesIn++;
        } else {
          this.stats.framesOut++;
          this.stats.bytesOut += event.size;
          if (event.frameType === "audio") this.stats.audioFramesOut++;
        }
        if (event.malformed) this.stats.malformed[event.malformed.reason] = (this.stats.malformed[event.malformed.reason] ?? 0) + 1;
      }
      if (event.kind === "drop" && event.what === "mic-audio") this.stats.droppedAudioChunks++;
      for (const listener of this.listeners) listener(event);
    }
  }
}

/** An audio frame event: 20 ms of PCM16 mono at `rate`. */
export function audioEvent(time: number, direction: "in" | "out", level = 0.1, rate = 16000): InspectionEvent {
  const samples = (rate / 1000) * 20;
  return { kind: "frame", time, direction, frameType: "audio", size: samples * 2 + 12, audio: { sampleRate: rate, numChannels: 1, samples, level } };
}

/** An RTVI message frame event. */
export function rtviEvent(time: number, direction: "in" | "out", type: string, data: unknown = {}): InspectionEvent {
  const message = { label: "rtvi-ai", type, id: `id-${time}`, data };
  return { kind: "frame", time, direction, frameType: "message", size: JSON.stringify(message).length + 4, message };
}

/** A ReplayTransport that also has a live machine snapshot, with a context the test sets. */
export class SnapshotTransport extends ReplayTransport {
  value: unknown = "idle";
  context: Record<string, unknown> = {};

  getSnapshot(): { value: unknown; context: unknown } {
    return { value: this.value, context: this.context };
  }
}
