/**
 * Rates from counters: frames/s and bytes/s each way, computed from successive `getStats()`
 * samples over a sliding window, so the figures are steady yet follow changes within a second.
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

interface Sample {
  time: number;
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
}

export class RateMeter {
  private readonly samples: Sample[] = [];

  /** @param windowMs how far back the rate looks. */
  constructor(private readonly windowMs = 2000) {}

  /** Adds a sample taken at `time` (ms) and returns the rates over the window. */
  sample(stats: TransportStats, time: number): Rates {
    this.samples.push({ time, framesIn: stats.framesIn, framesOut: stats.framesOut, bytesIn: stats.bytesIn, bytesOut: stats.bytesOut });
    // Keep one sample at or before the window start, so the window is always fully covered.
    while (this.samples.length > 2 && this.samples[1]!.time <= time - this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const last = this.samples[this.samples.length - 1]!;
    const dt = (last.time - first.time) / 1000;
    // Counters restart with a new transport; a negative delta is not a rate.
    if (dt <= 0 || last.framesIn < first.framesIn || last.framesOut < first.framesOut) return ZERO_RATES;
    return {
      framesInPerSec: (last.framesIn - first.framesIn) / dt,
      framesOutPerSec: (last.framesOut - first.framesOut) / dt,
      bytesInPerSec: (last.bytesIn - first.bytesIn) / dt,
      bytesOutPerSec: (last.bytesOut - first.bytesOut) / dt,
    };
  }

  reset(): void {
    this.samples.length = 0;
  }
}
