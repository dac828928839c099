/**
 * Signal analysis for the audio tests (Node side): a windowed FFT, the peak frequency, THD+N and
 * RMS levels. Written out here so the figures the tests assert are computed in the open.
 */
import { fft } from "../../../support/fft.js";

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
