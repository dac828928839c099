/**
 * The Node WAV source and sink the CLI is built on: the source streams any WAV as 20 ms chunks
 * at the recorder rate in real time; the sink records what a listener would hear, so an
 * interruption cuts exactly the audio that had not played yet.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resamplePcm16 } from "../../src/pcm/resample.js";
import { encodeWav, parseWav, WavError } from "../../src/pcm/wav.js";
import { WavFileSink } from "../../src/node/WavFileSink.js";
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
    expect(sink.stats).toEqual({ frames: 51, interruptions: 1, droppedMs: expect.closeTo(600, 0), writtenMs: expect.closeTo(1200, 0) });
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
});
