/**
 * What an inspector (the devtools panel, a logger) is told: state events name the definition's
 * transition taken and, entering a backoff, the delay until the next attempt; frame events carry
 * the first bytes as they crossed the socket; nothing is produced while nobody listens.
 */
import { PipecatClient } from "@pipecat-ai/client-js";
import { describe, expect, it } from "vitest";
import { describeMachine } from "../../machines/describeMachine.js";
import { connectionMachine } from "../../machines/connectionMachine.js";
import { StreamAudioIO } from "../../src/audio/StreamAudioIO.js";
import type { FrameInspection, InspectionEvent, StateInspection } from "../../src/inspect/InspectionEvent.js";
import { INSPECTED_BYTES } from "../../src/inspect/InspectionEvent.js";
import { WebSocketTransport } from "../../src/node/index.js";
import { FakeBot } from "../support/fakeBot.js";
import { cleanupsAfterEach, until } from "../support/harness.js";
import { inspectedSession } from "../support/inspectedSession.js";
import { recordingLogger } from "../support/quietLogger.js";

const cleanups = cleanupsAfterEach();

const session = () => inspectedSession(cleanups, {}, { reconnect: { baseDelayMs: 300, maxDelayMs: 300, jitter: 0 } });

describe("inspection events", () => {
  it("state events name the transition taken (describeMachine ids), the attempt budget and the backoff delay", async () => {
    const s = await session();
    await s.client.connect({ wsUrl: s.server.url });
    s.server.killAll();
    await until("ready again", () => s.events.filter((e) => e.kind === "state" && e.state === "connected.ready").length === 2);
    const states = s.events.filter((e): e is StateInspection => e.kind === "state");
    const ids = new Set(describeMachine(connectionMachine).transitions.map((t) => t.id));
    for (const e of states) {
      expect(ids.has(e.transition!), `${e.previous} → ${e.state} via ${e.transition}`).toBe(true);
      expect(e.maxAttempts).toBe(2);
    }
    expect(states.map((e) => e.transition)).toContain("connected|SOCKET.CLOSE|1");
    const backoff = states.find((e) => e.state === "reconnecting.backoff")!;
    expect(backoff.retryInMs).toBe(300);
    expect(states.find((e) => e.state === "reconnecting.opening")!.attempt).toBe(1);
  });

  it("frame events carry a bounded copy of the bytes on the wire, both ways", async () => {
    const s = await session();
    await s.client.connect({ wsUrl: s.server.url });
    s.server.sendRaw(s.server.serializer.serializeAudio(new Int16Array(480).fill(7), 24000, 1));
    s.transport.sendRawMessage({ hello: "world" });
    await until("a bot audio frame", () => s.events.some((e) => e.kind === "frame" && e.direction === "in" && e.frameType === "audio"));
    const frames = s.events.filter((e): e is FrameInspection => e.kind === "frame");
    const audioIn = frames.find((e) => e.direction === "in" && e.frameType === "audio")!;
    expect(audioIn.size).toBeGreaterThan(960);
    expect(audioIn.bytes!.length).toBe(INSPECTED_BYTES);
    expect(audioIn.bytes![0]).toBe(0x12); // field 2 (audio), length-delimited
    const out = frames.find((e) => e.direction === "out" && e.frameType === "message" && JSON.stringify(e.message).includes("world"))!;
    expect(out.bytes!.length).toBe(out.size);
  });

  it("produce nothing, and copy nothing, while nobody listens", async () => {
    const server = await FakeBot.start({});
    const transport = new WebSocketTransport({ audio: new StreamAudioIO(), logger: recordingLogger() });
    const client = new PipecatClient({ transport, enableMic: false, enableCam: false });
    cleanups.push(async () => {
      await client.disconnect().catch(() => {});
      await server.close();
    });
    await client.connect({ wsUrl: server.url });
    const events: InspectionEvent[] = [];
    const unsubscribe = transport.inspect((e) => events.push(e));
    unsubscribe();
    server.sendRaw(server.serializer.serializeAudio(new Int16Array(480), 24000, 1));
    await until("the frame", () => transport.getStats().audioFramesIn === 1);
    expect(events).toEqual([]);
  });
});
