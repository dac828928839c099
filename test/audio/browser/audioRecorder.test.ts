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

  it("sends 8 kHz chunks of 20 ms (chunkMs 20), ~50 per second, with the tone clean (peak 1 kHz ±10 Hz, THD+N ≤ -40 dB)", async () => {
    await start(s, { recorderSampleRate: 8000, audio: { ...RAW, chunkMs: 20 } });
    const snap = await snapshot(s);
    const { chunks, perSecond, pcm } = await capture(s, 2000);
    await stop(s);
    const a = analyzeTone(pcm, 8000, 8192);
    level1k = rms(pcm);
    console.log(`[measured] context ${snap.contextRate} Hz, mic settings ${JSON.stringify(snap.local?.settings)}`);
    console.log(`[measured] 8 kHz: ${perSecond.toFixed(1)} chunks/s, peak ${a.peakHz.toFixed(2)} Hz, THD+N ${a.thdnDb.toFixed(1)} dB, RMS ${level1k.toFixed(4)}`);
    expect(chunks.every((c) => c.sampleRate === 8000 && c.numChannels === 1)).toBe(true);
    // One chunk may be longer or shorter, once: it aligns the chunks with the audio callbacks.
    expect(chunks.filter((c) => c.samples.length !== 160).length).toBeLessThanOrEqual(1);
    expect(perSecond).toBeGreaterThan(45);
    expect(perSecond).toBeLessThan(55);
    expect(Math.abs(a.peakHz - 1000)).toBeLessThanOrEqual(10);
    expect(a.thdnDb).toBeLessThanOrEqual(-40);
    expect(level1k).toBeGreaterThan(0.2);
  });

  it("sends 16 kHz chunks of 20 ms (chunkMs 20), ~50 per second", async () => {
    await start(s, { recorderSampleRate: 16000, audio: { ...RAW, chunkMs: 20 } });
    const { chunks, perSecond, pcm } = await capture(s, 2000);
    await stop(s);
    const a = analyzeTone(pcm, 16000, 16384);
    console.log(`[measured] 16 kHz: ${perSecond.toFixed(1)} chunks/s, peak ${a.peakHz.toFixed(2)} Hz, THD+N ${a.thdnDb.toFixed(1)} dB`);
    expect(chunks.every((c) => c.sampleRate === 16000 && c.numChannels === 1)).toBe(true);
    expect(chunks.filter((c) => c.samples.length !== 320).length).toBeLessThanOrEqual(1);
    expect(perSecond).toBeGreaterThan(45);
    expect(perSecond).toBeLessThan(55);
    expect(Math.abs(a.peakHz - 1000)).toBeLessThanOrEqual(10);
  });

  it("sends 10 ms chunks by default, ~100 per second, the tone clean, one chunk at most resized to align", async () => {
    await start(s, { recorderSampleRate: 16000, audio: RAW });
    const { chunks, perSecond, pcm } = await capture(s, 2000);
    await stop(s);
    const a = analyzeTone(pcm, 16000, 16384);
    const resized = chunks.filter((c) => c.samples.length !== 160).map((c) => c.samples.length);
    console.log(`[measured] 16 kHz, default chunks: ${perSecond.toFixed(1)} chunks/s, resized ${JSON.stringify(resized)}, THD+N ${a.thdnDb.toFixed(1)} dB`);
    expect(resized.length).toBeLessThanOrEqual(1);
    expect(perSecond).toBeGreaterThan(90);
    expect(perSecond).toBeLessThan(110);
    expect(Math.abs(a.peakHz - 1000)).toBeLessThanOrEqual(10);
    expect(a.thdnDb).toBeLessThanOrEqual(-40);
  });

  it("mute stops the chunks and silences the track; levels keep a steady rate; unmute resumes", async () => {
    await start(s, { recorderSampleRate: 16000, audio: RAW });
    await capture(s, 200);
    const levels = () => s.page.evaluate(() => (window as unknown as Win).audioHarness.localLevels.slice());
    const l0 = (await levels()).length;
    await sleep(1000);
    const during = (await levels()).slice(l0);
    const meanLevel = during.reduce((a, b) => a + b.level, 0) / during.length;
    // The rate from the page's own timestamps (a Node-side second stretches under load).
    const perSecond = ((during.length - 1) * 1000) / (during.at(-1)!.t - during[0]!.t);
    await s.page.evaluate(() => (window as unknown as Win).audioHarness.enableMic(false));
    await sleep(100);
    const mutedFrom = performance.now();
    const lm = (await levels()).length;
    await sleep(600);
    const whileMuted = s.bot.audioSince(mutedFrom).length;
    const mutedLevels = (await levels()).slice(lm);
    const snap = await snapshot(s);
    await s.page.evaluate(() => (window as unknown as Win).audioHarness.enableMic(true));
    const resumedFrom = performance.now();
    await sleep(500);
    const afterUnmute = s.bot.audioSince(resumedFrom).length;
    await stop(s);
    console.log(`[measured] local level: ${perSecond.toFixed(1)} calls/s, mean ${meanLevel.toFixed(3)}; muted: ${whileMuted} chunks in 600 ms, max level ${Math.max(...mutedLevels.map((l) => l.level)).toFixed(4)}; ${afterUnmute} chunks in 500 ms after unmute`);
    expect(during.length).toBeGreaterThanOrEqual(8);
    expect(perSecond).toBeGreaterThan(8);
    expect(perSecond).toBeLessThan(12);
    expect(meanLevel).toBeGreaterThan(0.3);
    expect(whileMuted).toBe(0);
    expect(snap.isMicEnabled).toBe(false);
    expect(snap.local?.enabled).toBe(false);
    expect(mutedLevels.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...mutedLevels.map((l) => l.level))).toBeLessThan(0.01);
    expect(afterUnmute).toBeGreaterThan(15);
  });

  it("switches the mic without reconnecting; a missing mic is a device error and the old one keeps going", async () => {
    await start(s, { recorderSampleRate: 16000, audio: RAW });
    await capture(s, 200);
    const connections = s.bot.connections;
    const mics = (await s.page.evaluate(() => (window as unknown as Win).audioHarness.mics())) as { deviceId: string; label: string }[];
    const before = await snapshot(s);
    const target = mics.find((m) => m.deviceId !== before.local?.settings.deviceId && m.deviceId !== "default")!;
    await s.page.evaluate((id) => (window as unknown as Win).audioHarness.updateMic(id), target.deviceId);
    const after = await snapshot(s);
    const switched = performance.now();
    await sleep(1000);
    const chunksAfter = s.bot.audioSince(switched).length;
    await s.page.evaluate(() => (window as unknown as Win).audioHarness.updateMic("no-such-mic"));
    const failed = performance.now();
    await sleep(500);
    const chunksAfterError = s.bot.audioSince(failed).length;
    const afterError = await snapshot(s);
    const events = await s.page.evaluate(() => (window as unknown as Win).audioHarness.events.slice());
    await stop(s);
    console.log(`[measured] mic switch ${before.local?.settings.deviceId} -> ${after.local?.settings.deviceId}: ${chunksAfter} chunks in the next 1000 ms, connections ${connections} -> ${s.bot.connections}`);
    expect(mics.length).toBeGreaterThanOrEqual(2);
    expect(after.local?.settings.deviceId).toBe(target.deviceId);
    expect(after.local?.id).not.toBe(before.local?.id);
    expect((after.selectedMic as { deviceId: string }).deviceId).toBe(target.deviceId);
    expect(events.some((e) => e.name === "micUpdated" && (e.detail as { deviceId: string }).deviceId === target.deviceId)).toBe(true);
    expect(events.some((e) => e.name === "trackStopped" && (e.detail as { id: string }).id === before.local?.id)).toBe(true);
    expect(events.some((e) => e.name === "trackStarted" && (e.detail as { id: string }).id === after.local?.id)).toBe(true);
    expect(s.bot.connections).toBe(connections);
    expect(chunksAfter).toBeGreaterThan(40);
    const deviceError = events.find((e) => e.name === "deviceError")?.detail as { type: string; devices: string[] } | undefined;
    expect(deviceError).toMatchObject({ type: "not-found", devices: ["mic"] });
    expect(afterError.local?.id).toBe(after.local?.id);
    expect(chunksAfterError).toBeGreaterThan(20);
  });

  it("releases the mic, the bot track and the AudioContext on disconnect; nothing is sent after", async () => {
    await start(s, { recorderSampleRate: 8000, audio: RAW });
    await capture(s, 200);
    const released = await stop(s);
    const from = performance.now();
    await sleep(500);
    expect(released).toEqual({ local: "ended", bot: "ended", contextState: "closed", ioContext: "none" });
    expect(s.bot.audioSince(from).length).toBe(0);
    const events = await s.page.evaluate(() => (window as unknown as Win).audioHarness.events.map((e) => e.name));
    expect(events.filter((n) => n === "trackStopped").length).toBe(2);
  });

  it("reopens the mic and the player when the same client connects again after a disconnect", async () => {
    await start(s, { recorderSampleRate: 16000, audio: RAW });
    await capture(s, 200);
    await s.page.evaluate((url) => (window as unknown as Win).audioHarness.reconnect(url), s.bot.wsUrl);
    const again = await capture(s, 1000);
    const snap = await snapshot(s);
    await stop(s);
    expect(again.perSecond).toBeGreaterThan(45);
    expect(snap.local?.readyState).toBe("live");
    expect(snap.contextState).toBe("running");
  });

  it("asks for echo cancellation, noise suppression and auto gain by default", async () => {
    await start(s, { recorderSampleRate: 16000 });
    const snap = await snapshot(s);
    await stop(s);
    expect(snap.local?.settings).toMatchObject({ echoCancellation: true, noiseSuppression: true, autoGainControl: true });
  });
});

describe("anti-aliasing, fake mic playing a 6 kHz sine", () => {
  let s: AudioSession;
  beforeAll(async () => {
    s = await openAudioSession((dir) => makeToneWav(dir, 6000));
  });
  afterAll(async () => {
    await s?.close();
  });

  it("attenuates the 6 kHz tone by at least 30 dB at 8 kHz, against its in-band level at 16 kHz", async () => {
    await start(s, { recorderSampleRate: 16000, audio: RAW });
    const inBand = rms((await capture(s, 1000)).pcm);
    await stop(s);
    await start(s, { recorderSampleRate: 8000, audio: RAW });
    const aliased = rms((await capture(s, 1000)).pcm);
    await stop(s);
    // An all-zero capture (the residue rounds to 0 LSB) counts as half an LSB of RMS.
    const floor = 0.5 / 32768;
    const attenuationDb = 20 * Math.log10(inBand / Math.max(aliased, floor));
    console.log(`[measured] 6 kHz tone: RMS ${inBand.toFixed(4)} at 16 kHz, ${aliased.toExponential(2)} at 8 kHz: attenuated ${aliased < floor ? "at least " : ""}${attenuationDb.toFixed(1)} dB`);
    expect(inBand).toBeGreaterThan(0.2);
    expect(attenuationDb).toBeGreaterThanOrEqual(30);
  });
});
