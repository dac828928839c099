/**
 * Mic capture end to end: headless Chromium's fake mic plays a sox-made WAV, `BrowserAudioIO`
 * records it through `PipecatClient` + `WebSocketTransport`, and a real `ws` bot on 127.0.0.1
 * receives the chunks. Checks rates, chunk cadence, tone quality, anti-aliasing, mute, device
 * switch and release on disconnect. Measured figures are printed (grep "[measured]").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeTone, concatPcm16, rms } from "./pages/audioAnalysis.js";
import type { AudioHarness, HarnessStart } from "./pages/audioPage.js";
import { makeToneWav, openAudioSession, type AudioSession } from "./pages/audioServe.js";

const RAW = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Win = { audioHarness: AudioHarness };

async function start(s: AudioSession, o: Omit<HarnessStart, "wsUrl" | "mode"> & { mode?: HarnessStart["mode"] }): Promise<void> {
  await s.page.evaluate((opts) => (window as unknown as Win).audioHarness.start(opts), { wsUrl: s.bot.wsUrl, mode: "client", ...o } as HarnessStart);
}
const snapshot = (s: AudioSession) => s.page.evaluate(() => (window as unknown as Win).audioHarness.snapshot());
const stop = (s: AudioSession) => s.page.evaluate(() => (window as unknown as Win).audioHarness.stop());

/** Waits for mic audio to flow, then collects `ms` of it (skipping the first 300 ms). */
async function capture(s: AudioSession, ms: number) {
  const t0 = performance.now();
  while (s.bot.audioSince(t0).length === 0) {
    if (performance.now() - t0 > 5000) throw new Error("no mic audio reached the bot");
    await sleep(20);
  }
  await sleep(300);
  const from = performance.now();
  await sleep(ms);
  const chunks = s.bot.audio.filter((a) => a.t >= from && a.t < from + ms);
  return { chunks, perSecond: (chunks.length * 1000) / ms, pcm: concatPcm16(chunks.map((c) => c.samples)) };
}

describe("mic capture, fake mic playing a 1 kHz sine (44.1 kHz WAV)", () => {
  let s: AudioSession;
  let level1k = 0;
  beforeAll(async () => {
    s = await openAudioSession((dir) => makeToneWav(dir, 1000));
  });
  afterAll(async () => {
    await s?.close();
  });

  it("sends 8 kHz chunks of 20 ms, ~50 per second, with the tone clean (peak 1 kHz ±10 Hz, THD+N ≤ -40 dB)", async () => {
    await start(s, { recorderSampleRate: 8000, audio: RAW });
    const snap = await snapshot(s);
    const { chunks, perSecond, pcm } = await capture(s, 2000);
    await stop(s);
    const a = analyzeTone(pcm, 8000, 8192);
    level1k = rms(pcm);
    console.log(`[measured] context ${snap.contextRate} Hz, mic settings ${JSON.stringify(snap.local?.settings)}`);
    console.log(`[measured] 8 kHz: ${perSecond.toFixed(1)} chunks/s, peak ${a.peakHz.toFixed(2)} Hz, THD+N ${a.thdnDb.toFixed(1)} dB, RMS ${level1k.toFixed(4)}`);
    expect(chunks.every((c) => c.sampleRate === 8000 && c.numChannels === 1 && c.samples.length === 160)).toBe(true);
    expect(perSecond).toBeGreaterThan(45);
    expect(perSecond).toBeLessThan(55);
    expect(Math.abs(a.peakHz - 1000)).toBeLessThanOrEqual(10);
    expect(a.thdnDb).toBeLessThanOrEqual(-40);
    expect(level1k).toBeGreaterThan(0.2);
  });

  it("sends 16 kHz chunks of 20 ms, ~50 per second", async () => {
    await start(s, { recorderSampleRate: 16000, audio: RAW });
    const { chunks, perSecond, pcm } = await capture(s, 2000);
    await stop(s);
    const a = analyzeTone(pcm, 16000, 16384);
    console.log(`[measured] 16 kHz: ${perSecond.toFixed(1)} chunks/s, peak ${a.peakHz.toFixed(2)} Hz, THD+N ${a.thdnDb.toFixed(1)} dB`);
    expect(chunks.every((c) => c.sampleRate === 16000 && c.numChannels === 1 && c.samples.length === 320)).toBe(true);
    expect(perSecond).toBeGreaterThan(45);
    expect(perSecond).toBeLessThan(55);
    expect(Math.abs(a.peakHz - 1000)).toBeLessThanOrEqual(10);
  });
});
