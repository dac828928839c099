/**
 * The player worklet as a jitter buffer, in Node, on the exact source text shipped to the
 * browser: a simulated context clock renders quanta while frames arrive on a schedule (real
 * time, late, in bursts, ahead of real time). Functional checks only — what is shed, what is
 * kept, what counts as an underrun, and what shedding does to the audio — no timing.
 */
import { describe, expect, it } from "vitest";
import { WORKLET_MODULE_SOURCE } from "../../../src/audio/browser/worklet/loadWorklets.js";
import { analyzeTone } from "./pages/audioAnalysis.js";
import { loadProcessors, type Processor } from "./pages/workletScope.js";

const CTX = 48000;
const RATE = 24000;
/** 20 ms frames at 24 kHz: 960 context frames each. */
const FRAME = 480;
const CTX_PER_FRAME = (FRAME * CTX) / RATE;

interface Status {
  bufferedFrames: number;
  leadFrames: number;
  targetFrames: number;
  underruns: number;
  shedFrames: number;
  droppedFrames: number;
}

/** A player at 48 kHz and a clock: `at(frame, pcm)` delivers before the quantum containing `frame`. */
function session(capacitySeconds = 30) {
  const Player = loadProcessors(WORKLET_MODULE_SOURCE, CTX)["pwt-player"]!;
  const p: Processor = new Player({ processorOptions: { capacityFrames: CTX * capacitySeconds, fadeFrames: 96, levelFrames: 4800 } });
  const arrivals: { frame: number; pcm: Int16Array }[] = [];
  const out: number[] = [];
  let frame = 0;
  const send = (pcm: Int16Array) =>
    p.port.onmessage!({ data: { type: "audio", pcm: pcm.buffer, byteOffset: 0, samples: pcm.length, sampleRate: RATE, channels: 1 } });
  return {
    p,
    out,
    at(when: number, pcm: Int16Array) {
      arrivals.push({ frame: when, pcm });
    },
    /** Renders until `until` (context frames), delivering what is due before each quantum. */
    run(until: number) {
      arrivals.sort((a, b) => a.frame - b.frame);
      while (frame < until) {
        while (arrivals.length && arrivals[0]!.frame < frame + 128) send(arrivals.shift()!.pcm);
        const o = new Float32Array(128);
        p.process([], [[o]]);
        for (let i = 0; i < 128; i++) out.push(o[i]!);
        frame += 128;
      }
    },
    status: () => p.port.posted.filter((m) => (m as { type: string }).type === "status").at(-1) as Status,
  };
}

/** `frames` 20 ms frames of a signal `f(sampleIndex)` (full scale ±1), from sample `start`. */
function frames(count: number, f: (n: number) => number, start = 0): Int16Array[] {
  return Array.from({ length: count }, (_, k) => Int16Array.from({ length: FRAME }, (_, i) => Math.round(32767 * f(start + k * FRAME + i))));
}
const tone = (hz: number, amp = 0.5) => (n: number) => amp * Math.sin((2 * Math.PI * hz * n) / RATE);
/** Silence with a 10 ms 1 kHz click every 500 ms, like the bench's fake mic. */
const clicks = (n: number) => (n % (RATE / 2) < RATE / 100 ? 0.5 * Math.sin((2 * Math.PI * 1000 * n) / RATE) : 0);

/** Largest step between neighbouring output samples (a click shows as a step). */
function maxStep(x: ArrayLike<number>, from = 0, to = x.length): number {
  let m = 0;
  for (let i = from + 1; i < to; i++) m = Math.max(m, Math.abs(x[i]! - x[i - 1]!));
  return m;
}
/** The largest step of a sine of amplitude `amp` at `hz` sampled at the context rate. */
const sineStep = (hz: number, amp = 0.5) => amp * 2 * Math.PI * (hz / CTX);

/** Onsets (frame indices) where the output rises above `threshold` after 20 ms below it. */
function onsets(x: ArrayLike<number>, threshold = 0.1): number[] {
  const r: number[] = [];
  let quiet = Infinity;
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]!) >= threshold) {
      if (quiet >= CTX / 50) r.push(i);
      quiet = 0;
    } else quiet++;
  }
  return r;
}

describe("player jitter buffer (source text)", () => {
  it("plays a real-time stream as it comes: no underrun, nothing shed, a steady lead", () => {
    const s = session();
    frames(250, tone(440)).forEach((f, k) => s.at(k * CTX_PER_FRAME - 128, f)); // 5 s, each frame in time
    s.run(5 * CTX);
    const st = s.status();
    expect(st.underruns).toBe(0);
    expect(st.shedFrames).toBe(0);
    expect(st.leadFrames).toBeLessThan(CTX_PER_FRAME + 256);
    expect(maxStep(s.out, 200, 5 * CTX - 2000)).toBeLessThan(sineStep(440) * 1.02);
  });

  it("builds its target lead by playing 2 % slower, so a later delay does not underrun", () => {
    const s = session();
    // Frames due just as they play (a stream with no lead), then from 2 s on 5 ms later: without
    // the lead it built in the meantime, that step would run it dry.
    frames(250, tone(440)).forEach((f, k) => s.at(k * CTX_PER_FRAME - 64 + (k >= 100 ? 0.005 * CTX : 0), f));
    s.run(1.9 * CTX);
    const built = s.status();
    s.run(4.9 * CTX);
    const st = s.status();
    expect(built.leadFrames).toBeGreaterThan(built.targetFrames - 64);
    expect(st.underruns).toBe(0);
    expect(st.shedFrames).toBe(0);
    // Slower by 2 %: a smaller step than the tone's own, never a click.
    expect(maxStep(s.out, 200, 4.9 * CTX - 2000)).toBeLessThan(sineStep(440) * 1.02);
  });

  it("builds its target lead in the stream's own silence when it has some: the clicks are untouched", () => {
    const s = session();
    frames(250, clicks).forEach((f, k) => s.at(k * CTX_PER_FRAME - 64 + (k >= 100 ? 0.005 * CTX : 0), f));
    s.run(1.9 * CTX);
    const built = s.status();
    s.run(4.9 * CTX);
    expect(built.leadFrames).toBeGreaterThan(built.targetFrames - 64);
    expect(s.status().underruns).toBe(0);
    // Each click (but the first, which starts the stream with a fade-in) whole, at its own pitch.
    const on = onsets(s.out);
    expect(on).toHaveLength(10);
    for (const o of on.slice(1)) {
      let n = 0;
      for (let i = o; i < o + 0.015 * CTX; i++) if (Math.abs(s.out[i]!) > 0.05) n++;
      expect(Math.abs(n / (0.01 * CTX) - 0.956)).toBeLessThan(0.01);
    }
  });

  it("never sheds speech a server sends ahead of real time: a 2x stream and a 20x burst play in full", () => {
    for (const pace of [2, 20]) {
      const s = session();
      frames(150, tone(440)).forEach((f, k) => s.at((k * CTX_PER_FRAME) / pace, f)); // 3 s of audio
      s.run(5 * CTX);
      const st = s.status();
      const loud = s.out.filter((x) => Math.abs(x) > 0.05).length;
      expect(st.shedFrames).toBe(0);
      expect(st.underruns).toBe(0);
      // All 3 s played (a 0.5 sine is above 0.05 for 94 % of its samples).
      expect(loud / (3 * CTX)).toBeGreaterThan(0.93);
      expect(loud / (3 * CTX)).toBeLessThan(0.95);
    }
  });

  it("keeps the lead a server gives by sending one chunk ahead (Pipecat): nothing shed, a one-chunk cushion", () => {
    const s = session();
    // 40 ms chunks, real time, chunk k sent when chunk k-1 starts to play.
    const twenty = frames(300, tone(440));
    for (let k = 0; k < 150; k++) {
      const chunk = new Int16Array(2 * FRAME);
      chunk.set(twenty[2 * k]!, 0);
      chunk.set(twenty[2 * k + 1]!, FRAME);
      s.at(Math.max(0, k - 1) * 2 * CTX_PER_FRAME, chunk);
    }
    s.run(5 * CTX);
    const st = s.status();
    expect(st.underruns).toBe(0);
    expect(st.shedFrames).toBe(0);
    expect(st.leadFrames).toBeGreaterThan(0.035 * CTX);
  });

  it("sheds the delay of a start that stalled (the first 100 ms of frames came late together), keeping one frame", () => {
    const s = session();
    frames(500, clicks).forEach((f, k) => s.at(Math.max(k * CTX_PER_FRAME, 0.1 * CTX) - 128, f)); // 10 s
    s.run(9.9 * CTX);
    const st = s.status();
    expect(st.underruns).toBe(0);
    expect(st.shedFrames / CTX).toBeGreaterThan(0.07);
    expect(st.leadFrames).toBeLessThan(st.targetFrames + CTX_PER_FRAME + 128);
  });

  it("sheds the lead that clock drift builds up (a server 0.5 % fast)", () => {
    const s = session();
    frames(750, tone(440)).forEach((f, k) => s.at(k * CTX_PER_FRAME * 0.995 - 128, f)); // 15 s of audio in 14.9 s
    s.run(14.5 * CTX);
    const st = s.status();
    expect(st.underruns).toBe(0);
    expect(st.shedFrames / CTX).toBeGreaterThan(0.04); // of the 75 ms it gained
    expect(st.leadFrames).toBeLessThan(st.targetFrames + 0.02 * CTX);
  });

  it("counts an underrun when a stream runs dry mid-way, fades out and back in, and restarts with a lead", () => {
    const s = session();
    const all = frames(100, tone(440));
    // Frame 40 comes 60 ms late, and the frames due meanwhile with it: the buffer runs dry.
    all.forEach((f, k) => s.at(Math.max(k * CTX_PER_FRAME, k >= 40 ? 40 * CTX_PER_FRAME + 0.06 * CTX : 0) - 128, f));
    s.run(1.9 * CTX);
    const st = s.status();
    expect(st.underruns).toBe(1);
    expect(maxStep(s.out, 200)).toBeLessThan(sineStep(440) * 1.02); // faded, no click
    // After the restart it keeps at least the lateness it saw as its lead.
    expect(st.targetFrames).toBeGreaterThan(0.05 * CTX);
    expect(st.leadFrames).toBeGreaterThan(0.05 * CTX);
  });

  it("does not count the end of an utterance as an underrun", () => {
    const s = session();
    frames(25, tone(440)).forEach((f, k) => s.at(k * CTX_PER_FRAME - 128, f));
    frames(25, tone(440)).forEach((f, k) => s.at(CTX + k * CTX_PER_FRAME - 128, f)); // a second one after 500 ms of silence
    s.run(2 * CTX);
    expect(s.status().underruns).toBe(0);
  });

  it("sheds a backlog on a real-time stream by skipping silence, once the jitter it saw is old: every click is kept", () => {
    const s = session();
    const all = frames(1000, clicks); // 20 s
    // A 100 ms stall at 2 s: five frames held, then delivered at once.
    all.forEach((f, k) => s.at(Math.max(k * CTX_PER_FRAME, k >= 100 && k < 105 ? 105 * CTX_PER_FRAME : 0) - 128, f));
    s.run(9 * CTX);
    const early = s.status();
    s.run(20 * CTX - 256);
    const st = s.status();
    expect(st.underruns).toBe(1);
    // The lead it had to add stays while the stall is recent (the jitter window is 8 s), then goes.
    expect(early.shedFrames / CTX).toBeLessThan(0.01);
    expect(st.shedFrames / CTX).toBeGreaterThan(0.09);
    expect(st.leadFrames).toBeLessThan(st.targetFrames + 128);
    // No click was cut: 40 onsets, each a whole 10 ms click.
    const on = onsets(s.out);
    expect(on).toHaveLength(40);
    // (The first fades in: it starts the stream.)
    for (const o of on.slice(1, -1)) {
      let n = 0;
      for (let i = o; i < o + 0.015 * CTX; i++) if (Math.abs(s.out[i]!) > 0.05) n++;
      expect(n / (0.01 * CTX)).toBeGreaterThan(0.93);
    }
    // Round trips before the stall and at the end are the same (the delay does not stay).
    const late = (i: number) => on[i]! - i * (CTX / 2);
    expect(Math.abs(late(39) - late(3))).toBeLessThan(0.005 * CTX);
  });

  it("sheds a backlog in sound by playing 2 % faster: the tone shifts 2 %, no click, THD+N below -60 dB", () => {
    const s = session();
    const all = frames(1000, tone(440));
    all.forEach((f, k) => s.at(Math.max(k * CTX_PER_FRAME, k >= 100 && k < 110 ? 110 * CTX_PER_FRAME : 0) - 128, f));
    s.run(19.9 * CTX);
    const st = s.status();
    expect(st.shedFrames / CTX).toBeGreaterThan(0.1); // from 10 s on, when the stall is 8 s old
    // While shedding (in the 1.5 s after 10 s, an episode), the tone plays 2 % faster and stays clean.
    let from = 10 * CTX;
    while (from < 12 * CTX && Math.abs(analyzeTone(s.out.slice(from, from + 16384), CTX, 16384).peakHz - 440 * 1.02) > 0.5) from += 4096;
    const a = analyzeTone(s.out.slice(from, from + 16384), CTX, 16384);
    expect(Math.abs(a.peakHz - 440 * 1.02)).toBeLessThan(0.5);
    expect(a.thdnDb).toBeLessThan(-60);
    expect(maxStep(s.out, 200)).toBeLessThan(sineStep(440 * 1.02) * 1.02);
  });
});
