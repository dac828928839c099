/**
 * Checks the worklet processors' DSP in Node by evaluating the exact source text shipped to the
 * browser inside a minimal AudioWorkletGlobalScope stand-in (a port that records messages).
 * The same code is exercised end to end in headless Chromium by the other audio*.test.ts files;
 * here the signal is fully under control, so the assertions can be sample-exact.
 */
import { describe, expect, it } from "vitest";
import { Pcm16Resampler } from "../../../src/pcm/resample.js";
import { DSP_SOURCE } from "../../../src/audio/browser/worklet/generated/workletSource.js";
import { WORKLET_MODULE_SOURCE } from "../../../src/audio/browser/worklet/loadWorklets.js";
import { analyzeTone, rms } from "./pages/audioAnalysis.js";
import { loadProcessors as loadWorkletProcessors, type Processor, type ProcessorCtor } from "./pages/workletScope.js";

interface Resampler {
  maxOutput(n: number): number;
  process(input: Float32Array, n: number, out: Float32Array): number;
  reset(): void;
}
type ResamplerCtor = new (from: number, to: number) => Resampler;
const PwtResampler = new Function(`${DSP_SOURCE}; return PwtResampler;`)() as ResamplerCtor;

/** Evaluates the worklet module at `rate` and returns its registered processors. */
function loadProcessors(rate: number): Record<string, ProcessorCtor> {
  return loadWorkletProcessors(WORKLET_MODULE_SOURCE, rate);
}

function sine(freq: number, rate: number, n: number, amp = 0.5): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return x;
}

/** Feeds `input` in render quanta of 128 and collects the output. */
function resampleStreaming(from: number, to: number, input: Float32Array, block = 128): Float32Array {
  const r = new PwtResampler(from, to);
  const out = new Float32Array(r.maxOutput(input.length) + 16);
  const tmp = new Float32Array(r.maxOutput(block));
  let n = 0;
  for (let i = 0; i < input.length; i += block) {
    const chunk = input.subarray(i, Math.min(input.length, i + block));
    const m = r.process(chunk, chunk.length, tmp);
    out.set(tmp.subarray(0, m), n);
    n += m;
  }
  return out.subarray(0, n);
}

describe("worklet resampler (source text)", () => {
  it("keeps a 1 kHz tone clean from 44.1 kHz to 8 kHz: peak ±1 Hz, THD+N below -80 dB", () => {
    const out = resampleStreaming(44100, 8000, sine(1000, 44100, 44100 * 2));
    expect(out.length).toBeGreaterThan(15900);
    const a = analyzeTone(out.subarray(2000), 8000, 8192);
    expect(Math.abs(a.peakHz - 1000)).toBeLessThan(1);
    expect(a.thdnDb).toBeLessThan(-80);
    expect(rms(out.subarray(2000), 1)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it("removes a 6 kHz tone before decimating to 8 kHz (no alias at 2 kHz): more than 60 dB down", () => {
    for (const from of [44100, 48000]) {
      const out = resampleStreaming(from, 8000, sine(6000, from, from));
      const level = rms(out.subarray(1000), 1) / (0.5 / Math.SQRT2);
      expect(20 * Math.log10(level)).toBeLessThan(-60);
    }
  });

  it("matches the one-shot PCM16 resampler of src/pcm/resample.ts sample for sample (±1 LSB)", () => {
    const input = sine(440, 48000, 4800, 0.8);
    const pcm = Int16Array.from(input, (s) => Math.round(s * 32767));
    const ref = new Pcm16Resampler(48000, 16000).process(pcm);
    const ours = resampleStreaming(48000, 16000, Float32Array.from(pcm));
    expect(ours.length).toBe(ref.length);
    let maxDiff = 0;
    for (let i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(Math.round(ours[i]!) - ref[i]!));
    expect(maxDiff).toBeLessThanOrEqual(1);
  });

  it("gives the same output whatever the block size, and copies when the rates are equal", () => {
    const input = sine(300, 24000, 5000);
    const a = resampleStreaming(24000, 44100, input, 128);
    const b = resampleStreaming(24000, 44100, input, 999);
    expect(b.length).toBe(a.length);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-6);
    expect(Array.from(resampleStreaming(16000, 16000, input))).toEqual(Array.from(input));
  });
});

describe("recorder processor (source text)", () => {
  it("posts 20 ms PCM16 chunks at the target rate and a level every interval", () => {
    const Recorder = loadProcessors(48000)["pwt-recorder"]!;
    const p = new Recorder({ processorOptions: { targetRate: 16000, chunkSamples: 320, enabled: true, levelFrames: 4800 } });
    const tone = sine(1000, 48000, 48000);
    for (let i = 0; i < tone.length; i += 128) p.process([[tone.subarray(i, i + 128)]], [[]]);
    const chunks = p.port.posted.filter((m) => (m as { type: string }).type === "chunk") as { pcm: ArrayBuffer }[];
    const levels = p.port.posted.filter((m) => (m as { type: string }).type === "level") as { level: number }[];
    // 1 s of input minus the filter delay (53 input samples): 49 whole chunks + part of the 50th.
    expect(chunks.length).toBe(49);
    for (const c of chunks) expect(c.pcm.byteLength).toBe(640);
    expect(levels.length).toBe(10);
    expect(levels[5]!.level).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it("sends no chunk while no source is connected (an input without channels), but keeps reporting levels", () => {
    const Recorder = loadProcessors(48000)["pwt-recorder"]!;
    const p = new Recorder({ processorOptions: { targetRate: 16000, chunkSamples: 320, enabled: true, levelFrames: 4800 } });
    for (let i = 0; i < 375; i++) p.process([[]], [[]]);
    const types = p.port.posted.map((m) => (m as { type: string; level?: number }).type);
    expect(types.filter((t) => t === "chunk")).toHaveLength(0);
    expect(p.port.posted).toContainEqual({ type: "level", level: 0 });
  });

  it("stops producing chunks while disabled, and resumes", () => {
    const Recorder = loadProcessors(44100)["pwt-recorder"]!;
    const p = new Recorder({ processorOptions: { targetRate: 8000, chunkSamples: 160, enabled: true, levelFrames: 1 << 30 } });
    const q = sine(500, 44100, 128);
    const run = (n: number) => {
      for (let i = 0; i < n; i++) p.process([[q]], [[]]);
    };
    run(100);
    const before = p.port.posted.length;
    p.port.onmessage!({ data: { type: "enable", enabled: false } });
    run(100);
    expect(p.port.posted.length).toBe(before);
    p.port.onmessage!({ data: { type: "enable", enabled: true } });
    run(100);
    expect(p.port.posted.length).toBeGreaterThan(before);
  });
});

describe("player processor (source text)", () => {
  const opts = { capacityFrames: 48000, fadeFrames: 96, levelFrames: 4800 };
  const toPcm = (x: Float32Array) => Int16Array.from(x, (s) => Math.round(s * 32767));
  const send = (p: Processor, pcm: Int16Array, rate: number, channels = 1) =>
    p.port.onmessage!({ data: { type: "audio", pcm: pcm.buffer, byteOffset: pcm.byteOffset, samples: pcm.length, sampleRate: rate, channels } });
  const render = (p: Processor, quanta: number): Float32Array => {
    const all = new Float32Array(quanta * 128);
    for (let q = 0; q < quanta; q++) {
      const out = new Float32Array(128);
      p.process([], [[out]]);
      all.set(out, q * 128);
    }
    return all;
  };

  it("plays 24 kHz audio resampled to the context rate, with a fade-in and no click at the end", () => {
    const Player = loadProcessors(48000)["pwt-player"]!;
    const p = new Player({ processorOptions: opts });
    send(p, toPcm(sine(1000, 24000, 2400)), 24000); // 100 ms
    const out = render(p, 50); // 133 ms
    expect(Math.abs(out[0]!)).toBeLessThan(0.01);
    const a = analyzeTone(out.subarray(200), 48000, 4096);
    expect(Math.abs(a.peakHz - 1000)).toBeLessThan(5);
    // The tail fades: the largest step between neighbouring samples stays that of a 1 kHz sine.
    let maxStep = 0;
    for (let i = 1; i < out.length; i++) maxStep = Math.max(maxStep, Math.abs(out[i]! - out[i - 1]!));
    expect(maxStep).toBeLessThan(0.5 * 2 * Math.PI * (1000 / 48000) * 1.05);
    expect(out.subarray(4900 + 100).every((s) => s === 0)).toBe(true);
  });

  it("plays samples at an odd byte offset of a received message exactly like aligned ones", () => {
    const Player = loadProcessors(48000)["pwt-player"]!;
    const pcm = toPcm(sine(700, 24000, 2400));
    const aligned = new Player({ processorOptions: opts });
    send(aligned, pcm, 24000);
    // The same samples 13 bytes into a bigger buffer, as a protobuf frame delivers them.
    const message = new Uint8Array(pcm.byteLength + 20);
    message.set(new Uint8Array(pcm.buffer), 13);
    const odd = new Player({ processorOptions: opts });
    odd.port.onmessage!({ data: { type: "audio", pcm: message.buffer, byteOffset: 13, samples: pcm.length, sampleRate: 24000, channels: 1 } });
    const a = render(aligned, 40);
    expect(rms(a, 1)).toBeGreaterThan(0.2);
    expect(Array.from(render(odd, 40))).toEqual(Array.from(a));
  });

  it("is silent from the quantum after a clear, and plays new audio after it", () => {
    const Player = loadProcessors(48000)["pwt-player"]!;
    const p = new Player({ processorOptions: opts });
    send(p, toPcm(sine(1000, 48000, 48000 / 2)), 48000);
    render(p, 10);
    p.port.onmessage!({ data: { type: "clear", epoch: 1 } });
    const first = render(p, 1);
    expect(Math.max(...first.map(Math.abs))).toBeGreaterThan(0); // the fade
    expect(render(p, 20).every((s) => s === 0)).toBe(true);
    send(p, toPcm(sine(1000, 48000, 4800)), 48000);
    expect(rms(render(p, 20), 1)).toBeGreaterThan(0.2);
  });

  it("downmixes stereo, bounds the buffer and reports status", () => {
    const Player = loadProcessors(48000)["pwt-player"]!;
    const p = new Player({ processorOptions: { ...opts, capacityFrames: 4800, levelFrames: 1280 } });
    const stereo = new Int16Array(2 * 9600);
    for (let i = 0; i < 9600; i++) {
      stereo[2 * i] = 8000;
      stereo[2 * i + 1] = -8000;
    }
    send(p, stereo, 48000, 2);
    render(p, 20);
    const status = p.port.posted.at(-1) as { bufferedFrames: number; droppedFrames: number; receivedMs: number; level: number };
    expect(status.droppedFrames).toBe(9600 - 4800);
    expect(status.receivedMs).toBeCloseTo(200, 6);
    expect(status.bufferedFrames).toBe(4800 - 20 * 128);
    expect(status.level).toBe(0); // left and right cancel
  });
});
