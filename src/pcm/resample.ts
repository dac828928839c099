/**
 * PCM16 sample-rate conversion with anti-aliasing, for every place audio changes rate outside the
 * browser worklets: WAV files fed as the user's voice, the dev bot echoing 16 kHz speech at
 * 24 kHz, recorded bot audio, Twilio's 8 kHz. A thin Int16 layer (rounding, clipping, the
 * flushed tail) over the one streaming resampler of `streamingResampler.ts`, which the worklets
 * run too. Pure and platform-neutral (no Node, no DOM). Mono: resample channels separately.
 */
import { OptionError } from "../common/errors.js";
import { StreamingResampler } from "./streamingResampler.js";

/**
 * Resamples a whole mono PCM16 signal from `fromRate` to `toRate` Hz.
 * Returns a copy when the rates are equal. Output length is `ceil(input.length * toRate / fromRate)`.
 * @throws OptionError (code invalid-option) when a rate is not a positive integer.
 */
export function resamplePcm16(input: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) {
    checkRate(fromRate, "fromRate");
    return input.slice();
  }
  const r = new Pcm16Resampler(fromRate, toRate);
  const head = r.process(input);
  const tail = r.flush();
  const out = new Int16Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

/**
 * Streaming form of {@link resamplePcm16}: feed chunks with `process`, then `flush` once at the
 * end. The concatenated outputs equal the one-shot result. Output lags input by the filter's
 * half-width (16 zero crossings of the lower rate), which `flush` releases. Equal rates copy.
 */
export class Pcm16Resampler {
  private readonly core: StreamingResampler;
  /** Float output of the core, reused between calls. */
  private scratch = new Float32Array(0);
  /** Absolute input samples received, and output samples returned. */
  private received = 0;
  private produced = 0;
  private flushed = false;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {
    checkRate(fromRate, "fromRate");
    checkRate(toRate, "toRate");
    this.core = new StreamingResampler(fromRate, toRate);
  }

  /** Resamples one chunk; returns the output samples that are complete so far (maybe none). */
  process(chunk: Int16Array): Int16Array {
    if (this.flushed) throw new OptionError("invalid-option", "Pcm16Resampler: process() after flush(); create a new resampler");
    this.received += chunk.length;
    return this.run(chunk, chunk.length, Number.POSITIVE_INFINITY);
  }

  /** Releases the delayed tail (treating input after the end as silence). Call once. */
  flush(): Int16Array {
    if (this.flushed) return new Int16Array(0);
    this.flushed = true;
    const total = Math.ceil((this.received * this.toRate) / this.fromRate);
    // Silence after the end completes every output up to the last input sample, and a few more.
    const delay = this.core.delay;
    return this.run(new Int16Array(delay), delay, total - this.produced);
  }

  /** Runs `n` inputs through the core; returns at most `limit` outputs as PCM16. */
  private run(input: Int16Array, n: number, limit: number): Int16Array {
    const need = this.core.maxOutput(n);
    if (this.scratch.length < need) this.scratch = new Float32Array(need);
    const f = this.scratch;
    const count = Math.max(0, Math.min(limit, this.core.process(input, n, f)));
    const out = new Int16Array(count);
    for (let i = 0; i < count; i++) {
      const s = f[i]!;
      out[i] = s >= 32767 ? 32767 : s <= -32768 ? -32768 : Math.round(s);
    }
    this.produced += count;
    return out;
  }
}

function checkRate(rate: number, name: string): void {
  if (!Number.isInteger(rate) || rate <= 0 || rate > 1_000_000) {
    throw new OptionError("invalid-option", `resample: ${name} must be a positive integer sample rate in Hz, got ${String(rate)}`);
  }
}
