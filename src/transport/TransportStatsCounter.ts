/**
 * The transport's counters: plain integer increments on the hot paths, read as one
 * `TransportStats` snapshot. Connection facts (reconnects) come from the machine's context and
 * playback facts from the audio I/O at read time, so nothing is counted twice.
 */
import type { TransportStats } from "../inspect/InspectionEvent.js";

/** Counters the transport's parts increment: the stats the transport itself counts. */
export type StatsCounters = Omit<TransportStats, "reconnects" | "botBufferedMs" | "underruns" | "shedMs" | "leadMs">;

export function newCounters(): StatsCounters {
  return {
    framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, audioFramesIn: 0, audioFramesOut: 0,
    droppedAudioChunks: 0, droppedMessages: 0, handlerErrors: 0, malformed: {}, timeToReadyMs: null,
  };
}

/** What the other sources of a stats snapshot say at read time. */
export interface StatsSources {
  reconnects: number;
  botBufferedMs: number;
  playback?: { underruns: number; shedMs: number; leadMs: number };
}

/** One consistent copy of the counters plus the live figures. */
export function statsSnapshot(c: StatsCounters, sources: StatsSources): TransportStats {
  const { reconnects, botBufferedMs, playback: p } = sources;
  // The audio I/O's report is picked field by field: an AudioIO may return more than the three.
  const playback = p ? { underruns: p.underruns, shedMs: p.shedMs, leadMs: p.leadMs } : {};
  return { ...c, malformed: { ...c.malformed }, reconnects, botBufferedMs, ...playback };
}
