/**
 * The resampler keeps tones in the pass band at their frequency and level, removes tones that
 * would alias, and gives the same result streamed in chunks as in one call.
 */
import { describe, expect, it } from "vitest";
import { Pcm16Resampler, resamplePcm16 } from "../../src/pcm/resample.js";
import { analyzeTone } from "../audio/browser/pages/audioAnalysis.js";

function tone(freq: number, rate: number, seconds: number, amp = 10000): Int16Array {
  const out = new Int16Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amp * Math.sin((2 * Math.PI * freq * i) / rate));
  return out;
}

/** Amplitude of `freq` in `x` (single-bin DFT over the middle, away from edge transients). */
function amplitudeAt(x: Int16Array, rate: number, freq: number): number {
  const from = Math.floor(x.length * 0.2);
  const to = Math.floor(x.length * 0.8);
  let re = 0;
  let im = 0;
  for (let i = from; i < to; i++) {
    const a = (2 * Math.PI * freq * i) / rate;
    re += x[i]! * Math.cos(a);
    im += x[i]! * Math.sin(a);
  }
  return (2 * Math.hypot(re, im)) / (to - from);
}

/** Frequency with the most energy, searched in 10 Hz steps. */
function peakFrequency(x: Int16Array, rate: number, lo: number, hi: number): number {
  let best = lo;
  let bestAmp = -1;
  for (let f = lo; f <= hi; f += 10) {
    const a = amplitudeAt(x, rate, f);
    if (a > bestAmp) [best, bestAmp] = [f, a];
  }
  return best;
}

describe("resamplePcm16", () => {
  it.each([
    [48000, 16000, 1000],
    [16000, 24000, 440],
    [44100, 16000, 3000],
    [8000, 24000, 1200],
    [24000, 16000, 5000],
  ])("%i Hz -> %i Hz keeps a %i Hz tone at its frequency and level", (from, to, freq) => {
    const out = resamplePcm16(tone(freq, from, 0.5), from, to);
    expect(out.length).toBe(Math.ceil((Math.round(from * 0.5) * to) / from));
    expect(peakFrequency(out, to, freq - 300, freq + 300)).toBe(freq);
    expect(amplitudeAt(out, to, freq)).toBeGreaterThan(10000 * 0.97);
    expect(amplitudeAt(out, to, freq)).toBeLessThan(10000 * 1.03);
  });

  it("attenuates a tone above the new Nyquist frequency instead of folding it", () => {
    // 12 kHz at 48 kHz would alias to 4 kHz at 16 kHz without a low-pass filter.
    const out = resamplePcm16(tone(12000, 48000, 0.5), 48000, 16000);
    const alias = amplitudeAt(out, 16000, 4000);
    expect(20 * Math.log10(alias / 10000)).toBeLessThan(-60);
    // Near the edge of the stop band: 9 kHz -> would alias to 7 kHz.
    const near = resamplePcm16(tone(9000, 48000, 0.5), 48000, 16000);
    expect(20 * Math.log10(amplitudeAt(near, 16000, 7000) / 10000)).toBeLessThan(-40);
  });

  it("streams in arbitrary chunks with the same output as one call", () => {
    const input = tone(700, 44100, 0.3);
    for (let i = 0; i < input.length; i += 97) input[i] = (input[i]! + 5000) | 0; // something non-trivial
    const whole = resamplePcm16(input, 44100, 16000);
    const r = new Pcm16Resampler(44100, 16000);
    const parts: Int16Array[] = [];
    let seed = 7;
    for (let i = 0; i < input.length; ) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const n = 1 + (seed % 900);
      parts.push(r.process(input.subarray(i, i + n)));
      i += n;
    }
    parts.push(r.flush());
    const joined = new Int16Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      joined.set(p, o);
      o += p.length;
    }
    expect(joined).toEqual(whole);
  });

  it("copies when rates are equal and rejects bad rates with the name of the argument", () => {
    const x = tone(100, 16000, 0.01);
    const y = resamplePcm16(x, 16000, 16000);
    expect(y).toEqual(x);
    expect(y).not.toBe(x);
    expect(() => resamplePcm16(x, 0, 16000)).toThrow(/fromRate/);
    expect(() => resamplePcm16(x, 16000, 44.1)).toThrow(/toRate/);
    expect(resamplePcm16(new Int16Array(0), 16000, 24000).length).toBe(0);
  });
});

describe("rate pairs with more than 1024 phases (interpolated coefficient rows)", () => {
  // gcd 1: 47999 or 44100 output phases. These once computed a Kaiser window per output sample
  // (seconds of work for one frame); now two dot products per output, with the same quality.
  it.each([
    [44100, 47999, 1000],
    [8000, 47999, 440],
    [47999, 16000, 3000],
    [8001, 48000, 2500],
  ])("%i Hz -> %i Hz keeps a %i Hz tone at its frequency and level, THD+N below -80 dB", (from, to, freq) => {
    const out = resamplePcm16(tone(freq, from, 1), from, to);
    expect(out.length).toBe(to);
    const a = analyzeTone(out.subarray(Math.floor(out.length / 2) - 4096), to, 8192);
    expect(Math.abs(a.peakHz - freq)).toBeLessThan(1);
    expect(a.thdnDb).toBeLessThan(-80);
    expect(amplitudeAt(out, to, freq)).toBeGreaterThan(10000 * 0.97);
    expect(amplitudeAt(out, to, freq)).toBeLessThan(10000 * 1.03);
  });

  it("still removes a tone that would alias (6 kHz from 47999 Hz into 8000 Hz: more than 60 dB down)", () => {
    const out = resamplePcm16(tone(6000, 47999, 0.5), 47999, 8000);
    expect(20 * Math.log10(amplitudeAt(out, 8000, 2000) / 10000)).toBeLessThan(-60);
    // Away from the edges (the tone starts and stops abruptly, which is in band).
    expect(20 * Math.log10(rmsOf(out.subarray(400, out.length - 400)) / (10000 / Math.SQRT2))).toBeLessThan(-60);
  });

  it("streams in chunks with the same output as one call", () => {
    const input = tone(700, 44100, 0.2);
    const whole = resamplePcm16(input, 44100, 47999);
    const r = new Pcm16Resampler(44100, 47999);
    const parts = [r.process(input.subarray(0, 1000)), r.process(input.subarray(1000, 1001)), r.process(input.subarray(1001)), r.flush()];
    expect(Int16Array.from(parts.flatMap((p) => Array.from(p)))).toEqual(whole);
  });
});

function rmsOf(x: Int16Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, x.length));
}
