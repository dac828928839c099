/**
 * The call statechart's exit rules, in-process on fake time: the machine is driven with the
 * events `pipecat-ws call` sends it (bot and user turns, bot audio, fatal errors, the bot
 * leaving, reconnects, signals) and its output is checked: done 0, bot left 0, failure 1,
 * the bot not finishing 3, SIGINT 130, SIGTERM 143.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createActor, fromPromise, type Actor } from "xstate";
import { CALL_EXIT_CODES, callExitCode, callMachine, type CallEvent, type CallOutput } from "../../machines/callMachine.js";

interface Harness {
  actor: Actor<typeof callMachine>;
  /** Resolves (or rejects) the connect actor: the bot is ready. */
  ready(): void;
  fail(error: unknown): void;
  /** The whole input has been sent (or stopped early with `false`). */
  inputDone(completed?: boolean): void;
  send(...events: CallEvent[]): void;
  output(): CallOutput | undefined;
  announced: string[];
  /** What the sink still has to play, in ms (the `drain` delay). */
  buffered: { ms: number };
}

function harness(input = { connectTimeoutMs: 5000, idleMs: 1500, waitMs: 30_000 }): Harness {
  let resolveConnect: () => void = () => {};
  let rejectConnect: (e: unknown) => void = () => {};
  let resolveInput: (completed: boolean) => void = () => {};
  const announced: string[] = [];
  const buffered = { ms: 0 };
  const machine = callMachine.provide({
    actors: {
      connect: fromPromise<void, void>(() => new Promise<void>((res, rej) => ((resolveConnect = res), (rejectConnect = rej)))),
      sendInput: fromPromise<boolean, void>(() => new Promise<boolean>((res) => (resolveInput = res))),
    },
    actions: {
      announceReady: () => void announced.push("ready"),
      announceInputSent: ({ context }) => void announced.push(`input sent (${String(context.inputCompleted)})`),
      announceBotLeft: () => void announced.push("bot left"),
    },
    delays: { drain: () => buffered.ms },
  });
  const actor = createActor(machine, { input });
  actor.start();
  return {
    actor,
    ready: () => resolveConnect(),
    fail: (e) => rejectConnect(e),
    inputDone: (completed = true) => resolveInput(completed),
    send: (...events) => events.forEach((e) => actor.send(e)),
    output: () => (actor.getSnapshot().status === "done" ? actor.getSnapshot().output : undefined),
    announced,
    buffered,
  };
}

/** Lets promise callbacks (actor completions) run. */
const settle = () => vi.advanceTimersByTimeAsync(0);
/** A 0 ms delay (the drain of an empty sink) is a 1 ms timer, as in Node. */
const DRAIN_0 = 1;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("call statechart", () => {
  it("done (0): input sent, the bot answered, then idleMs of quiet", async () => {
    const h = harness();
    h.ready();
    await settle();
    expect(h.actor.getSnapshot().value).toBe("sending");
    h.send({ type: "USER_STOPPED_SPEAKING" }, { type: "BOT_STARTED_SPEAKING" }, { type: "BOT_AUDIO" });
    h.inputDone();
    await settle();
    expect(h.actor.getSnapshot().value).toEqual({ awaitingBot: "quiet" });
    await vi.advanceTimersByTimeAsync(1000);
    h.send({ type: "BOT_AUDIO" }, { type: "BOT_STOPPED_SPEAKING" });
    await vi.advanceTimersByTimeAsync(1499);
    expect(h.output()).toBeUndefined(); // the quiet period restarted at the bot's last event
    await vi.advanceTimersByTimeAsync(1 + DRAIN_0);
    expect(h.output()).toEqual({ outcome: "done", exitCode: 0, failure: null, turns: 1, interruptions: 0 });
    expect(h.announced).toEqual(["ready", "input sent (true)"]);
  });

  it("waits for an answer owed (user turn pending) and for the bot to stop speaking", async () => {
    const h = harness();
    h.ready();
    await settle();
    h.send({ type: "USER_STOPPED_SPEAKING" });
    h.inputDone();
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.actor.getSnapshot().value).toEqual({ awaitingBot: "waitingForBot" });
    h.send({ type: "BOT_STARTED_SPEAKING" });
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.actor.getSnapshot().value).toEqual({ awaitingBot: "waitingForBot" }); // still speaking
    h.send({ type: "BOT_STOPPED_SPEAKING" });
    await vi.advanceTimersByTimeAsync(1500 + DRAIN_0);
    expect(h.output()?.outcome).toBe("done");
  });

  it("does not finish before the recorded audio has played out (the sink's buffer)", async () => {
    const h = harness();
    h.ready();
    await settle();
    h.inputDone();
    h.buffered.ms = 800;
    await vi.advanceTimersByTimeAsync(1500);
    expect(h.actor.getSnapshot().value).toEqual({ awaitingBot: "draining" });
    await vi.advanceTimersByTimeAsync(799);
    expect(h.output()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(h.output()?.exitCode).toBe(0);
  });

  it("timed out (3): the bot is still speaking waitMs after the input ended", async () => {
    const h = harness({ connectTimeoutMs: 5000, idleMs: 1500, waitMs: 4000 });
    h.ready();
    await settle();
    h.send({ type: "USER_STOPPED_SPEAKING" }, { type: "BOT_STARTED_SPEAKING" });
    h.inputDone();
    await settle();
    for (let t = 0; t < 4000; t += 500) {
      h.send({ type: "BOT_AUDIO" }); // a bot that talks forever
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(h.output()).toMatchObject({ outcome: "timed-out", exitCode: 3 });
  });

  it("waitMs with nothing owed ends as done, not timed out", async () => {
    const h = harness({ connectTimeoutMs: 5000, idleMs: 3000, waitMs: 2000 });
    h.ready();
    await settle();
    h.inputDone();
    await settle();
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.output()).toMatchObject({ outcome: "done", exitCode: 0 });
  });

  it("a reconnect in progress holds the call open; the connection coming back lets it finish", async () => {
    const h = harness();
    h.ready();
    await settle();
    h.inputDone();
    await settle();
    h.send({ type: "LINK_DOWN" });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.output()).toBeUndefined();
    h.send({ type: "LINK_UP" });
    await vi.advanceTimersByTimeAsync(1500 + DRAIN_0);
    expect(h.output()?.outcome).toBe("done");
  });

  it("after a reconnect nothing is owed from the old session (a restarted bot never ends its old turn)", async () => {
    const h = harness();
    h.ready();
    await settle();
    h.send({ type: "USER_STOPPED_SPEAKING" }, { type: "BOT_STARTED_SPEAKING" }, { type: "LINK_DOWN" });
    h.inputDone();
    await vi.advanceTimersByTimeAsync(3000);
    expect(h.actor.getSnapshot().value).toEqual({ awaitingBot: "waitingForBot" });
    h.send({ type: "LINK_UP" });
    await vi.advanceTimersByTimeAsync(1500 + DRAIN_0);
    expect(h.output()).toMatchObject({ outcome: "done", turns: 1 });
  });

  it("failed (1): connect rejects; the error is kept for the one-line message", async () => {
    const h = harness();
    const error = Object.assign(new Error("nope"), { code: "connect-failed" });
    h.send({ type: "FATAL", message: "client-js says less" }); // comes first; connect's error wins
    h.fail(error);
    await settle();
    expect(h.output()).toMatchObject({ outcome: "failed", exitCode: 1, failure: { kind: "connect-error", error } });
  });

  it("failed (1): no bot-ready within connectTimeoutMs", async () => {
    const h = harness({ connectTimeoutMs: 800, idleMs: 1500, waitMs: 30_000 });
    await vi.advanceTimersByTimeAsync(800);
    expect(h.output()).toMatchObject({ outcome: "failed", exitCode: 1, failure: { kind: "connect-timeout", ms: 800 } });
  });

  it.each(["sending", "awaitingBot"])("failed (1): a fatal error while %s", async (phase) => {
    const h = harness();
    h.ready();
    await settle();
    if (phase === "awaitingBot") {
      h.inputDone();
      await settle();
    }
    h.send({ type: "FATAL", message: "connection lost (code 1006)" });
    expect(h.output()).toMatchObject({ outcome: "failed", exitCode: 1, failure: { kind: "fatal", message: "connection lost (code 1006)" } });
  });

  it("bot left (0): a clean close from the bot ends the call", async () => {
    const h = harness();
    h.ready();
    await settle();
    h.send({ type: "BOT_LEFT" });
    expect(h.output()).toMatchObject({ outcome: "bot-left", exitCode: 0 });
    expect(h.announced).toContain("bot left");
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("interrupted by %s (%i), in any state", async (signal, code) => {
    for (const phase of ["connecting", "sending", "awaitingBot"]) {
      const h = harness();
      if (phase !== "connecting") {
        h.ready();
        await settle();
      }
      if (phase === "awaitingBot") {
        h.inputDone();
        await settle();
      }
      expect(h.actor.getSnapshot().matches(phase as never)).toBe(true);
      h.send({ type: "INTERRUPTION" }, { type: "SIGNAL", signal });
      expect(h.output()).toMatchObject({ outcome: "interrupted", exitCode: code, interruptions: phase === "connecting" ? 0 : 1 });
    }
  });

  it("exit codes: 0 done and bot left, 1 failure, 2 usage, 3 not finished, 128 + signal", () => {
    expect(CALL_EXIT_CODES).toEqual({ done: 0, "bot-left": 0, failed: 1, usage: 2, "timed-out": 3, SIGINT: 130, SIGTERM: 143 });
    expect(callExitCode("interrupted", null)).toBe(130);
    expect(callExitCode("timed-out", "SIGTERM")).toBe(3);
  });
});
