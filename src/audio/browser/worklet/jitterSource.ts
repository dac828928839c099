/**
 * The player's jitter buffer policy, as worklet code (see `scope.ts`; shipped minified, see
 * `loadWorklets.ts`): from when bot audio arrives (on the context's clock) it decides when a
 * stream starts or restarts, how much lead it needs, and how much of its lead is excess delay
 * that may be shed. Pure bookkeeping, no samples; the player (`playerSource.ts`) acts on it.
 *
 * The model, in frames at the context rate. A stream's frame k arrives at `a_k` having been
 * preceded by `r_k` frames, so its offset `a_k - r_k` is constant for a stream paced exactly in
 * real time; how much later than the earliest recent offset (`minOffset`) a frame arrives is its
 * lateness, and the largest lateness of the last 8 s is the jitter. The lead of the playout
 * schedule over the earliest arrivals is `frame + buffered - received - minOffset`; the target
 * lead is the jitter plus a margin of two render quanta. A stream starts at once (the first
 * words are not delayed); after an underrun it restarts only once the target lead is there.
 * The lead a server gives by sending ahead of real time, up to one chunk (Pipecat's), is the
 * server's: it is never shed, it is the stream's cushion (more cannot be told from a start that
 * stalled; a 2x stream is not shed anyway, it keeps going ahead). Excess lead — what underrun
 * restarts added, or clock drift — above the target and the server's lead may be shed, and only
 * while the stream arrives at its playing rate: audio keeps arriving, and no frame came in ahead
 * of the earlier ones for a second; nothing is shed once arrivals stop.
 */
import type { JitterEstimator, JitterEstimatorClass } from "./scope.js";

/** Returns the estimator class. Runs in the worklet (see `scope.ts`): built-ins only. */
export function defineJitterEstimator(): JitterEstimatorClass {
  /** Margin over the measured jitter, in render quanta. */
  const MARGIN_QUANTA = 2;
  /** Later than the earliest recent arrival by more than this: a new stream, not jitter (s). */
  const GAP_S = 0.25;
  /** Jitter is the largest lateness over this many one-second buckets. */
  const JITTER_BUCKETS = 8;
  /** The earliest offset forgets at this rate (s per s), to follow clock drift. */
  const LEAK = 0.001;
  /** A frame earlier than the earliest recent offset by more than this is the server going ahead (s). */
  const AHEAD_S = 0.005;
  /** No shedding for this long after the server went ahead, or after a stream began (s). */
  const HOLD_S = 1;
  /** Arrivals must have come within this long for the stream to count as arriving (s). */
  const ACTIVE_S = 0.2;
  /** Most lateness that counts as jitter: the target lead never exceeds this plus the margin (s). */
  const MAX_JITTER_S = 0.2;

  class PwtJitterEstimator implements JitterEstimator {
    declare readonly rate: number;
    declare readonly margin: number;
    declare readonly buckets: Float64Array;
    declare bucket: number;
    declare bucketEnd: number;
    declare streaming: boolean;
    declare received: number;
    declare minOffset: number;
    declare lastArrival: number;
    declare aheadUntil: number;
    /** Lead the server gave the stream by sending ahead of real time (frames, at most its longest frame): never shed. */
    declare serverLead: number;
    declare maxFrame: number;
    /** Frames that arrived in the stream. */
    declare arrivals: number;

    constructor(rate: number) {
      this.rate = rate;
      this.margin = MARGIN_QUANTA * 128;
      this.buckets = new Float64Array(JITTER_BUCKETS);
      this.bucket = 0;
      this.bucketEnd = rate;
      this.streaming = false;
      this.received = 0;
      this.minOffset = 0;
      this.lastArrival = 0;
      this.aheadUntil = 0;
      this.serverLead = 0;
      this.maxFrame = 0;
      this.arrivals = 0;
    }

    /** Forgets the stream (after a clear): the next arrival starts a new one. Jitter is kept. */
    reset(): void {
      this.streaming = false;
    }

    arrive(frame: number, n: number): boolean {
      this.roll(frame);
      const offset = frame - this.received;
      let fresh = !this.streaming;
      if (!fresh) {
        const min = Math.min(offset, this.minOffset + LEAK * (frame - this.lastArrival));
        if (offset - min > GAP_S * this.rate) fresh = true;
        else {
          if (offset < this.minOffset - AHEAD_S * this.rate) {
            // Sent ahead of real time: the lead it adds is the server's (a slow creep is clock
            // drift) — up to one chunk, as Pipecat sends; more cannot be told from a start that
            // stalled (frames that all came late together), so beyond one chunk it may be shed.
            this.aheadUntil = frame + HOLD_S * this.rate;
            this.serverLead = Math.min(this.serverLead + this.minOffset - offset, Math.max(this.maxFrame, n));
          }
          this.minOffset = min;
          const late = Math.min(offset - min, MAX_JITTER_S * this.rate);
          if (late > this.buckets[this.bucket]!) this.buckets[this.bucket] = late;
        }
      }
      if (fresh) {
        this.streaming = true;
        this.received = 0;
        this.minOffset = frame;
        this.aheadUntil = frame + HOLD_S * this.rate;
        this.serverLead = 0;
        this.maxFrame = 0;
        this.arrivals = 0;
      }
      this.received += n;
      this.arrivals++;
      this.lastArrival = frame;
      if (n > this.maxFrame) this.maxFrame = n;
      return fresh;
    }

    jitter(): number {
      let j = 0;
      for (let i = 0; i < JITTER_BUCKETS; i++) j = Math.max(j, this.buckets[i]!);
      return j;
    }

    target(): number {
      return this.jitter() + this.margin;
    }

    lead(frame: number, buffered: number): number {
      return this.streaming ? frame + buffered - this.received - this.minOffset : buffered;
    }

    startAt(): number {
      return this.minOffset + this.target();
    }

    arriving(frame: number): boolean {
      return this.streaming && this.arrivals > 1 && frame - this.lastArrival <= ACTIVE_S * this.rate;
    }

    excess(frame: number, buffered: number): number {
      this.roll(frame);
      if (!this.streaming || frame < this.aheadUntil || frame - this.lastArrival > ACTIVE_S * this.rate) return 0;
      return Math.max(0, Math.min(buffered, this.lead(frame, buffered) - this.target() - this.serverLead));
    }

    /** Moves the one-second bucket forward to `frame`, clearing the buckets it passes. */
    roll(frame: number): void {
      let steps = 0;
      while (frame >= this.bucketEnd && steps <= JITTER_BUCKETS) {
        this.bucket = (this.bucket + 1) % JITTER_BUCKETS;
        this.buckets[this.bucket] = 0;
        this.bucketEnd += this.rate;
        steps++;
      }
      if (frame >= this.bucketEnd) this.bucketEnd = frame + this.rate;
    }
  }
  return PwtJitterEstimator;
}

/** Worklet code (unminified): defines `PwtJitterEstimator` in the worklet's global scope. */
export const JITTER_CODE = `const PwtJitterEstimator = (${defineJitterEstimator})();\n`;
