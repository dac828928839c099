/**
 * The frame log's model: turns inspection events into log rows. Audio frames (50–100 per second
 * each way) are folded into one row per direction per second, so they never flood the log;
 * everything else gets its own row. Rows live in a ring buffer bounded by count and by stored
 * characters; message payloads are redacted and stored as (truncated) JSON text, raw bytes (when
 * the transport gives them) as a bounded copy.
 */
import type { DropInspection, ErrorInspection, FrameInspection, InspectionEvent } from "../types.js";
import { RingBuffer } from "./ringBuffer.js";
import { redactString, redactValue } from "../../../src/common/redact.js";
import { safeWire } from "./hex.js";

/** The kinds a log row can have (frame types, plus drops and errors). */
export type RowKind =
  | "audio"
  | "message"
  | "text"
  | "transcription"
  | "interruption"
  | "raw"
  | "malformed"
  | "drop"
  | "error";

/** Every row kind, in the order the filter bar shows them. */
export const ROW_KINDS: readonly RowKind[] = [
  "audio", "message", "text", "transcription", "interruption", "raw", "malformed", "drop", "error",
];

interface RowBase {
  /** Stable id (monotonic), for keys and expansion state. */
  id: number;
  /** Time of the first event in the row, `performance.now()` ms. */
  time: number;
  /** Incremented each time the row changes (audio rows grow), for memoized rendering. */
  rev: number;
  /** Lower-cased text the text filter searches. */
  search: string;
}

/** One second of audio frames in one direction. */
export interface AudioRow extends RowBase {
  kind: "audio";
  direction: "in" | "out";
  /** `Math.floor(time / 1000)` of the frames folded in. */
  second: number;
  count: number;
  bytes: number;
  samples: number;
  sampleRate: number;
  numChannels: number;
  /** Mean and peak RMS level (0..1) of the frames folded in. */
  levelSum: number;
  levelPeak: number;
  /** Time of the newest frame. */
  lastTime: number;
  /** The first bytes of the first frame folded in, if the transport gave them. */
  wire?: Uint8Array;
}

/** One non-audio frame. */
export interface FrameRow extends RowBase {
  kind: Exclude<RowKind, "audio" | "drop" | "error">;
  direction: "in" | "out";
  size: number;
  /** One-line summary (RTVI type, text, malformed reason). */
  summary: string;
  /** Redacted JSON of the message payload, truncated past the limit. */
  json?: string;
  /** True if `json` was cut. */
  truncated?: boolean;
  malformed?: { reason: string; detail: string };
  /** The first bytes of the message as it crossed the socket, if the transport gave them. */
  wire?: Uint8Array;
}

/** Dropped outbound audio or message (grouped: one row per reason per second). */
export interface DropRow extends RowBase {
  kind: "drop";
  direction: "out";
  what: DropInspection["what"];
  reason: DropInspection["reason"];
  second: number;
  count: number;
}

/** An error reported to the client. */
export interface ErrorRow extends RowBase {
  kind: "error";
  direction: "in";
  message: string;
  fatal: boolean;
}

export type LogRow = AudioRow | FrameRow | DropRow | ErrorRow;

/** The lower-cased text the filter searches, from a row's fields: one formula for live and replayed rows. */
export function searchTextOf(row: LogRow): string {
  switch (row.kind) {
    case "audio":
      return `audio ${row.direction === "in" ? "bot" : "mic"}`;
    case "drop":
      return `drop ${row.what} ${row.reason}`;
    case "error":
      return `error ${row.message}`.toLowerCase();
    default:
      return `${row.kind} ${row.summary} ${row.json ?? ""}`.toLowerCase();
  }
}

/** Bounds of a {@link FrameLog}. */
export interface FrameLogOptions {
  /** Most rows kept. Default 1000. */
  maxRows?: number;
  /** Most characters of message JSON kept in total. Default 1,000,000. */
  maxJsonChars?: number;
  /** Longest JSON kept for one message; longer is cut. Default 8192. */
  maxJsonPerRow?: number;
  /** Raw bytes kept per row for the hex view (the first ones). Default 256. */
  maxBytesPerRow?: number;
}

/** Mean level of an audio row. */
export function meanLevel(row: AudioRow): number {
  return row.count ? row.levelSum / row.count : 0;
}

/** One-line summary of an RTVI / JSON message for the log. */
export function summarizeMessage(message: unknown): string {
  if (message && typeof message === "object" && !Array.isArray(message)) {
    const m = message as Record<string, unknown>;
    if (typeof m.type === "string") {
      const data = m.data as Record<string, unknown> | undefined;
      const text = data && typeof data === "object" ? (data.text ?? data.message ?? data.error) : undefined;
      return typeof text === "string" ? `${m.type}: ${text}` : m.type;
    }
  }
  return "message";
}

export class FrameLog {
  readonly rows: RingBuffer<LogRow>;
  private nextId = 1;
  private readonly maxJsonPerRow: number;
  private readonly maxBytesPerRow: number;
  /** The open audio row per direction and the open drop row per reason, for folding. */
  private openAudio: { in: AudioRow | null; out: AudioRow | null } = { in: null, out: null };
  private openDrops = new Map<string, DropRow>();

  constructor(options: FrameLogOptions = {}) {
    this.maxJsonPerRow = options.maxJsonPerRow ?? 8192;
    this.maxBytesPerRow = options.maxBytesPerRow ?? 256;
    this.rows = new RingBuffer<LogRow>({
      capacity: options.maxRows ?? 1000,
      // Characters of JSON and search text, plus kept bytes: what a row costs beyond its fields.
      weigh: (row) => ("json" in row && row.json ? row.json.length : 0) + row.search.length + ("wire" in row && row.wire ? row.wire.length : 0),
      maxWeight: options.maxJsonChars ?? 1_000_000,
    });
  }

  /** Folds one inspection event into the log. State events are not log rows (see the timeline). */
  add(event: InspectionEvent): void {
    switch (event.kind) {
      case "frame":
        return event.frameType === "audio" ? this.addAudio(event) : this.addFrame(event);
      case "drop":
        return this.addDrop(event);
      case "error":
        return this.addError(event);
      default:
        return;
    }
  }

  /** Rows oldest first. */
  toArray(): LogRow[] {
    return this.rows.toArray();
  }

  clear(): void {
    this.rows.clear();
    this.openAudio = { in: null, out: null };
    this.openDrops.clear();
  }

  /** Rows get consecutive ids, so the buffer holds exactly the newest `size` ids. */
  private holds(row: LogRow): boolean {
    return row.id >= this.nextId - this.rows.size;
  }

  private addAudio(event: FrameInspection): void {
    const second = Math.floor(event.time / 1000);
    const audio = event.audio;
    const open = this.openAudio[event.direction];
    // The open row is reused only while it is the same second and still in the buffer.
    if (open && open.second === second && this.holds(open)) {
      open.count++;
      open.bytes += event.size;
      open.samples += audio?.samples ?? 0;
      if (audio) {
        open.sampleRate = audio.sampleRate;
        open.numChannels = audio.numChannels;
        open.levelSum += audio.level;
        if (audio.level > open.levelPeak) open.levelPeak = audio.level;
      }
      open.lastTime = event.time;
      open.rev++;
      return;
    }
    const row: AudioRow = {
      kind: "audio", id: this.nextId++, time: event.time, rev: 0, direction: event.direction, second,
      count: 1, bytes: event.size, samples: audio?.samples ?? 0, sampleRate: audio?.sampleRate ?? 0,
      numChannels: audio?.numChannels ?? 0, levelSum: audio?.level ?? 0, levelPeak: audio?.level ?? 0,
      lastTime: event.time, search: "",
    };
    row.search = searchTextOf(row);
    const wire = this.keptBytes(event);
    if (wire) row.wire = wire;
    this.openAudio[event.direction] = row;
    this.rows.push(row);
  }

  private addFrame(event: FrameInspection): void {
    const kind = event.frameType as FrameRow["kind"];
    const row: FrameRow = { kind, id: this.nextId++, time: event.time, rev: 0, direction: event.direction, size: event.size, summary: kind, search: "" };
    const wire = this.keptBytes(event);
    if (wire) row.wire = wire;
    if (event.malformed) {
      const detail = redactString(event.malformed.detail);
      row.malformed = { reason: event.malformed.reason, detail };
      row.summary = `${event.malformed.reason}: ${detail}`;
    } else if (event.message !== undefined) {
      const safe = redactValue(event.message);
      row.summary = redactString(summarizeMessage(safe));
      let json: string;
      try {
        json = JSON.stringify(safe, null, 2) ?? "undefined";
      } catch {
        json = String(safe);
      }
      if (json.length > this.maxJsonPerRow) {
        row.json = `${json.slice(0, this.maxJsonPerRow)}\n… (${json.length - this.maxJsonPerRow} more characters)`;
        row.truncated = true;
      } else {
        row.json = json;
      }
    } else if (event.text !== undefined) {
      row.summary = redactString(event.text);
    }
    // Summary lines are for display; cap them too so one long text cannot dominate the budget.
    if (row.summary.length > 500) row.summary = `${row.summary.slice(0, 500)}…`;
    row.search = searchTextOf(row);
    this.rows.push(row);
  }

  private keptBytes(event: FrameInspection): Uint8Array | null {
    return event.bytes instanceof Uint8Array && this.maxBytesPerRow > 0 ? safeWire(event.bytes, this.maxBytesPerRow) : null;
  }

  private addDrop(event: DropInspection): void {
    const second = Math.floor(event.time / 1000);
    const key = `${event.what}:${event.reason}`;
    const open = this.openDrops.get(key);
    if (open && open.second === second && this.holds(open)) {
      open.count++;
      open.rev++;
      return;
    }
    const row: DropRow = {
      kind: "drop", id: this.nextId++, time: event.time, rev: 0, direction: "out", what: event.what, reason: event.reason,
      second, count: 1, search: "",
    };
    row.search = searchTextOf(row);
    this.openDrops.set(key, row);
    this.rows.push(row);
  }

  private addError(event: ErrorInspection): void {
    const message = redactString(event.message);
    const row: ErrorRow = { kind: "error", id: this.nextId++, time: event.time, rev: 0, direction: "in", message, fatal: event.fatal, search: "" };
    row.search = searchTextOf(row);
    this.rows.push(row);
  }
}
