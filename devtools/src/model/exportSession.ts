/**
 * "Export session": the log, the timeline and the counters as one JSON document, to attach to a
 * bug report. Everything passes through redaction once more on the way out.
 */
import type { TransportStats } from "../types.js";
import type { LogRow } from "./frameLog.js";
import { meanLevel } from "./frameLog.js";
import type { TimelineEntry } from "./timeline.js";
import { redactString, redactValue } from "../../../src/common/redact.js";

/** Format tag of an exported session. */
export const EXPORT_FORMAT = "pipecat-ws-transport/devtools-session@1";

/** What goes into an export. */
export interface SessionSnapshot {
  /** Wall-clock time of the export. */
  exportedAt: Date;
  /** `performance.now()` at which times are measured from (times are exported relative to it). */
  origin: number;
  url: string | null;
  state: string;
  stats: TransportStats;
  timeline: readonly TimelineEntry[];
  rows: readonly LogRow[];
  /** Rows evicted from the ring buffer before the export (the export is the recent past). */
  evictedRows: number;
}

/** One log row as exported (plain JSON, times in ms since `origin`). */
export type ExportedRow = Record<string, unknown> & { kind: string; t: number; direction: string };

function exportRow(row: LogRow, origin: number): ExportedRow {
  const t = Math.round((row.time - origin) * 1000) / 1000;
  switch (row.kind) {
    case "audio":
      return {
        kind: "audio", t, direction: row.direction, frames: row.count, bytes: row.bytes, samples: row.samples,
        sampleRate: row.sampleRate, numChannels: row.numChannels,
        levelMean: Math.round(meanLevel(row) * 1e4) / 1e4, levelPeak: Math.round(row.levelPeak * 1e4) / 1e4,
      };
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
      }
      return out;
    }
  }
}

/** The session as a JSON-ready object (redacted). */
export function buildExport(snapshot: SessionSnapshot): Record<string, unknown> {
  const doc = {
    format: EXPORT_FORMAT,
    exportedAt: snapshot.exportedAt.toISOString(),
    url: snapshot.url === null ? null : redactString(snapshot.url),
    state: snapshot.state,
    stats: snapshot.stats,
    timeline: snapshot.timeline.map((e) => ({
      t: Math.round((e.time - snapshot.origin) * 1000) / 1000,
      from: e.from,
      to: e.to,
      event: e.event,
      durationInFromMs: e.durationInFromMs === null ? null : Math.round(e.durationInFromMs * 1000) / 1000,
      attempt: e.attempt,
    })),
    log: snapshot.rows.map((row) => exportRow(row, snapshot.origin)),
    evictedRows: snapshot.evictedRows,
  };
  return redactValue(doc, 32) as Record<string, unknown>;
}

/** The export as pretty JSON text. */
export function exportJson(snapshot: SessionSnapshot): string {
  return JSON.stringify(buildExport(snapshot), null, 2);
}
