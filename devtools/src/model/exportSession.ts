/**
 * "Export session": the log, the timeline, the counters over time and the machine's definition
 * as one JSON document — a bug report that the panel can open and replay (see replay.ts).
 * Everything passes through redaction once more on the way out.
 *
 * Format `pipecat-ws-transport/devtools-session@2`; times are milliseconds since the panel
 * attached (`t`). Version 1 files (no machine, no counter samples) still open.
 */
import type { MachineDescription } from "../../../machines/describeMachine.js";
import type { TransportStats } from "../types.js";
import type { LogRow } from "./frameLog.js";
import { meanLevel } from "./frameLog.js";
import type { TimelineEntry } from "./timeline.js";
import { toHex } from "./hex.js";
import { redactString, redactValue } from "../../../src/common/redact.js";

/** Format tag of an exported session. */
export const EXPORT_FORMAT = "pipecat-ws-transport/devtools-session@2";
/** The previous format, still accepted by the replay. */
export const EXPORT_FORMAT_V1 = "pipecat-ws-transport/devtools-session@1";

/** Redaction bounds for a whole session document (written or read): far above a real session's size. */
export const SESSION_REDACTION_LIMITS = { maxDepth: 32, maxNodes: 5_000_000, maxTotalChars: 256 << 20 };

/** What goes into an export. */
export interface SessionSnapshot {
  /** Wall-clock time of the export. */
  exportedAt: Date;
  /** The clock reading times are measured from (times are exported relative to it). */
  origin: number;
  /** The clock reading at export (the session's length is `now - origin`). */
  now: number;
  url: string | null;
  state: string;
  /** The machine's states and transitions (so the replay draws the same diagram). */
  machine: MachineDescription | null;
  stats: TransportStats;
  /** Counter readings over time. */
  samples: readonly { time: number; stats: TransportStats }[];
  timeline: readonly TimelineEntry[];
  rows: readonly LogRow[];
  /** Rows evicted from the ring buffer before the export (the export is the recent past). */
  evictedRows: number;
}

/** One log row as exported (plain JSON, times in ms since `origin`). */
export type ExportedRow = Record<string, unknown> & { kind: string; t: number; direction: string };

const ms = (v: number) => Math.round(v * 1000) / 1000;

/** A log row as plain JSON (also what "copy as JSON" puts on the clipboard). */
export function exportRow(row: LogRow, origin: number): ExportedRow {
  const t = ms(row.time - origin);
  switch (row.kind) {
    case "audio": {
      const out: ExportedRow = {
        kind: "audio", t, direction: row.direction, frames: row.count, bytes: row.bytes, samples: row.samples,
        sampleRate: row.sampleRate, numChannels: row.numChannels,
        levelMean: Math.round(meanLevel(row) * 1e4) / 1e4, levelPeak: Math.round(row.levelPeak * 1e4) / 1e4,
        lastT: ms(row.lastTime - origin),
      };
      if (row.wire) out.wire = toHex(row.wire);
      return out;
    }
    case "drop":
      return { kind: "drop", t, direction: row.direction, what: row.what, reason: row.reason, count: row.count };
    case "error":
      return { kind: "error", t, direction: row.direction, message: row.message, fatal: row.fatal };
    default: {
      const out: ExportedRow = { kind: row.kind, t, direction: row.direction, size: row.size, summary: row.summary };
      if (row.malformed) out.malformed = row.malformed;
      if (row.json !== undefined) {
        try {
          out.message = row.truncated ? row.json : JSON.parse(row.json);
        } catch {
          out.message = row.json;
        }
        if (row.truncated) out.truncated = true;
      }
      if (row.wire) out.wire = toHex(row.wire);
      return out;
    }
  }
}

/** The session as a JSON-ready object (redacted). */
export function buildExport(snapshot: SessionSnapshot): Record<string, unknown> {
  const doc = {
    format: EXPORT_FORMAT,
    exportedAt: snapshot.exportedAt.toISOString(),
    durationMs: ms(snapshot.now - snapshot.origin),
    url: snapshot.url === null ? null : redactString(snapshot.url),
    state: snapshot.state,
    machine: snapshot.machine,
    stats: snapshot.stats,
    samples: snapshot.samples.map((s) => ({ t: ms(s.time - snapshot.origin), stats: s.stats })),
    timeline: snapshot.timeline.map((e) => ({
      t: ms(e.time - snapshot.origin),
      from: e.from,
      to: e.to,
      event: e.event,
      transition: e.transition,
      durationInFromMs: e.durationInFromMs === null ? null : ms(e.durationInFromMs),
      attempt: e.attempt,
      maxAttempts: e.maxAttempts,
      retryInMs: e.retryInMs,
      ...(e.context !== undefined ? { context: e.context } : {}),
    })),
    log: snapshot.rows.map((row) => exportRow(row, snapshot.origin)),
    evictedRows: snapshot.evictedRows,
  };
  return redactValue(doc, SESSION_REDACTION_LIMITS) as Record<string, unknown>;
}

/** The export as pretty JSON text. */
export function exportJson(snapshot: SessionSnapshot): string {
  return JSON.stringify(buildExport(snapshot), null, 2);
}
