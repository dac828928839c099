/**
 * Signal analysis for the audio tests (Node side): a windowed FFT, the peak frequency, THD+N and
 * RMS levels. Written out here so the figures the tests assert are computed in the open.
 */

/** In-place iterative radix-2 FFT of (re, im); length must be a power of two. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b]! * cr - im[b]! * ci;
        const xi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
}

/** Power spectrum (bins 0..n/2) of the first `n` samples under a 4-term Blackman-Harris window. */
export function powerSpectrum(samples: ArrayLike<number>, n: number): Float64Array {
  if (samples.length < n) throw new Error(`need ${n} samples, have ${samples.length}`);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = (2 * Math.PI * i) / (n - 1);
    const w = 0.35875 - 0.48829 * Math.cos(x) + 0.14128 * Math.cos(2 * x) - 0.01168 * Math.cos(3 * x);
    re[i] = samples[i]! * w;
  }
  fft(re, im);
  const p = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) p[k] = re[k]! * re[k]! + im[k]! * im[k]!;
  return p;
}

/** Result of {@link analyzeTone}. */
export interface ToneAnalysis {
  /** Frequency of the strongest bin, refined by parabolic interpolation (Hz). */
  peakHz: number;
  /** Everything but the fundamental (and DC below 20 Hz), relative to the fundamental (dB). */
  thdnDb: number;
}

/** Peak frequency and THD+N of a (mostly) pure tone. */
export function analyzeTone(samples: ArrayLike<number>, rate: number, n = 8192): ToneAnalysis {
  const p = powerSpectrum(samples, n);
  const binHz = rate / n;
  const lo = Math.ceil(20 / binHz);
  let kp = lo;
  for (let k = lo; k < p.length; k++) if (p[k]! > p[kp]!) kp = k;
  // Blackman-Harris main lobe is ±4 bins wide; take a little more for leakage of a drifting tone.
  const w = 6;
  let fund = 0;
  let rest = 0;
  for (let k = lo; k < p.length; k++) {
    if (Math.abs(k - kp) <= w) fund += p[k]!;
    else rest += p[k]!;
  }
  const a = Math.log(p[kp - 1]! + 1e-30);
  const b = Math.log(p[kp]! + 1e-30);
  const c = Math.log(p[kp + 1]! + 1e-30);
  const delta = (0.5 * (a - c)) / (a - 2 * b + c);
  return { peakHz: (kp + delta) * binHz, thdnDb: 10 * Math.log10(rest / fund) };
}

/** RMS of samples in full-scale units (PCM16 / 32768). */
export function rms(samples: ArrayLike<number>, scale = 32768): number {
  let s = 0;
  for (let i = 0; i < samples.length; i++) s += (samples[i]! / scale) ** 2;
  return Math.sqrt(s / Math.max(1, samples.length));
}

/** Concatenates PCM16 chunks. */
export function concatPcm16(chunks: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
