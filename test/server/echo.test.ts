/**
 * The dev server's bot, driven by a bare protobuf client over a real socket: handshake, turn
 * taking, the echo (content, rate, chunking, pacing — Pipecat's real-time clock by default, and
 * the old 2× with `pace: 2`) and barge-in.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resamplePcm16 } from "../../src/pcm/resample.js";
import type { AudioFrame } from "../../src/serializers/WebSocketSerializer.js";
import { startDevServer, type DevServer, type DevServerLogRecord } from "../../src/server/index.js";
import { concatPcm, peakCorrelation, RawClient, silence, syntheticSpeech } from "./support.js";

let server: DevServer;
let logs: DevServerLogRecord[];
const clients: RawClient[] = [];
const extraServers: DevServer[] = [];

beforeEach(async () => {
  logs = [];
  server = await startDevServer({ port: 0, logger: (r) => logs.push(r) });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(extraServers.splice(0).map((s) => s.close()));
  await server.close();
});

async function client(on: DevServer = server): Promise<RawClient> {
  const c = await RawClient.open(on.wsUrl);
  clients.push(c);
  return c;
}

function audioFrames(c: RawClient, from = 0, to = Number.POSITIVE_INFINITY): { at: number; frame: AudioFrame }[] {
  return c.received
    .slice(from, to)
    .filter((r): r is { at: number; frame: AudioFrame } => r.frame.type === "audio");
}

describe("echo bot", () => {
  it("answers client-ready with bot-ready carrying the RTVI version and the request id", async () => {
    const c = await client();
    c.sendRtvi("client-ready", { version: "2.1.0", about: { library: "test" } }, "ready-1");
    await c.waitForRtvi("bot-ready");
    const ready = c.received.find((r) => r.frame.type === "message")!.frame;
    expect(ready).toMatchObject({ type: "message", message: { label: "rtvi-ai", type: "bot-ready", id: "ready-1", data: { version: "2.1.0" } } });
    expect(logs.map((l) => l.event)).toEqual(expect.arrayContaining(["listening", "connected", "bot-ready"]));
  });

  // Pipecat's clock: two chunks at once, then one per chunk duration. The old bot: chunk k at k × 10 ms.
  it.each([
    { mode: "Pipecat's real-time clock (default)", pace: undefined, chunkSamples: 960, chunkMs: 40, intervalMs: 40, maxLeadMs: 200 },
    { mode: "pace: 2, the old 2x", pace: 2, chunkSamples: 480, chunkMs: 20, intervalMs: 10, maxLeadMs: Infinity },
  ])("takes a turn and echoes what it heard at 24 kHz, paced by $mode", async ({ pace, chunkSamples, chunkMs, intervalMs, maxLeadMs }) => {
    const bot = pace === undefined ? server : await startDevServer({ port: 0, logger: false, pace });
    if (bot !== server) extraServers.push(bot);
    const c = await client(bot);
    c.sendRtvi("client-ready");
    await c.waitForRtvi("bot-ready");
    const speech = syntheticSpeech(16000, 1.2, 3);
    await c.streamAudio(concatPcm(silence(16000, 0.3), speech, silence(16000, 0.6)), 16000, 4);
    await c.waitForRtvi("bot-stopped-speaking", 1, 10_000);
    expect(c.rtviTypes()).toEqual([
      "bot-ready",
      "user-started-speaking",
      "user-stopped-speaking",
      "user-transcription",
      "bot-started-speaking",
      "bot-output",
      "bot-stopped-speaking",
    ]);
    const frames = audioFrames(c);
    expect(frames.length).toBeGreaterThan(1300 / chunkMs);
    for (const f of frames.slice(0, -1)) {
      expect(f.frame.sampleRate).toBe(24000);
      expect(f.frame.numChannels).toBe(1);
      expect(f.frame.audio.length).toBe(chunkSamples);
    }
    // Pacing: N chunks took about (N - 2) intervals to arrive (loose bounds: shared CPUs).
    const span = frames.at(-1)!.at - frames[0]!.at;
    const nominal = (frames.length - 2) * intervalMs;
    expect(span).toBeGreaterThan(nominal * 0.7);
    expect(span).toBeLessThan(nominal * 1.6 + 100);
    // How far the audio received runs ahead of real time (since the first chunk): about one
    // chunk on Pipecat's clock, half the answer at 2x.
    const lead = Math.max(...frames.map((f, k) => (k + 1) * chunkMs - (f.at - frames[0]!.at)));
    expect(lead).toBeGreaterThanOrEqual(2 * chunkMs - 5);
    expect(lead).toBeLessThan(maxLeadMs);
    if (pace === 2) expect(lead).toBeGreaterThan(400);
    // Content: the echo is the utterance, resampled.
    const echoed = concatPcm(...frames.map((f) => f.frame.audio));
    const reference = resamplePcm16(speech, 16000, 24000);
    const { correlation } = peakCorrelation(reference, concatPcm(silence(24000, 0.1), echoed, silence(24000, 0.1)));
    expect(correlation).toBeGreaterThan(0.95);
    const transcript = c.received.find((r) => r.frame.type === "message" && r.frame.message.type === "user-transcription")!;
    expect(transcript.frame).toMatchObject({ message: { data: { final: true, text: expect.stringMatching(/^\(speech 1\.\d s\)$/) } } });
  });

  it.each([
    { mode: "Pipecat's real-time clock (default)", pace: undefined, chunkMs: 40 },
    { mode: "pace: 2", pace: 2, chunkMs: 20 },
  ])("stops on barge-in with an InterruptionFrame and bot-interrupted, then sends no more of that turn ($mode)", async ({ pace, chunkMs }) => {
    const bot = pace === undefined ? server : await startDevServer({ port: 0, logger: (r) => logs.push(r), pace });
    if (bot !== server) extraServers.push(bot);
    const c = await client(bot);
    c.sendRtvi("client-ready");
    await c.waitForRtvi("bot-ready");
    await c.streamAudio(concatPcm(syntheticSpeech(16000, 2.0, 5), silence(16000, 0.5)), 16000, 4);
    await c.waitForRtvi("bot-started-speaking");
    await new Promise((r) => setTimeout(r, 300));
    const beforeBargeIn = audioFrames(c).length;
    await c.streamAudio(concatPcm(syntheticSpeech(16000, 0.4, 9)), 16000, 1);
    await c.waitForRtvi("bot-interrupted");
    const interruptAt = c.received.findIndex((r) => r.frame.type === "interruption");
    expect(interruptAt).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    const types = c.rtviTypes();
    expect(types.slice(types.indexOf("bot-started-speaking"))).toEqual(
      expect.arrayContaining(["user-started-speaking", "bot-interrupted", "bot-stopped-speaking"]),
    );
    // No audio between the interruption and a new turn (the second utterance is still going on).
    expect(audioFrames(c, interruptAt).length).toBe(0);
    // The first echo was cut short: 2 s of echo would be 2000 / chunkMs chunks.
    const sent = audioFrames(c, 0, interruptAt).length;
    expect(sent).toBeGreaterThanOrEqual(beforeBargeIn);
    expect(sent).toBeLessThan(2000 / chunkMs);
    expect(logs.some((l) => l.event === "bot-interrupted")).toBe(true);
  });
});
