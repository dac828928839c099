/**
 * A simple energy voice-activity detector for the dev bot: enough to tell speech from silence in
 * test WAVs and on a quiet mic, so the bot can take turns and be interrupted like a real one.
 * Not a production VAD (no noise adaptation, no spectral features).
 */

/** Tuning of {@link EnergyVad}. */
export interface EnergyVadOptions {
  /** RMS level in dBFS above which a 10 ms window counts as speech. Default -40. */
  thresholdDbfs?: number;
  /** Speech must last this long (ms) before `start` fires. Default 60. */
  startMs?: number;
  /** Silence must last this long (ms) before `stop` fires. Default 400. */
  stopMs?: number;
}

/** What one `push` detected, if anything. */
export type VadEvent = "start" | "stop" | null;

/** Detects speech start/stop over a stream of PCM16 mono chunks, in 10 ms windows. */
export class EnergyVad {
  readonly thresholdDbfs: number;
  readonly startMs: number;
  readonly stopMs: number;
  private readonly thresholdSq: number;
  private speaking = false;
  private speechMs = 0;
  private silenceMs = 0;
  /** Partial 10 ms window carried over between chunks. */
  private carrySum = 0;
  private carryCount = 0;

  constructor(options: EnergyVadOptions = {}) {
    this.thresholdDbfs = options.thresholdDbfs ?? -40;
    this.startMs = options.startMs ?? 60;
    this.stopMs = options.stopMs ?? 400;
    const amp = 32768 * 10 ** (this.thresholdDbfs / 20);
    this.thresholdSq = amp * amp;
  }

  /** True between a `start` and the next `stop`. */
  get isSpeaking(): boolean {
    return this.speaking;
  }

  /**
   * Feeds one chunk. Returns `start` or `stop` when the state changed during this chunk (the
   * last change if several happened: chunks are short, so at most one usually does).
   */
  push(samples: Int16Array, sampleRate: number): VadEvent {
    const window = Math.max(1, Math.round(sampleRate / 100));
    let event: VadEvent = null;
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      this.carrySum += s * s;
      if (++this.carryCount === window) {
        const e = this.step(this.carrySum / window >= this.thresholdSq);
        if (e) event = e;
        this.carrySum = 0;
        this.carryCount = 0;
      }
    }
    return event;
  }

  /** Forgets all state (e.g. after the connection's audio format changes). */
  reset(): void {
    this.speaking = false;
    this.speechMs = this.silenceMs = this.carrySum = this.carryCount = 0;
  }

  private step(voiced: boolean): VadEvent {
    if (voiced) {
      this.speechMs += 10;
      this.silenceMs = 0;
      if (!this.speaking && this.speechMs >= this.startMs) {
        this.speaking = true;
        return "start";
      }
    } else {
      this.silenceMs += 10;
      // Short dips inside a word must not reset the onset count completely.
      if (!this.speaking && this.silenceMs >= 30) this.speechMs = 0;
      if (this.speaking && this.silenceMs >= this.stopMs) {
        this.speaking = false;
        this.speechMs = 0;
        return "stop";
      }
    }
    return null;
  }
}
