/**
 * The one sample-rate converter of the project: a streaming polyphase Kaiser-windowed sinc, used
 * by the Node PCM16 helpers (`resample.ts`: WAV files, the dev bot, Twilio, recorded bot audio)
 * and, as source text, by both audio worklets (mic recorder and bot player).
 *
 * Written as a function whose source text is also worklet code (see
 * `src/audio/browser/worklet/scope.ts`): `defineResampler` uses only its own locals and
 * JavaScript built-ins, never an import or a module-level binding, and its class has no class
 * fields (`declare` only), so `npm run worklet` can minify its text into the worklet module.
 *
 * The filter: cutoff below the Nyquist frequency of the lower rate (anti-aliasing when
 * downsampling), unity DC gain for every phase. Rate pairs with at most 1024 phases (every pair
 * of common rates: 8/16/22.05/24/44.1/48 kHz) get one exact coefficient row per phase; any other
 * pair uses rows at 256 evenly spaced phases, linearly interpolated (two dot products per
 * output), so the work per output sample is bounded whatever the rates — never a window
 * function per output sample. Two shapes: `standard` (16 zero crossings, about 90 dB stopband)
 * and `low-latency` (half the taps, so half the group delay, about 65 dB stopband) for the live
 * mic and speaker paths.
 */

/** A streaming mono resampler (the class {@link defineResampler} returns). */
export interface StreamingResampler {
  readonly fromRate: number;
  readonly toRate: number;
  /** Lookahead in input samples: an output is written once this many inputs past its instant have arrived (0 for equal rates). */
  readonly delay: number;
  /** Forgets all history: the next output starts from silence, as after construction. */
  reset(): void;
  /** Most outputs one `process` call with `n` inputs can write (size `out` with this). */
  maxOutput(n: number): number;
  /**
   * Resamples `input[0..n)` (any scale: PCM16 values or -1..1 floats) into `out`, which must be at
   * least `maxOutput(n)` long; returns the count written. Allocates only when `n` exceeds every
   * earlier call's block (never per render quantum). Equal rates copy.
   */
  process(input: ArrayLike<number>, n: number, out: Float32Array): number;
}

/** Filter shape: `standard` (16 zero crossings) or `low-latency` (8, half the group delay). */
export type ResamplerShape = "standard" | "low-latency";

/** The resampler class. Rates are positive integers in Hz (the caller checks them). */
export type StreamingResamplerClass = new (fromRate: number, toRate: number, shape?: ResamplerShape) => StreamingResampler;

/**
 * Returns the resampler class. Runs in the worklet too: built-ins only (see the header).
 */
export function defineResampler(): StreamingResamplerClass {
  /** Cutoff as a fraction of the lower Nyquist frequency; the rest is the transition band. */
  const ROLLOFF = 0.92;
  /** Zero crossings of the sinc on each side, and the Kaiser shape, per filter shape. */
  const STANDARD_CROSSINGS = 16;
  const STANDARD_BETA = 8.6;
  const LOW_LATENCY_CROSSINGS = 8;
  const LOW_LATENCY_BETA = 7;
  const LOW_LATENCY_ROLLOFF = 0.86;
  /** Rate pairs with at most this many phases get an exact row per phase. */
  const MAX_EXACT_PHASES = 1024;
  /** Any other pair: rows at this many phases (plus the closing one), interpolated between. */
  const INTERPOLATED_PHASES = 256;
  /** Most coefficients a table holds (only rate ratios far outside 8-48 kHz come near it). */
  const MAX_TABLE = 1 << 21;
  /** Inputs appended per inner pass, so the history buffer stays small for any chunk size. */
  const BLOCK = 4096;

  function gcd(a: number, b: number): number {
    while (b !== 0) {
      const t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** Modified Bessel function of the first kind, order 0 (series; converges fast for our betas). */
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

  class PwtResampler implements StreamingResampler {
    declare readonly fromRate: number;
    declare readonly toRate: number;
    declare readonly delay: number;
    declare readonly up: number;
    declare readonly down: number;
    declare readonly passthrough: boolean;
    /** Cutoff in cycles per input sample. */
    declare readonly cutoff: number;
    declare readonly beta: number;
    /** Taps on each side of the output instant, and in all. */
    declare readonly half: number;
    declare readonly taps: number;
    /** Row r holds the taps for fractional offset r / (rows - 1) (interpolated) or r / up (exact). */
    declare readonly exact: boolean;
    declare readonly rows: number;
    declare readonly table: Float32Array;
    /** History: buf[0] is absolute input index `base`; inputs before the signal are silence. */
    declare buf: Float32Array;
    declare base: number;
    declare bufLen: number;
    /** Next output: input index `pos` plus fraction `phase / up`. */
    declare pos: number;
    declare phase: number;

    constructor(fromRate: number, toRate: number, shape?: ResamplerShape) {
      this.fromRate = fromRate;
      this.toRate = toRate;
      const g = gcd(fromRate, toRate);
      this.up = toRate / g;
      this.down = fromRate / g;
      this.passthrough = this.up === this.down;
      const low = shape === "low-latency";
      this.cutoff = 0.5 * (low ? LOW_LATENCY_ROLLOFF : ROLLOFF) * Math.min(1, toRate / fromRate);
      this.beta = low ? LOW_LATENCY_BETA : STANDARD_BETA;
      this.half = this.passthrough ? 0 : Math.ceil((low ? LOW_LATENCY_CROSSINGS : STANDARD_CROSSINGS) / (2 * this.cutoff));
      this.taps = 2 * this.half;
      this.delay = this.half;
      const taps = Math.max(1, this.taps);
      this.exact = this.up <= MAX_EXACT_PHASES && this.up * taps <= MAX_TABLE;
      this.rows = this.passthrough ? 0 : this.exact ? this.up : Math.max(2, Math.min(INTERPOLATED_PHASES + 1, Math.floor(MAX_TABLE / taps)));
      const table = new Float32Array(this.rows * this.taps);
      const step = this.exact ? 1 / this.up : 1 / (this.rows - 1);
      for (let r = 0; r < this.rows; r++) this.coefficients(r * step, table.subarray(r * this.taps, (r + 1) * this.taps));
      this.table = table;
      this.buf = new Float32Array(this.taps + BLOCK);
      this.reset();
    }

    reset(): void {
      this.buf.fill(0);
      // Prefilled with the silence before the signal, so every tap of every output is in the buffer.
      this.base = -this.half + 1;
      this.bufLen = Math.max(0, this.half - 1);
      this.pos = 0;
      this.phase = 0;
    }

    maxOutput(n: number): number {
      return Math.ceil((n * this.up) / this.down) + 2;
    }

    process(input: ArrayLike<number>, n: number, out: Float32Array): number {
      if (this.passthrough) {
        for (let i = 0; i < n; i++) out[i] = input[i]!;
        return n;
      }
      let count = 0;
      for (let from = 0; from < n; from += BLOCK) count = this.block(input, from, Math.min(n, from + BLOCK), out, count);
      return count;
    }

    /** Appends input[from..to) to the history and writes every output it completes at out[count..]. */
    block(input: ArrayLike<number>, from: number, to: number, out: Float32Array, count: number): number {
      const half = this.half;
      // Drop history no future output can reach, then append.
      const drop = this.pos - half + 1 - this.base;
      if (drop > 0) {
        const d = Math.min(drop, this.bufLen);
        this.buf.copyWithin(0, d, this.bufLen);
        this.bufLen -= d;
        this.base += d;
      }
      const n = to - from;
      if (this.bufLen + n > this.buf.length) {
        // Only when downsampling by a large ratio leaves more history than the first buffer holds.
        const next = new Float32Array((this.bufLen + n) * 2);
        next.set(this.buf.subarray(0, this.bufLen));
        this.buf = next;
      }
      const buf = this.buf;
      for (let i = 0; i < n; i++) buf[this.bufLen + i] = input[from + i]!;
      this.bufLen += n;
      const available = this.base + this.bufLen;
      const taps = this.taps,
        up = this.up,
        down = this.down,
        table = this.table,
        exact = this.exact,
        scale = this.rows - 1;
      while (this.pos + half < available) {
        const start = this.pos - half + 1 - this.base;
        let acc = 0;
        if (exact) {
          const c0 = this.phase * taps;
          for (let j = 0; j < taps; j++) acc += buf[start + j]! * table[c0 + j]!;
        } else {
          // Between the two rows around this phase: both dot products, then a linear blend.
          const x = (this.phase / up) * scale;
          const r = Math.min(scale - 1, Math.floor(x));
          const a = x - r;
          const c0 = r * taps,
            c1 = c0 + taps;
          let acc1 = 0;
          for (let j = 0; j < taps; j++) {
            const s = buf[start + j]!;
            acc += s * table[c0 + j]!;
            acc1 += s * table[c1 + j]!;
          }
          acc += a * (acc1 - acc);
        }
        out[count++] = acc;
        this.phase += down;
        if (this.phase >= up) {
          this.pos += Math.floor(this.phase / up);
          this.phase %= up;
        }
      }
      return count;
    }

    /** Kaiser-windowed sinc taps for an output at fractional offset `frac` past an input sample. */
    coefficients(frac: number, out: Float32Array): void {
      const half = this.half,
        fc = this.cutoff,
        beta = this.beta,
        norm = besselI0(beta);
      let sum = 0;
      for (let j = 0; j < 2 * half; j++) {
        // Tap j sits at input index pos-half+1+j; its distance from the output instant:
        const d = frac + half - 1 - j;
        const x = 2 * fc * d;
        const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        const t = d / half;
        const w = t <= -1 || t >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - t * t)) / norm;
        const h = sinc * w;
        out[j] = h;
        sum += h;
      }
      // Unity gain at DC for every phase (no ripple from phase to phase).
      for (let j = 0; j < 2 * half; j++) out[j] = out[j]! / sum;
    }
  }
  return PwtResampler;
}

/** The resampler class, for code that runs outside the worklets. */
export const StreamingResampler: StreamingResamplerClass = /* @__PURE__ */ defineResampler();
