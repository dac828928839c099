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
  const stats: TransportStats = {
    framesIn: c.framesIn,
    framesOut: c.framesOut,
    bytesIn: c.bytesIn,
    bytesOut: c.bytesOut,
    audioFramesIn: c.audioFramesIn,
    audioFramesOut: c.audioFramesOut,
    droppedAudioChunks: c.droppedAudioChunks,
    droppedMessages: c.droppedMessages,
    handlerErrors: c.handlerErrors,
    malformed: { ...c.malformed },
    reconnects: sources.reconnects,
    timeToReadyMs: c.timeToReadyMs,
    botBufferedMs: sources.botBufferedMs,
  };
  if (sources.playback) {
    stats.underruns = sources.playback.underruns;
    stats.shedMs = sources.playback.shedMs;
    stats.leadMs = sources.playback.leadMs;
  }
  return stats;
}
