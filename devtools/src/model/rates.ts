/**
 * Rates from counters: frames/s and bytes/s each way, computed from successive `getStats()`
 * samples over a sliding window, so the figures are steady yet follow changes within a second.
 * A direction that moved nothing for a second reads 0: after a disconnect the rates drop to zero
 * instead of decaying over the whole window.
 */
import type { TransportStats } from "../types.js";

/** Per-second rates each way. */
export interface Rates {
  framesInPerSec: number;
  framesOutPerSec: number;
  bytesInPerSec: number;
  bytesOutPerSec: number;
}

export const ZERO_RATES: Rates = { framesInPerSec: 0, framesOutPerSec: 0, bytesInPerSec: 0, bytesOutPerSec: 0 };

/** One reading of the counters the rates come from. */
export interface CounterSample {
  time: number;
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
}

export function counterSample(stats: TransportStats, time: number): CounterSample {
  return { time, framesIn: stats.framesIn, framesOut: stats.framesOut, bytesIn: stats.bytesIn, bytesOut: stats.bytesOut };
}

/** A direction with no new frame for this long (ms) reads 0. */
export const IDLE_AFTER_MS = 1000;

/** How long (ms) the newest samples have shown no new frames in one direction. */
function idleFor(samples: readonly CounterSample[], frames: (s: CounterSample) => number): number {
  const last = samples[samples.length - 1]!;
  let since = last.time;
  for (let i = samples.length - 2; i >= 0 && frames(samples[i]!) === frames(last); i--) since = samples[i]!.time;
  return last.time - since;
}

/** Rates between the first and last of `samples` (oldest first); a direction idle for {@link IDLE_AFTER_MS} reads 0. */
export function ratesOver(samples: readonly CounterSample[]): Rates {
  if (samples.length < 2) return ZERO_RATES;
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const dt = (last.time - first.time) / 1000;
  // Counters restart with a new transport; a negative delta is not a rate.
  if (dt <= 0 || last.framesIn < first.framesIn || last.framesOut < first.framesOut) return ZERO_RATES;
  const inIdle = idleFor(samples, (s) => s.framesIn) >= IDLE_AFTER_MS;
  const outIdle = idleFor(samples, (s) => s.framesOut) >= IDLE_AFTER_MS;
  return {
    framesInPerSec: inIdle ? 0 : (last.framesIn - first.framesIn) / dt,
    framesOutPerSec: outIdle ? 0 : (last.framesOut - first.framesOut) / dt,
    bytesInPerSec: inIdle ? 0 : (last.bytesIn - first.bytesIn) / dt,
    bytesOutPerSec: outIdle ? 0 : (last.bytesOut - first.bytesOut) / dt,
  };
}

export class RateMeter {
  private readonly samples: CounterSample[] = [];

  /** @param windowMs how far back the rate looks. */
  constructor(private readonly windowMs = 2000) {}

  /** Adds a sample taken at `time` (ms) and returns the rates over the window. */
  sample(stats: TransportStats, time: number): Rates {
    this.samples.push(counterSample(stats, time));
    // Keep one sample at or before the window start, so the window is always fully covered.
    while (this.samples.length > 2 && this.samples[1]!.time <= time - this.windowMs) this.samples.shift();
    return ratesOver(this.samples);
  }

  reset(): void {
    this.samples.length = 0;
  }
}
