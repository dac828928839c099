/**
 * PCM16 sample-rate conversion with anti-aliasing, for every place audio changes rate: WAV files
 * fed as the user's voice, the dev bot echoing 16 kHz speech at 24 kHz, recorded bot audio.
 *
 * A polyphase windowed-sinc (Kaiser) filter: exact for any pair of integer rates, low-passed
 * below the lower Nyquist frequency so downsampling does not fold high tones into the voice
 * band. Pure and platform-neutral (no Node, no DOM). Mono: resample channels separately.
 */

/** Zero crossings of the sinc on each side; more = steeper transition band, more work. */
const ZERO_CROSSINGS = 16;
/** Cutoff as a fraction of the lower Nyquist frequency; the rest is the transition band. */
const ROLLOFF = 0.92;
/** Kaiser window shape; 8.6 gives about 90 dB of stopband attenuation. */
const KAISER_BETA = 8.6;
/** Above this many phases the coefficients are computed per output sample instead of tabled. */
const MAX_TABLED_PHASES = 2048;

/**
 * Resamples a whole mono PCM16 signal from `fromRate` to `toRate` Hz.
 * Returns a copy when the rates are equal. Output length is `ceil(input.length * toRate / fromRate)`.
 * @throws RangeError when a rate is not a positive integer.
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
 * half-width (16 zero crossings of the lower rate), which `flush` releases.
 */
export class Pcm16Resampler {
  /** Output samples per `down` input samples (rates divided by their gcd). */
  private readonly up: number;
  private readonly down: number;
  /** Taps on each side of the current input position. */
  private readonly half: number;
  private readonly cutoff: number;
  /** Coefficients per phase (`up` rows of `2*half`), or null when computed on the fly. */
  private readonly table: Float32Array[] | null;
  private readonly scratch: Float32Array;

  /** Buffered input (Float32 for the dot products); `buf[0]` is absolute input index `base`. */
  private buf = new Float32Array(0);
  private bufLen = 0;
  private base = 0;
  /** Absolute input samples received. */
  private received = 0;
  /** Next output sample: input index `pos` plus phase `phase / up`. */
  private pos = 0;
  private phase = 0;
  private produced = 0;
  private flushed = false;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {
    checkRate(fromRate, "fromRate");
    checkRate(toRate, "toRate");
    const g = gcd(fromRate, toRate);
    this.up = toRate / g;
    this.down = fromRate / g;
    // Cutoff in cycles per input sample: below the Nyquist of whichever rate is lower.
    this.cutoff = 0.5 * ROLLOFF * Math.min(1, toRate / fromRate);
    this.half = Math.ceil(ZERO_CROSSINGS / (2 * this.cutoff));
    this.scratch = new Float32Array(2 * this.half);
    if (this.up <= MAX_TABLED_PHASES) {
      this.table = [];
      for (let p = 0; p < this.up; p++) this.table.push(this.coefficients(p / this.up, new Float32Array(2 * this.half)));
    } else {
      this.table = null;
    }
  }

  /** Resamples one chunk; returns the output samples that are complete so far (maybe none). */
  process(chunk: Int16Array): Int16Array {
    if (this.flushed) throw new Error("Pcm16Resampler: process() after flush(); create a new resampler");
    this.append(chunk);
    return this.drain(this.received);
  }

  /** Releases the delayed tail (treating input after the end as silence). Call once. */
  flush(): Int16Array {
    if (this.flushed) return new Int16Array(0);
    this.flushed = true;
    const total = Math.ceil((this.received * this.up) / this.down);
    return this.drain(Number.POSITIVE_INFINITY, total - this.produced);
  }

  private append(chunk: Int16Array): void {
    // Drop input no future output can reach, then grow the buffer if needed.
    const keepFrom = this.pos - this.half + 1;
    if (keepFrom > this.base) {
      const drop = Math.min(keepFrom - this.base, this.bufLen);
      this.buf.copyWithin(0, drop, this.bufLen);
      this.bufLen -= drop;
      this.base += drop;
    }
    if (this.bufLen + chunk.length > this.buf.length) {
      const next = new Float32Array(Math.max(this.bufLen + chunk.length, this.buf.length * 2, 1024));
      next.set(this.buf.subarray(0, this.bufLen));
      this.buf = next;
    }
    for (let i = 0; i < chunk.length; i++) this.buf[this.bufLen + i] = chunk[i]!;
    this.bufLen += chunk.length;
    this.received += chunk.length;
  }

  /**
   * Emits outputs in order while their last tap (input `pos + half`) is below `available`,
   * at most `limit` of them.
   */
  private drain(available: number, limit = Number.POSITIVE_INFINITY): Int16Array {
    const half = this.half;
    // Upper bound on how many outputs fit, to size the array once.
    const room = available === Number.POSITIVE_INFINITY
      ? limit
      : Math.min(limit, Math.max(0, Math.ceil(((available - this.pos) * this.up) / this.down) + 1));
    const out = new Int16Array(Math.max(0, room));
    let n = 0;
    while (n < out.length && this.pos + half < available) {
      const coef = this.table ? this.table[this.phase]! : this.coefficients(this.phase / this.up, this.scratch);
      const start = this.pos - half + 1 - this.base;
      let acc = 0;
      // Taps outside the buffer are before the start or after the end of the signal: silence.
      const j0 = Math.max(0, -start);
      const j1 = Math.min(coef.length, this.bufLen - start);
      for (let j = j0; j < j1; j++) acc += this.buf[start + j]! * coef[j]!;
      out[n++] = acc >= 32767 ? 32767 : acc <= -32768 ? -32768 : Math.round(acc);
      this.phase += this.down;
      if (this.phase >= this.up) {
        this.pos += Math.floor(this.phase / this.up);
        this.phase %= this.up;
      }
    }
    this.produced += n;
    return n === out.length ? out : out.slice(0, n);
  }

  /** Kaiser-windowed sinc taps for an output at fractional offset `frac` past an input sample. */
  private coefficients(frac: number, out: Float32Array): Float32Array {
    const half = this.half;
    const fc = this.cutoff;
    let sum = 0;
    for (let j = 0; j < 2 * half; j++) {
      // Tap j sits at input index pos-half+1+j; distance from the output instant:
      const d = frac + half - 1 - j;
      const x = 2 * fc * d;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const w = kaiser(d / half);
      const h = sinc * w;
      out[j] = h;
      sum += h;
    }
    // Unity gain at DC for every phase (no ripple from phase to phase).
    for (let j = 0; j < out.length; j++) out[j] = out[j]! / sum;
    return out;
  }
}

function kaiser(t: number): number {
  if (t <= -1 || t >= 1) return 0;
  return besselI0(KAISER_BETA * Math.sqrt(1 - t * t)) / besselI0(KAISER_BETA);
}

/** Modified Bessel function of the first kind, order 0 (series; converges fast for our beta). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function checkRate(rate: number, name: string): void {
  if (!Number.isInteger(rate) || rate <= 0 || rate > 1_000_000) {
    throw new RangeError(`resample: ${name} must be a positive integer sample rate in Hz, got ${String(rate)}`);
  }
}
