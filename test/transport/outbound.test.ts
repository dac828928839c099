/**
 * The outbound gate and its bounds: the outbox keeps RTVI messages in order while the bot is not
 * ready and drops the oldest when full; a backed-up socket drops mic chunks instead of queueing
 * them. The outbox alone, then both in real sessions against a real server.
 */
import { describe, expect, it } from "vitest";
import type { DropInspection } from "../../src/inspect/InspectionEvent.js";
import { WebSocketTransport } from "../../src/node/index.js";
import { Outbox } from "../../src/transport/Outbox.js";
import { FakeBot } from "../support/fakeBot.js";
import { cleanupsAfterEach, until } from "../support/harness.js";
import { inspectedSession } from "../support/inspectedSession.js";

const cleanups = cleanupsAfterEach();

describe("Outbox", () => {
  it("keeps messages in order up to its limit, dropping the oldest (and reporting each drop)", () => {
    let drops = 0;
    const box = new Outbox(3, () => drops++);
    for (const m of ["a", "b", "c", "d", "e"]) box.push(m);
    expect(box.size).toBe(3);
    expect(drops).toBe(2);
    const sent: unknown[] = [];
    box.flush((m) => sent.push(m));
    expect(sent).toEqual(["c", "d", "e"]);
    expect(box.size).toBe(0);
  });

  it("with limit 0 keeps nothing; clear() forgets everything", () => {
    let drops = 0;
    const none = new Outbox(0, () => drops++);
    none.push("a");
    expect(none.size).toBe(0);
    expect(drops).toBe(1);
    const box = new Outbox(8, () => {});
    box.push("a");
    box.clear();
    const sent: unknown[] = [];
    box.flush((m) => sent.push(m));
    expect(sent).toEqual([]);
  });
});

const session = (bot: Parameters<typeof FakeBot.start>[0], options: ConstructorParameters<typeof WebSocketTransport>[0] = {}) =>
  inspectedSession(cleanups, bot, { reconnect: { baseDelayMs: 50, maxDelayMs: 50 }, ...options });

describe("bounds in a session", () => {
  it("messages sent while reconnecting beyond messageQueueLimit drop the oldest; the rest go out in order after bot-ready", async () => {
    const s = await session({ autoBotReady: true }, { messageQueueLimit: 3 });
    await s.client.connect({ wsUrl: s.server.url });
    s.server.setAutoBotReady(false);
    s.server.killAll();
    await until("reconnecting", () => s.transport.connectionState === "reconnecting");
    for (let i = 0; i < 5; i++) s.transport.sendMessage({ label: "rtvi-ai", type: "client-message", id: `m${i}`, data: { i } } as never);
    expect(s.transport.getStats().droppedMessages).toBe(2);
    expect(s.events.filter((e): e is DropInspection => e.kind === "drop" && e.reason === "queue-full")).toHaveLength(2);
    s.server.releaseBotReady();
    await s.server.waitForReceived((f) => f.filter((x) => x.type === "message" && x.message.type === "client-message").length === 3);
    const ids = s.server.received.filter((f) => f.type === "message" && f.message.type === "client-message").map((f) => (f as { message: { id: string } }).message.id);
    expect(ids).toEqual(["m2", "m3", "m4"]);
  });

  it("a socket that backs up (the server stops reading) drops mic chunks as backpressure, never queues them", async () => {
    const s = await session({ onFrame: () => {} }, { maxBufferedAmount: 64 * 1024 });
    await s.client.connect({ wsUrl: s.server.url });
    // The server stops reading: the kernel buffers fill and the client's bufferedAmount grows.
    for (const ws of s.server.sockets) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const chunk = new Int16Array(16_000).buffer; // 1 s at 16 kHz, 32 KB per message
    for (let i = 0; i < 2000 && s.transport.getStats().droppedAudioChunks === 0; i++) {
      s.transport.handleUserAudioStream(chunk);
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    const stats = s.transport.getStats();
    expect(stats.droppedAudioChunks).toBeGreaterThan(0);
    expect(s.events.some((e) => e.kind === "drop" && e.what === "mic-audio" && e.reason === "backpressure")).toBe(true);
    // Bounded: what was handed to the socket is at most the bound plus one message plus what the OS took.
    expect(stats.audioFramesOut).toBeLessThan(2000);
  });
});
