/**
 * The dev server's bot, driven by a bare protobuf client over a real socket: handshake, turn
 * taking, the echo (content, rate, chunking, pacing) and barge-in.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resamplePcm16 } from "../../src/pcm/resample.js";
import type { AudioFrame } from "../../src/serializers/WebSocketSerializer.js";
import { startDevServer, type DevServer, type DevServerLogRecord } from "../../src/server/index.js";
import { concatPcm, peakCorrelation, RawClient, silence, syntheticSpeech } from "./support.js";

let server: DevServer;
let logs: DevServerLogRecord[];
const clients: RawClient[] = [];

beforeEach(async () => {
  logs = [];
  server = await startDevServer({ port: 0, logger: (r) => logs.push(r) });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

async function client(): Promise<RawClient> {
  const c = await RawClient.open(server.wsUrl);
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

  it("takes a turn and echoes what it heard at 24 kHz in 20 ms chunks, paced at about 2x real time", async () => {
    const c = await client();
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
    expect(frames.length).toBeGreaterThan(50);
    for (const f of frames.slice(0, -1)) {
      expect(f.frame.sampleRate).toBe(24000);
      expect(f.frame.numChannels).toBe(1);
      expect(f.frame.audio.length).toBe(480);
    }
    // Pacing: N chunks of 20 ms took about N*10 ms to arrive (loose bounds: shared CPUs).
    const span = frames.at(-1)!.at - frames[0]!.at;
    const nominal = (frames.length - 1) * 10;
    expect(span).toBeGreaterThan(nominal * 0.7);
    expect(span).toBeLessThan(nominal * 1.6 + 100);
    // Content: the echo is the utterance, resampled.
    const echoed = concatPcm(...frames.map((f) => f.frame.audio));
    const reference = resamplePcm16(speech, 16000, 24000);
    const { correlation } = peakCorrelation(reference, concatPcm(silence(24000, 0.1), echoed, silence(24000, 0.1)));
    expect(correlation).toBeGreaterThan(0.95);
    const transcript = c.received.find((r) => r.frame.type === "message" && r.frame.message.type === "user-transcription")!;
    expect(transcript.frame).toMatchObject({ message: { data: { final: true, text: expect.stringMatching(/^\(speech 1\.\d s\)$/) } } });
  });

  it("stops on barge-in with an InterruptionFrame and bot-interrupted, then sends no more of that turn", async () => {
    const c = await client();
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
    // The first echo was cut short: 2 s of echo would be ~100 chunks.
    const sent = audioFrames(c, 0, interruptAt).length;
    expect(sent).toBeGreaterThanOrEqual(beforeBargeIn);
    expect(sent).toBeLessThan(100);
    expect(logs.some((l) => l.event === "bot-interrupted")).toBe(true);
  });
});
