/**
 * The resampler both audio worklets share, as JavaScript source text.
 *
 * Worklet code runs in its own global scope and is loaded from a URL, so it cannot import our
 * modules; shipping it as a string (turned into a Blob URL at runtime) means library users need
 * no bundler configuration. The algorithm is the one in `src/audio/resample.ts` (polyphase
 * Kaiser-windowed sinc, unity DC gain per phase, cutoff below the lower Nyquist), rewritten for
 * Float32 samples and for the audio thread: no allocation per render quantum.
 *
 * `test/browser/audioWorkletDsp.test.ts` evaluates this exact text in Node to check it.
 */
export const DSP_SOURCE = /* js */ `
const PWT_ZERO_CROSSINGS = 16;
const PWT_ROLLOFF = 0.92;
const PWT_KAISER_BETA = 8.6;
const PWT_MAX_TABLED_PHASES = 1024;

function pwtGcd(a, b) {
  while (b !== 0) { const t = a % b; a = b; b = t; }
  return a;
}

function pwtBesselI0(x) {
  let sum = 1, term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function pwtKaiser(t) {
  if (t <= -1 || t >= 1) return 0;
  return pwtBesselI0(PWT_KAISER_BETA * Math.sqrt(1 - t * t)) / pwtBesselI0(PWT_KAISER_BETA);
}

/**
 * Streaming mono Float32 resampler from fromRate to toRate (integers, Hz). Output lags input
 * by half the filter (16 zero crossings of the lower rate, about 1-2 ms); equal rates copy.
 */
class PwtResampler {
  constructor(fromRate, toRate) {
    this.fromRate = fromRate;
    this.toRate = toRate;
    const g = pwtGcd(fromRate, toRate);
    this.up = toRate / g;
    this.down = fromRate / g;
    this.passthrough = this.up === this.down;
    // Cutoff in cycles per input sample, below the Nyquist frequency of the lower rate.
    this.cutoff = 0.5 * PWT_ROLLOFF * Math.min(1, toRate / fromRate);
    this.half = this.passthrough ? 0 : Math.ceil(PWT_ZERO_CROSSINGS / (2 * this.cutoff));
    this.taps = 2 * this.half;
    this.table = null;
    this.scratch = new Float32Array(Math.max(1, this.taps));
    if (!this.passthrough && this.up <= PWT_MAX_TABLED_PHASES) {
      this.table = new Float32Array(this.up * this.taps);
      for (let p = 0; p < this.up; p++) this.coefficients(p / this.up, this.table.subarray(p * this.taps, (p + 1) * this.taps));
    }
    this.buf = new Float32Array(this.taps + 2048);
    this.reset();
  }

  /** Forgets all history (the next output starts from silence). */
  reset() {
    // buf[0] is absolute input index base; the samples before the signal are silence.
    this.buf.fill(0);
    this.base = -this.half + 1;
    this.bufLen = Math.max(0, this.half - 1);
    this.pos = 0;
    this.phase = 0;
  }

  /** Most outputs one call with n inputs can produce (size the out array with this). */
  maxOutput(n) {
    return Math.ceil((n * this.up) / this.down) + 2;
  }

  /** Resamples input[0..n) into out (at least maxOutput(n) long); returns the count written. */
  process(input, n, out) {
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
    const taps = this.taps, up = this.up, down = this.down, table = this.table;
    let count = 0;
    while (this.pos + half < available) {
      let coef, c0;
      if (table) { coef = table; c0 = this.phase * taps; }
      else { coef = this.coefficients(this.phase / up, this.scratch); c0 = 0; }
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
  coefficients(frac, out) {
    const half = this.half, fc = this.cutoff;
    let sum = 0;
    for (let j = 0; j < 2 * half; j++) {
      const d = frac + half - 1 - j;
      const x = 2 * fc * d;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const h = sinc * pwtKaiser(d / half);
      out[j] = h;
      sum += h;
    }
    for (let j = 0; j < 2 * half; j++) out[j] /= sum;
    return out;
  }
}
`;
