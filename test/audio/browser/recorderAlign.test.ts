/**
 * The recorder worklet ends its chunks with the audio callback's bursts (on the exact source text
 * shipped to the browser): a simulated audio thread renders 441-frame callbacks at 44.1 kHz —
 * three or four render quanta back to back, then a 10 ms pause on the wall clock, as Chromium
 * does on Linux and Windows — and the chunks must end in each burst's last quantum, with the
 * audio unchanged. With one-quantum callbacks nothing changes.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { WORKLET_MODULE_SOURCE } from "../../../src/audio/browser/worklet/loadWorklets.js";
import { concatPcm16 } from "./pages/audioAnalysis.js";
import { loadProcessors } from "./pages/workletScope.js";

const CTX = 44100;

/**
 * Renders `seconds` of a 500 Hz tone through a 16 kHz recorder with 10 ms chunks, callbacks of
 * `callbackFrames` (the first ending `phase` frames later), and the wall clock stubbed. Returns
 * each chunk with the number of quanta its burst rendered after the chunk's (0: the last one).
 */
function record(callbackFrames: number, seconds: number, phase = 0): { chunks: Int16Array[]; quantaAfter: number[] } {
  let wall = 1_000_000;
  vi.spyOn(Date, "now").mockImplementation(() => wall);
  const Recorder = loadProcessors(WORKLET_MODULE_SOURCE, CTX)["pwt-recorder"]!;
  const p = new Recorder({ processorOptions: { targetRate: 16000, chunkSamples: 160, enabled: true, levelFrames: 1 << 30 } });
  const chunks: Int16Array[] = [];
  const quantaAfter: number[] = [];
  let inBurst: number[] = []; // indices of the chunks completed in the current burst
  let quantum = 0;
  let rendered = 0;
  let callbackEnd = callbackFrames + phase;
  const q = new Float32Array(128);
  while (rendered < seconds * CTX) {
    for (let i = 0; i < 128; i++) q[i] = 0.5 * Math.sin((2 * Math.PI * 500 * (rendered + i)) / CTX);
    const before = p.port.posted.length;
    p.process([[q]], [[]]);
    rendered += 128;
    quantum++;
    for (const c of p.port.posted.slice(before) as { type: string; pcm: ArrayBuffer }[]) {
      if (c.type !== "chunk") continue;
      chunks.push(new Int16Array(c.pcm));
      quantaAfter.push(quantum);
      inBurst.push(chunks.length - 1);
    }
    // A callback renders quanta until it has its frames; then the thread waits for the next one.
    if (rendered >= callbackEnd) {
      for (const i of inBurst) quantaAfter[i] = quantum - quantaAfter[i]!;
      inBurst = [];
      while (callbackEnd <= rendered) callbackEnd += callbackFrames;
      wall += (callbackFrames / CTX) * 1000;
    }
  }
  return { chunks, quantaAfter: quantaAfter.slice(0, chunks.length - inBurst.length) };
}

describe("recorder chunks end with the audio callback's bursts (source text)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([0, 150, 300])("with 10 ms callbacks (phase %i): one or two chunks resized, then each ends in its burst's last quanta; the audio is the same", (phase) => {
    const aligned = record(441, 2, phase);
    const plain = record(128, 2); // every quantum its own callback: nothing to align
    const resized = aligned.chunks.map((c) => c.length).filter((n) => n !== 160);
    expect(resized.length).toBeLessThanOrEqual(2);
    for (const n of resized) expect(Math.abs(n - 160)).toBeLessThan(80);
    // From 0.6 s on (learning takes 32 callbacks): at most one quantum of the burst after a
    // chunk's end (the bursts' own length varies by one), mostly none.
    const after = aligned.quantaAfter.slice(60);
    expect(Math.max(...after)).toBeLessThanOrEqual(1);
    expect(after.filter((n) => n === 0).length / after.length).toBeGreaterThan(0.6);
    // The same samples, only cut at other places.
    const a = concatPcm16(aligned.chunks);
    const b = concatPcm16(plain.chunks);
    const n = Math.min(a.length, b.length);
    expect(n).toBeGreaterThan(31000);
    expect(a.subarray(0, n)).toEqual(b.subarray(0, n));
  });

  it("before aligning (phase 300), chunks end early in their bursts", () => {
    expect(Math.max(...record(441, 0.3, 300).quantaAfter)).toBeGreaterThanOrEqual(2);
  });

  it("with one-quantum callbacks, and with callbacks that do not divide the chunk, keeps every chunk 10 ms", () => {
    expect(record(128, 1).chunks.every((c) => c.length === 160)).toBe(true);
    // 11.6 ms callbacks: no whole number of them makes a chunk, so there is nothing to align with.
    expect(record(512, 2).chunks.every((c) => c.length === 160)).toBe(true);
  });
});
