/**
 * What the panel draws, whether it comes from a live transport (the store) or from a session
 * file being replayed: one plain snapshot per render. The UI reads only this, so live and
 * replay cannot drift apart.
 */
import type { TransportStats } from "../types.js";
import type { LogRow } from "./frameLog.js";
import type { Rates } from "./rates.js";
import type { TimelineEntry } from "./timeline.js";

/** Latest audio level of one direction. */
export interface LevelReading {
  /** RMS 0..1 of the newest frame. */
  level: number;
  /** When it arrived (ms, the session's clock); old readings decay to silence. */
  time: number;
}

export interface SessionView {
  mode: "live" | "replay";
  /** Time origin of displayed offsets (ms, the session's clock). */
  origin: number;
  /** Now, on the same clock (a replay's scrub position). */
  now: number;
  /** Dotted state path, e.g. `connected.ready`. */
  state: string;
  /** True if the session ended in a failure (the context's `failure`, or a fatal error on the way to the current state). */
  failed: boolean;
  /** When the current state was entered, if known. */
  enteredAt: number | null;
  /** Reconnect attempt (1-based), 0 when not reconnecting. */
  attempt: number;
  maxAttempts: number | null;
  /** When the next reconnect attempt starts, if known (for the countdown). */
  retryAt: number | null;
  /** Transitions, oldest first. */
  timeline: readonly TimelineEntry[];
  /** Log rows, oldest first. */
  rows: readonly LogRow[];
  buffer: { size: number; capacity: number; evicted: number };
  stats: TransportStats;
  rates: Rates;
  mic: LevelReading;
  bot: LevelReading;
  /** The machine context, redacted plain JSON; null if unknown. */
  context: unknown;
  /** The socket URL, redacted. */
  url: string | null;
  paused: boolean;
  skippedWhilePaused: number;
}

/** True if a fatal error came at most 1 s before entering the current state, or since. */
export function fatalSince(fatalAt: number | null, enteredAt: number | null): boolean {
  return fatalAt !== null && (enteredAt === null || fatalAt >= enteredAt - 1000);
}

/** Counters of a session that has not counted anything yet. */
export const EMPTY_STATS: TransportStats = {
  framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, audioFramesIn: 0, audioFramesOut: 0,
  droppedAudioChunks: 0, droppedMessages: 0, handlerErrors: 0, malformed: {}, reconnects: 0, timeToReadyMs: null, botBufferedMs: 0,
};
