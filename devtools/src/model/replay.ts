/**
 * Replay of an exported session: parses a session file (format 1 or 2), checks it, redacts it
 * once more (it may come from anywhere), and answers "what did the panel show at time t" as a
 * {@link SessionView}, so the same UI draws a live session and a recorded one.
 */
import type { MachineDescription } from "../../../machines/describeMachine.js";
import type { TransportStats } from "../types.js";
import type { LogRow, RowKind } from "./frameLog.js";
import { ROW_KINDS, searchTextOf } from "./frameLog.js";
import type { TimelineEntry } from "./timeline.js";
import { EXPORT_FORMAT, EXPORT_FORMAT_V1, SESSION_REDACTION_LIMITS } from "./exportSession.js";
import { counterSample, ratesOver, ZERO_RATES } from "./rates.js";
import { EMPTY_STATS, fatalSince, type LevelReading, type SessionView } from "./sessionView.js";
import { contextFailed } from "./tone.js";
import { fromHex, safeWire } from "./hex.js";
import { redactValue } from "../../../src/common/redact.js";

/** Largest session file the panel opens (characters). */
export const MAX_SESSION_CHARS = 64 << 20;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);
const num = (v: unknown, fallback = 0): number => (typeof v === "number" && Number.isFinite(v) ? v : fallback);
const numOrNull = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);

function isDescription(v: unknown): v is MachineDescription {
  return isObj(v) && Array.isArray(v.states) && Array.isArray(v.transitions) && v.states.every((s) => isObj(s) && typeof s.path === "string" && Array.isArray(s.children));
}

function hydrateRow(r: Json, id: number): LogRow | null {
  const kind = str(r.kind) as RowKind;
  if (!ROW_KINDS.includes(kind)) return null;
  const time = num(r.t);
  const direction = r.direction === "out" ? "out" : "in";
  const bytes = typeof r.wire === "string" ? fromHex(r.wire) : null;
  const wire = bytes ? safeWire(bytes, bytes.length) : null;
  switch (kind) {
    case "audio": {
      const count = Math.max(1, num(r.frames, 1));
      const row: LogRow = {
        kind, id, time, rev: 0, direction, second: Math.floor(time / 1000), count, bytes: num(r.bytes), samples: num(r.samples),
        sampleRate: num(r.sampleRate), numChannels: num(r.numChannels, 1), levelSum: num(r.levelMean) * count, levelPeak: num(r.levelPeak),
        lastTime: num(r.lastT, time), search: "",
      };
      if (wire) row.wire = wire;
      row.search = searchTextOf(row);
      return row;
    }
    case "drop": {
      const what = r.what === "message" ? "message" : "mic-audio";
      const reason = (["reconnecting", "backpressure", "not-ready", "queue-full"] as const).find((x) => x === r.reason) ?? "not-ready";
      const row: LogRow = { kind, id, time, rev: 0, direction: "out", what, reason, second: Math.floor(time / 1000), count: num(r.count, 1), search: "" };
      row.search = searchTextOf(row);
      return row;
    }
    case "error": {
      const message = str(r.message);
      const row: LogRow = { kind, id, time, rev: 0, direction: "in", message, fatal: r.fatal === true, search: "" };
      row.search = searchTextOf(row);
      return row;
    }
    default: {
      const row: LogRow = { kind, id, time, rev: 0, direction, size: num(r.size), summary: str(r.summary, kind), search: "" };
      if (isObj(r.malformed)) row.malformed = { reason: str(r.malformed.reason), detail: str(r.malformed.detail) };
      if (r.message !== undefined) {
        row.json = typeof r.message === "string" && r.truncated === true ? r.message : (JSON.stringify(r.message, null, 2) ?? "undefined");
        if (r.truncated === true) row.truncated = true;
      }
      if (wire) row.wire = wire;
      row.search = searchTextOf(row);
      return row;
    }
  }
}

function hydrateEntry(e: Json, id: number): TimelineEntry {
  const entry: TimelineEntry = {
    id, time: num(e.t), from: str(e.from), to: str(e.to), event: str(e.event), transition: typeof e.transition === "string" ? e.transition : null,
    durationInFromMs: numOrNull(e.durationInFromMs), attempt: num(e.attempt), maxAttempts: numOrNull(e.maxAttempts), retryInMs: numOrNull(e.retryInMs),
  };
  if (e.context !== undefined) entry.context = e.context;
  return entry;
}

/** Index of the last item with `time(item) <= t` in a time-sorted array, or −1. */
function lastAtOrBefore<T>(items: readonly T[], t: number, time: (item: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (time(items[mid]!) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export class ReplaySession {
  readonly format: string;
  /** Session length in ms (times run from 0 to it). */
  readonly durationMs: number;
  readonly exportedAt: string | null;
  readonly url: string | null;
  /** The recorded machine's definition (format 2), for the diagram. */
  readonly machine: MachineDescription | null;
  readonly rows: readonly LogRow[];
  readonly timeline: readonly TimelineEntry[];
  readonly samples: readonly { time: number; stats: TransportStats }[];
  readonly finalStats: TransportStats;
  readonly finalState: string;
  readonly evictedRows: number;

  private constructor(doc: Json) {
    this.format = str(doc.format);
    this.exportedAt = typeof doc.exportedAt === "string" ? doc.exportedAt : null;
    this.url = typeof doc.url === "string" ? doc.url : null;
    this.machine = isDescription(doc.machine) ? doc.machine : null;
    const byTime = <T extends { time: number }>(a: T[]) => a.sort((x, y) => x.time - y.time);
    this.rows = byTime((Array.isArray(doc.log) ? doc.log : []).filter(isObj).map((r, i) => hydrateRow(r, i + 1)).filter((r): r is LogRow => r !== null));
    this.timeline = byTime((Array.isArray(doc.timeline) ? doc.timeline : []).filter(isObj).map((e, i) => hydrateEntry(e, i + 1)));
    const stats = (v: unknown): TransportStats => ({ ...EMPTY_STATS, ...(isObj(v) ? (v as Partial<TransportStats>) : {}) });
    this.finalStats = stats(doc.stats);
    this.samples = byTime((Array.isArray(doc.samples) ? doc.samples : []).filter(isObj).map((s) => ({ time: num(s.t), stats: stats(s.stats) })));
    this.finalState = str(doc.state, this.timeline[this.timeline.length - 1]?.to ?? "idle");
    this.evictedRows = num(doc.evictedRows);
    const lastTime = Math.max(0, ...this.rows.map((r) => ("lastTime" in r ? r.lastTime : r.time)), ...this.timeline.map((e) => e.time), ...this.samples.map((s) => s.time));
    this.durationMs = Math.max(num(doc.durationMs), lastTime);
  }

  /** Parses a session file's text (or an already parsed object). Throws an Error that says what is wrong. */
  static parse(input: string | unknown): ReplaySession {
    let doc: unknown = input;
    if (typeof input === "string") {
      if (input.length > MAX_SESSION_CHARS) throw new Error(`session file too large (${input.length} characters; at most ${MAX_SESSION_CHARS})`);
      try {
        doc = JSON.parse(input);
      } catch (e) {
        throw new Error(`not a session file: invalid JSON (${(e as Error).message})`);
      }
    }
    if (!isObj(doc) || (doc.format !== EXPORT_FORMAT && doc.format !== EXPORT_FORMAT_V1)) {
      const found = isObj(doc) && typeof doc.format === "string" ? `"${doc.format}"` : "none";
      throw new Error(`not a session file: expected format "${EXPORT_FORMAT}" (or @1), found ${found}`);
    }
    // The file may come from anywhere: redact it again before anything shows it.
    return new ReplaySession(redactValue(doc, SESSION_REDACTION_LIMITS) as Json);
  }

  /** The panel's view at `t` ms into the session. */
  viewAt(t: number): SessionView {
    const entryIndex = lastAtOrBefore(this.timeline, t, (e) => e.time);
    const timeline = this.timeline.slice(0, entryIndex + 1);
    const last = timeline[timeline.length - 1];
    const rows = this.rows.slice(0, lastAtOrBefore(this.rows, t, (r) => r.time) + 1);
    const sampleIndex = lastAtOrBefore(this.samples, t, (s) => s.time);
    const atEnd = t >= this.durationMs;
    const stats = atEnd ? this.finalStats : sampleIndex >= 0 ? this.samples[sampleIndex]!.stats : EMPTY_STATS;
    const window = [];
    for (let i = sampleIndex; i >= 0; i--) {
      window.unshift(counterSample(this.samples[i]!.stats, this.samples[i]!.time));
      if (this.samples[i]!.time <= t - 2000) break;
    }
    let context: unknown = null;
    for (let i = timeline.length - 1; i >= 0; i--) {
      if (timeline[i]!.context !== undefined) {
        context = timeline[i]!.context;
        break;
      }
    }
    const level = (direction: "in" | "out"): LevelReading => {
      for (let i = rows.length - 1; i >= 0; i--) {
        const r = rows[i]!;
        if (r.kind === "audio" && r.direction === direction) return { level: r.count ? r.levelSum / r.count : 0, time: Math.min(t, r.lastTime) };
      }
      return { level: 0, time: -Infinity };
    };
    const state = last ? last.to : (this.timeline[0]?.from ?? this.finalState);
    let fatalAt: number | null = null;
    for (let i = rows.length - 1; i >= 0 && fatalAt === null; i--) {
      const r = rows[i]!;
      if (r.kind === "error" && r.fatal) fatalAt = r.time;
    }
    return {
      mode: "replay",
      origin: 0,
      now: t,
      state,
      failed: contextFailed(context) || fatalSince(fatalAt, last ? last.time : null),
      enteredAt: last ? last.time : null,
      attempt: last?.attempt ?? 0,
      maxAttempts: last?.maxAttempts ?? null,
      retryAt: last && last.retryInMs !== null ? last.time + last.retryInMs : null,
      timeline,
      rows,
      buffer: { size: rows.length, capacity: this.rows.length, evicted: this.evictedRows },
      stats,
      rates: window.length > 1 ? ratesOver(window) : ZERO_RATES,
      mic: level("out"),
      bot: level("in"),
      context,
      url: this.url,
      paused: false,
      skippedWhilePaused: 0,
    };
  }
}
