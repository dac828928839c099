/**
 * How much audio one connection may make the bot process: a token bucket of samples per second.
 * Every sample costs the bot work (downmix, VAD, maybe resampling, the echo buffer), so a client
 * that floods valid audio frames must not be able to take the event loop from every other session.
 */

/** A token bucket: `ratePerSecond` samples refill per second, up to one second's worth. */
export class AudioBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = ratePerSecond;
    this.last = now();
  }

  /** Takes `samples` (all channels) from the bucket; false (and nothing taken) when over budget. */
  take(samples: number): boolean {
    if (this.ratePerSecond <= 0) return true;
    const t = this.now();
    this.tokens = Math.min(this.ratePerSecond, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
    if (samples > this.tokens) return false;
    this.tokens -= samples;
    return true;
  }
}
