/**
 * The resampler both audio worklets share, written as a function whose source text is the
 * worklet code (see `scope.ts`). Not imported at runtime: `npm run worklet` minifies this text
 * into `generated/workletSource.ts`, which is what ships and what the tests evaluate.
 *
 * The algorithm is the one in `src/pcm/resample.ts` (polyphase Kaiser-windowed sinc, unity DC
 * gain per phase, cutoff below the lower Nyquist), rewritten for Float32 samples and for the
 * audio thread: no allocation per render quantum.
 */
import type { WorkletResampler, WorkletResamplerClass } from "./scope.js";

/**
 * Returns the resampler class. Runs in the worklet (see `scope.ts`): built-ins only. No class
 * fields (`declare` only): a lowered build target would turn them into helper calls the worklet
 * scope does not have.
 */
function defineResampler(): WorkletResamplerClass {
  const ZERO_CROSSINGS = 16;
  const ROLLOFF = 0.92;
  const KAISER_BETA = 8.6;
  const MAX_TABLED_PHASES = 1024;

  function gcd(a: number, b: number): number {
    while (b !== 0) {
      const t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  function besselI0(x: number): number {
    let sum = 1,
      term = 1;
    const q = (x * x) / 4;
    for (let k = 1; k < 50; k++) {
      term *= q / (k * k);
      sum += term;
      if (term < sum * 1e-12) break;
    }
    return sum;
  }

  function kaiser(t: number): number {
    if (t <= -1 || t >= 1) return 0;
    return besselI0(KAISER_BETA * Math.sqrt(1 - t * t)) / besselI0(KAISER_BETA);
  }

  /**
   * Streaming mono Float32 resampler from fromRate to toRate (integers, Hz). Output lags input
   * by half the filter (16 zero crossings of the lower rate, about 1-2 ms); equal rates copy.
   */
  class PwtResampler implements WorkletResampler {
    declare readonly fromRate: number;
    declare readonly up: number;
    declare readonly down: number;
    declare readonly passthrough: boolean;
    declare readonly cutoff: number;
    declare readonly half: number;
    declare readonly taps: number;
    declare readonly table: Float32Array | null;
    declare readonly scratch: Float32Array;
    /** buf[0] is absolute input index `base`; the samples before the signal are silence. */
    declare buf: Float32Array;
    declare base: number;
    declare bufLen: number;
    declare pos: number;
    declare phase: number;

    constructor(fromRate: number, toRate: number) {
      this.fromRate = fromRate;
      const g = gcd(fromRate, toRate);
      this.up = toRate / g;
      this.down = fromRate / g;
      this.passthrough = this.up === this.down;
      // Cutoff in cycles per input sample, below the Nyquist frequency of the lower rate.
      this.cutoff = 0.5 * ROLLOFF * Math.min(1, toRate / fromRate);
      this.half = this.passthrough ? 0 : Math.ceil(ZERO_CROSSINGS / (2 * this.cutoff));
      this.taps = 2 * this.half;
      this.table = null;
      this.scratch = new Float32Array(Math.max(1, this.taps));
      if (!this.passthrough && this.up <= MAX_TABLED_PHASES) {
        const table = new Float32Array(this.up * this.taps);
        for (let p = 0; p < this.up; p++) this.coefficients(p / this.up, table.subarray(p * this.taps, (p + 1) * this.taps));
        this.table = table;
      }
      this.buf = new Float32Array(this.taps + 2048);
      this.reset();
    }

    reset(): void {
      this.buf.fill(0);
      this.base = -this.half + 1;
      this.bufLen = Math.max(0, this.half - 1);
      this.pos = 0;
      this.phase = 0;
    }

    maxOutput(n: number): number {
      return Math.ceil((n * this.up) / this.down) + 2;
    }

    process(input: Float32Array, n: number, out: Float32Array): number {
      if (this.passthrough) {
        for (let i = 0; i < n; i++) out[i] = input[i];
        return n;
      }
      const half = this.half;
      // Drop input no future output can reach, then append.
      const drop = this.pos - half + 1 - this.base;
      if (drop > 0) {
        const d = Math.min(drop, this.bufLen);
        this.buf.copyWithin(0, d, this.bufLen);
        this.bufLen -= d;
        this.base += d;
      }
      if (this.bufLen + n > this.buf.length) {
        // Only for inputs longer than any seen before (player frames); never per render quantum.
        const next = new Float32Array((this.bufLen + n) * 2);
        next.set(this.buf.subarray(0, this.bufLen));
        this.buf = next;
      }
      const buf = this.buf;
      for (let i = 0; i < n; i++) buf[this.bufLen + i] = input[i];
      this.bufLen += n;
      const available = this.base + this.bufLen;
      const taps = this.taps,
        up = this.up,
        down = this.down,
        table = this.table;
      let count = 0;
      while (this.pos + half < available) {
        let coef: Float32Array, c0: number;
        if (table) {
          coef = table;
          c0 = this.phase * taps;
        } else {
          coef = this.coefficients(this.phase / up, this.scratch);
          c0 = 0;
        }
        const start = this.pos - half + 1 - this.base;
        let acc = 0;
        for (let j = 0; j < taps; j++) acc += buf[start + j] * coef[c0 + j];
        out[count++] = acc;
        this.phase += down;
        if (this.phase >= up) {
          this.pos += Math.floor(this.phase / up);
          this.phase %= up;
        }
      }
      return count;
    }

    /** Kaiser-windowed sinc taps for an output at fractional offset frac past an input sample. */
    coefficients(frac: number, out: Float32Array): Float32Array {
      const half = this.half,
        fc = this.cutoff;
      let sum = 0;
      for (let j = 0; j < 2 * half; j++) {
        const d = frac + half - 1 - j;
        const x = 2 * fc * d;
        const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        const h = sinc * kaiser(d / half);
        out[j] = h;
        sum += h;
      }
      for (let j = 0; j < 2 * half; j++) out[j] /= sum;
      return out;
    }
  }
  return PwtResampler;
}

/** Worklet code (unminified): defines `PwtResampler` in the worklet's global scope. */
export const RESAMPLER_CODE = `const PwtResampler = (${defineResampler})();\n`;
