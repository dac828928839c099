/**
 * The Node WAV source and sink the CLI is built on: the source streams any WAV as 20 ms chunks
 * at the recorder rate in real time; the sink records what a listener would hear, so an
 * interruption cuts exactly the audio that had not played yet.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OptionError } from "../../src/common/errors.js";
import { existsSync, statSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { resamplePcm16 } from "../../src/pcm/resample.js";
import { encodeWav, parseWav, WavError } from "../../src/pcm/wav.js";
import { DEFAULT_SINK_MAX_BUFFER_MS, WavFileSink } from "../../src/node/WavFileSink.js";
import { WavFileSource } from "../../src/node/WavFileSource.js";
import type { AudioFrame } from "../../src/serializers/WebSocketSerializer.js";
import { peakCorrelation, syntheticSpeech } from "../server/support.js";

const dir = mkdtempSync(join(tmpdir(), "wav-io-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function frame(samples: Int16Array, sampleRate = 24000, numChannels = 1): AudioFrame {
  return { type: "audio", audio: samples, sampleRate, numChannels };
}

function ramp(n: number, start = 1): Int16Array {
  const a = new Int16Array(n);
  for (let i = 0; i < n; i++) a[i] = ((start + i) % 30000) + 1; // never 0, so silence is visible
  return a;
}

describe("WavFileSource", () => {
  it("streams a 44.1 kHz stereo WAV as 20 ms chunks at 16 kHz, in real time scaled by speed", async () => {
    const left = syntheticSpeech(44100, 0.6, 2);
    const stereo = new Int16Array(left.length * 2);
    for (let i = 0; i < left.length; i++) stereo[2 * i] = stereo[2 * i + 1] = left[i]!;
    const path = join(dir, "in.wav");
    writeFileSync(path, encodeWav(stereo, 44100, 2));
    const progress: number[] = [];
    const source = new WavFileSource({ path, speed: 3, trailingSilenceMs: 100, onProgress: (ms) => progress.push(ms) });
    expect(await source.load()).toEqual({ durationMs: expect.closeTo(700, 0), sampleRate: 44100, channels: 2 });
    const chunks: { at: number; pcm: Int16Array }[] = [];
    const t0 = performance.now();
    await source.start((c) => chunks.push({ at: performance.now() - t0, pcm: new Int16Array(c) }), 16000);
    expect(await source.finished).toBe(true);
    expect(chunks.length).toBe(35); // 700 ms / 20 ms
    for (const c of chunks) expect(c.pcm.length).toBe(320);
    // 35 chunks at 3x real time: about 680/3 ms from the first to the last (loose: shared CPUs).
    expect(chunks.at(-1)!.at).toBeGreaterThan(180);
    expect(chunks.at(-1)!.at).toBeLessThan(1500);
    const joined = new Int16Array(chunks.length * 320);
    chunks.forEach((c, k) => joined.set(c.pcm, k * 320));
    const expected = resamplePcm16(left, 44100, 16000);
    expect(joined.subarray(0, expected.length)).toEqual(expected);
    expect(joined.subarray(expected.length).every((s) => s === 0)).toBe(true);
    expect(progress.at(-1)).toBeCloseTo(700, 0);
  });

  it("stops early when told, and finished says so", async () => {
    const source = new WavFileSource({ data: encodeWav(syntheticSpeech(16000, 2), 16000) });
    let n = 0;
    await source.start(() => n++, 16000);
    await new Promise((r) => setTimeout(r, 100));
    source.stop();
    expect(await source.finished).toBe(false);
    const after = n;
    await new Promise((r) => setTimeout(r, 100));
    expect(n).toBe(after);
    expect(n).toBeGreaterThan(2);
    expect(n).toBeLessThan(20);
  });

  it("fails on load with the file name for a bad WAV and with ENOENT for a missing one", async () => {
    const bad = join(dir, "bad.wav");
    writeFileSync(bad, "this is not audio");
    const err = await new WavFileSource({ path: bad }).load().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WavError);
    expect((err as Error).message).toContain("bad.wav: not a WAV file");
    await expect(new WavFileSource({ path: join(dir, "missing.wav") }).load()).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("WavFileSink", () => {
  it("plays out in real time: an interruption drops only what had not played", () => {
    let now = 0;
    const path = join(dir, "out1.wav");
    const sink = new WavFileSink({ path, now: () => now });
    // The server sends 1 s of audio at once (faster than real time).
    const audio = ramp(24000);
    for (let k = 0; k < 50; k++) sink.write(frame(audio.subarray(k * 480, (k + 1) * 480)));
    now = 400;
    expect(sink.bufferedMs()).toBeCloseTo(600, 0);
    sink.flush(); // barge-in at 400 ms
    expect(sink.bufferedMs()).toBe(0);
    now = 1000; // 600 ms of silence, then a new 200 ms turn
    sink.write(frame(ramp(4800, 7)));
    now = 5000;
    sink.close();
    const wav = parseWav(readFileSync(path));
    expect(wav.sampleRate).toBe(24000);
    expect(wav.samples.length).toBe(9600 + 14400 + 4800);
    expect(wav.samples.subarray(0, 9600)).toEqual(audio.subarray(0, 9600));
    expect(wav.samples.subarray(9600, 24000).every((s) => s === 0)).toBe(true);
    expect(wav.samples.subarray(24000)).toEqual(ramp(4800, 7));
    expect(sink.stats).toEqual({
      frames: 51, interruptions: 1, droppedMs: expect.closeTo(600, 0), overflowFrames: 0, overflowMs: 0, invalidFrames: 0, writtenMs: expect.closeTo(1200, 0),
    });
  });

  it("concatenates turns without the silence when keepSilence is false, and drains the queue on close", () => {
    let now = 0;
    const path = join(dir, "out2.wav");
    const sink = new WavFileSink({ path, now: () => now, keepSilence: false });
    sink.write(frame(ramp(2400)));
    now = 3000;
    sink.write(frame(ramp(2400, 5)));
    sink.close(); // the second turn has not "played" yet: close writes it anyway
    const wav = parseWav(readFileSync(path));
    expect(wav.samples.length).toBe(4800);
    expect(wav.samples.every((s) => s !== 0)).toBe(true);
  });

  it("resamples frames at another rate and downmixes stereo into the file's format", () => {
    let now = 0;
    const path = join(dir, "out3.wav");
    const sink = new WavFileSink({ path, now: () => now, sampleRate: 24000 });
    const voice16k = syntheticSpeech(16000, 0.5, 4);
    const stereo = new Int16Array(voice16k.length * 2);
    for (let i = 0; i < voice16k.length; i++) stereo[2 * i] = stereo[2 * i + 1] = voice16k[i]!;
    for (let k = 0; k < 25; k++) sink.write(frame(stereo.subarray(k * 640, (k + 1) * 640), 16000, 2));
    now = 10_000;
    sink.close();
    const wav = parseWav(readFileSync(path));
    expect(wav.channels).toBe(1);
    expect(wav.sampleRate).toBe(24000);
    expect(wav.samples.length).toBe(12000);
    expect(peakCorrelation(resamplePcm16(voice16k, 16000, 24000), wav.samples).correlation).toBeGreaterThan(0.99);
  });

  it("bounds its queue: audio past maxBufferMs is dropped and counted, never queued", () => {
    let now = 0;
    const path = join(dir, "bounded.wav");
    const sink = new WavFileSink({ path, now: () => now, maxBufferMs: 1000 });
    sink.write(frame(ramp(72_000))); // 3 s at once: 1 s fits
    expect(sink.bufferedMs()).toBeCloseTo(1000, 0);
    expect(sink.stats).toMatchObject({ frames: 1, overflowFrames: 1, overflowMs: expect.closeTo(2000, 0) });
    sink.write(frame(ramp(480))); // full: dropped whole
    expect(sink.stats.overflowFrames).toBe(2);
    now = 300; // 300 ms played: room for 300 ms, a 400 ms frame fits in part
    sink.write(frame(ramp(9600, 3)));
    expect(sink.bufferedMs()).toBeCloseTo(1000, 0);
    expect(sink.stats).toMatchObject({ overflowFrames: 3, overflowMs: expect.closeTo(2000 + 20 + 100, 0) });
    sink.close();
    const wav = parseWav(readFileSync(path));
    expect(wav.samples.length).toBe(24_000 + 7200); // 1 s, then the 300 ms that fitted
    expect(wav.samples.subarray(0, 24_000)).toEqual(ramp(24_000));
    expect(wav.samples.subarray(24_000)).toEqual(ramp(7200, 3));
  });

  it("survives a flood of 400 valid 1 MB frames in one second: 30 s queued at most, by default", () => {
    let now = 0;
    const path = join(dir, "flood.wav");
    const sink = new WavFileSink({ path, now: () => now });
    const big = ramp(500_000); // 1,000,000 bytes: 20.8 s at 24 kHz
    let maxBuffered = 0;
    for (let k = 0; k < 400; k++) {
      now = k * 2.5;
      sink.write(frame(big));
      maxBuffered = Math.max(maxBuffered, sink.bufferedMs());
    }
    expect(maxBuffered).toBeLessThanOrEqual(DEFAULT_SINK_MAX_BUFFER_MS + 1);
    const stats = sink.stats;
    expect(stats.overflowFrames).toBe(399);
    expect(stats.overflowMs + DEFAULT_SINK_MAX_BUFFER_MS + 1000).toBeCloseTo((400 * 500_000 * 1000) / 24000, -2);
    sink.close();
    // The file holds what played during the second plus the bounded queue, not 8,333 s.
    expect(statSync(path).size).toBeLessThan(44 + 2 * 24 * (DEFAULT_SINK_MAX_BUFFER_MS + 1100));
  });

  it("drops and counts frames outside 8000–48000 Hz or 1–2 channels; the first valid one sets the rate", () => {
    let now = 0;
    const path = join(dir, "invalid.wav");
    const sink = new WavFileSink({ path, now: () => now });
    const bad: AudioFrame[] = [
      frame(ramp(80), 1), frame(ramp(800), 96_000), frame(ramp(480), 7999), frame(ramp(480), 24000.5), frame(ramp(480), Number.NaN),
      frame(ramp(480), 24000, 0), frame(ramp(480), 24000, 3), frame(ramp(480), 24000, 1.5),
      { type: "audio", audio: new Uint8Array(480) as unknown as Int16Array, sampleRate: 24000, numChannels: 1 },
    ];
    for (const f of bad) sink.write(f);
    expect(sink.stats).toMatchObject({ frames: bad.length, invalidFrames: bad.length, writtenMs: 0 });
    expect(sink.bufferedMs()).toBe(0);
    sink.write(frame(ramp(1600), 16000));
    now = 1000;
    sink.write(frame(ramp(800), 1)); // after a valid frame too
    sink.close();
    const wav = parseWav(readFileSync(path));
    expect(wav.sampleRate).toBe(16000);
    expect(wav.samples).toEqual(ramp(1600));
    expect(sink.stats.invalidFrames).toBe(bad.length + 1);
  });

  it("keeps up with a new rate on every frame (its resamplers are a bounded set)", () => {
    let now = 0;
    const path = join(dir, "rates.wav");
    const sink = new WavFileSink({ path, now: () => now, sampleRate: 24000 });
    for (let k = 0; k < 50; k++) sink.write(frame(ramp(160), 8000 + k * 800)); // 8000, 8800, … 47200 Hz
    now = 60_000;
    sink.close();
    expect(sink.stats.invalidFrames).toBe(0);
    expect(parseWav(readFileSync(path)).samples.length).toBeGreaterThan(0);
  });

  it("writes a long silent gap in pieces, sample-exact", () => {
    let now = 0;
    const path = join(dir, "gap.wav");
    const sink = new WavFileSink({ path, now: () => now, sampleRate: 8000 });
    sink.write(frame(ramp(800), 8000));
    now = 125_100; // the first 100 ms played, then 125 s of silence: 1,000,000 samples (20 pieces and a rest)
    sink.write(frame(ramp(800, 9), 8000));
    now = 200_000;
    sink.close();
    const wav = parseWav(readFileSync(path));
    expect(wav.samples.length).toBe(800 + 1_000_000 + 800);
    expect(wav.samples.subarray(0, 800)).toEqual(ramp(800));
    expect(wav.samples.subarray(800, 1_000_800).every((x) => x === 0)).toBe(true);
    expect(wav.samples.subarray(1_000_800)).toEqual(ramp(800, 9));
  });

  it("rejects a bad sampleRate or maxBufferMs before creating the file", () => {
    const path = join(dir, "never.wav");
    expect(() => new WavFileSink({ path, sampleRate: 1 })).toThrow(/sampleRate must be an integer from 8000 to 48000 Hz, got 1/);
    expect(() => new WavFileSink({ path, maxBufferMs: 0 })).toThrow(/maxBufferMs must be a number of ms from 100 to 600000/);
    expect(() => new WavFileSink({ path, maxBufferMs: Number.NaN })).toThrow(OptionError);
    expect(existsSync(path)).toBe(false);
  });
});
