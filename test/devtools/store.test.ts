import { afterEach, describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connectionMachine.js";
import { DevtoolsStore } from "../../devtools/src/store.js";
import { ReplayTransport, SnapshotTransport, audioEvent, rtviEvent } from "./support/replayTransport.js";

/** A manual scheduler: notifications run only when the test flushes, like a frame boundary. */
function manualScheduler() {
  const queue: (() => void)[] = [];
  return { schedule: (fn: () => void) => queue.push(fn), flush: () => queue.splice(0).forEach((fn) => fn()), get size() { return queue.length; } };
}

describe("DevtoolsStore", () => {
  let store: DevtoolsStore | null = null;
  afterEach(() => store?.detach());

  it("subscribes once and unsubscribes on detach", () => {
    const transport = new ReplayTransport(connectionMachine);
    store = new DevtoolsStore(transport, { schedule: manualScheduler().schedule });
    store.attach();
    store.attach();
    expect(transport.listeners.size).toBe(1);
    store.detach();
    expect(transport.listeners.size).toBe(0);
  });

  it("batches a burst of events into one notification per frame", () => {
    const transport = new ReplayTransport();
    const frames = manualScheduler();
    store = new DevtoolsStore(transport, { schedule: frames.schedule, statsIntervalMs: 60_000 });
    store.attach();
    frames.flush();
    let notified = 0;
    store.subscribe(() => notified++);
    for (let i = 0; i < 500; i++) transport.emit(audioEvent(i * 10, i % 2 ? "in" : "out"));
    expect(notified).toBe(0);
    expect(frames.size).toBe(1);
    frames.flush();
    expect(notified).toBe(1);
    expect(store.log.rows.size).toBe(10); // 5 s × 2 directions
  });

  it("tracks state, attempts, levels and the timeline", () => {
    const transport = new ReplayTransport();
    store = new DevtoolsStore(transport, { schedule: manualScheduler().schedule, statsIntervalMs: 60_000 });
    store.attach();
    transport.emit(
      { kind: "state", time: 100, state: "connecting", previous: "idle", event: "CONNECT", attempt: 0, maxAttempts: 2 },
      { kind: "state", time: 150, state: "connected.handshaking", previous: "connecting", event: "SOCKET.OPEN", attempt: 0, maxAttempts: 2 },
      { kind: "state", time: 400, state: "connected.ready", previous: "connected.handshaking", event: "BOT_READY", attempt: 0, maxAttempts: 2 },
      audioEvent(410, "in", 0.5),
      audioEvent(411, "out", 0.25),
      { kind: "state", time: 900, state: "reconnecting.backoff", previous: "connected.ready", event: "SOCKET.CLOSE", attempt: 0, maxAttempts: 2 },
      { kind: "state", time: 1200, state: "reconnecting.opening", previous: "reconnecting.backoff", event: "xstate.after.backoff.connection.reconnecting.backoff", attempt: 1, maxAttempts: 2 },
    );
    expect(store.state).toBe("reconnecting.opening");
    expect(store.attempt).toBe(1);
    expect(store.bot).toEqual({ level: 0.5, time: 410 });
    expect(store.mic).toEqual({ level: 0.25, time: 411 });
    const entries = store.timeline.entries.toArray();
    expect(entries.map((e) => [e.to, e.durationInFromMs])).toEqual([
      ["connecting", null], ["connected.handshaking", 50], ["connected.ready", 250], ["reconnecting.backoff", 500], ["reconnecting.opening", 300],
    ]);
  });

  it("pause stops logging frames but keeps drops, errors and levels; clear empties the log", () => {
    const transport = new ReplayTransport();
    store = new DevtoolsStore(transport, { schedule: manualScheduler().schedule, statsIntervalMs: 60_000 });
    store.attach();
    transport.emit(rtviEvent(1, "in", "bot-ready"));
    store.setPaused(true);
    transport.emit(rtviEvent(2, "in", "bot-output"), audioEvent(3, "in", 0.7), { kind: "error", time: 4, message: "boom", fatal: false });
    expect(store.log.toArray().map((r) => r.kind)).toEqual(["message", "error"]);
    expect(store.skippedWhilePaused).toBe(2);
    expect(store.bot.level).toBe(0.7);
    store.setPaused(false);
    transport.emit(rtviEvent(5, "in", "bot-output"));
    expect(store.log.rows.size).toBe(3);
    store.clear();
    expect(store.log.rows.size).toBe(0);
  });

  it("polls counters into per-second rates", async () => {
    const transport = new ReplayTransport();
    let clock = 0;
    store = new DevtoolsStore(transport, { schedule: manualScheduler().schedule, statsIntervalMs: 20, now: () => clock });
    store.attach();
    for (let step = 1; step <= 5; step++) {
      for (let i = 0; i < 10; i++) transport.emit(audioEvent(clock, "in"));
      clock += 100; // 10 frames per 100 ms = 100 frames/s
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(store.stats.framesIn).toBe(50);
    expect(store.rates.framesInPerSec).toBeGreaterThan(80);
    expect(store.rates.framesInPerSec).toBeLessThan(120);
    expect(store.rates.framesOutPerSec).toBe(0);
  });

  it("reads 0 frames/s a second after traffic stops, not after the whole window", async () => {
    const transport = new ReplayTransport();
    let clock = 0;
    store = new DevtoolsStore(transport, { schedule: manualScheduler().schedule, statsIntervalMs: 20, now: () => clock });
    store.attach();
    for (let step = 1; step <= 4; step++) {
      for (let i = 0; i < 10; i++) transport.emit(audioEvent(clock, "in"));
      clock += 100;
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(store.rates.framesInPerSec).toBeGreaterThan(50);
    clock += 500; // polls with nothing new (the socket closed)
    await new Promise((r) => setTimeout(r, 30));
    expect(store.rates.framesInPerSec).toBeGreaterThan(0); // half a second: still the window's rate
    clock += 600;
    await new Promise((r) => setTimeout(r, 30));
    expect(store.rates).toEqual({ framesInPerSec: 0, framesOutPerSec: 0, bytesInPerSec: 0, bytesOutPerSec: 0 });
    expect(store.samples.size).toBeGreaterThan(4); // counter readings kept for an export's replay
  });

  it("keeps the redacted machine context of each transition, the countdown and failure", () => {
    const transport = new SnapshotTransport();
    store = new DevtoolsStore(transport, { schedule: manualScheduler().schedule, statsIntervalMs: 60_000 });
    store.attach();
    transport.value = { reconnecting: "backoff" };
    transport.context = { url: "ws://h/ws?token=abc123", attempt: 1, reconnect: { maxAttempts: 3 }, lastClose: { code: 1006, reason: "" }, failure: null, random: () => 1 };
    transport.emit({ kind: "state", time: 1000, state: "reconnecting.backoff", previous: "connected.ready", event: "SOCKET.CLOSE", attempt: 1, maxAttempts: 3, retryInMs: 800, transition: "connected|SOCKET.CLOSE|1" });
    const entry = store.timeline.entries.last()!;
    expect(entry.transition).toBe("connected|SOCKET.CLOSE|1");
    expect(entry.retryInMs).toBe(800);
    expect(entry.context).toEqual({ url: "ws://h/ws?token=***", attempt: 1, reconnect: { maxAttempts: 3 }, lastClose: { code: 1006, reason: "" }, failure: null });
    expect(store.retryAt).toBe(1800);
    expect(store.maxAttempts).toBe(3);
    expect(store.failed).toBe(false);
    transport.context = { ...transport.context, failure: { code: "reconnect-failed", message: "gave up" } };
    transport.emit({ kind: "state", time: 2000, state: "disconnected", previous: "reconnecting.opening", event: "SOCKET.CLOSE", attempt: 3, maxAttempts: 3 });
    expect(store.retryAt).toBeNull();
    expect(store.failed).toBe(true);
    const view = store.view();
    expect(view).toMatchObject({ mode: "live", state: "disconnected", failed: true, enteredAt: 2000 });
    expect(JSON.stringify(view.context)).not.toContain("abc123");
  });

  it("calls a disconnect after a fatal error failed even without a context", () => {
    const transport = new ReplayTransport();
    store = new DevtoolsStore(transport, { schedule: manualScheduler().schedule, statsIntervalMs: 60_000 });
    store.attach();
    transport.emit({ kind: "state", time: 10, state: "connecting", previous: "idle", event: "CONNECT", attempt: 0, maxAttempts: 2 });
    expect(store.failed).toBe(false);
    transport.emit({ kind: "error", time: 20, message: "could not open the WebSocket", fatal: true });
    transport.emit({ kind: "state", time: 21, state: "disconnected", previous: "connecting", event: "SOCKET.CLOSE", attempt: 0, maxAttempts: 2 });
    expect(store.failed).toBe(true);
  });
});
