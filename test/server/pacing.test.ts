/**
 * The dev bot's send clock, on fake time: Pipecat's output clock (send, then sleep to the next
 * tick) sends the first two chunks at once and then one per interval; after a stall it restarts
 * from now instead of bursting to catch up; cancel stops it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pacedSend } from "../../src/server/pacing.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs a paced send; `stallAt: [k, ms]` makes sending chunk k take `ms` (a blocked event loop). */
function run(count: number, intervalMs: number, stallAt?: [number, number]): { times: number[]; done: () => number | null; cancel: () => void } {
  let lost = 0; // time the "blocked" sends took, on top of the fake timers' clock
  const now = (): number => performance.now() + lost;
  const t0 = now();
  const times: number[] = [];
  let doneAt: number | null = null;
  const send = pacedSend(
    count,
    intervalMs,
    (k) => {
      times.push(now() - t0);
      if (stallAt?.[0] === k) lost += stallAt[1];
    },
    () => (doneAt = now() - t0),
    now,
  );
  return { times, done: () => doneAt, cancel: () => send.cancel() };
}

describe("pacedSend (Pipecat's output clock)", () => {
  it("sends two chunks at once, then one per interval: real time, one chunk ahead", () => {
    const r = run(6, 40);
    vi.advanceTimersByTime(1000);
    expect(r.times).toEqual([0, 0, 40, 80, 120, 160]);
    expect(r.done()).toBe(160);
  });

  it("at pace 2 (20 ms chunks every 10 ms) the audio runs ahead of real time", () => {
    const r = run(5, 10);
    vi.advanceTimersByTime(1000);
    expect(r.times).toEqual([0, 0, 10, 20, 30]);
  });

  it("after a stall longer than an interval, restarts from now: one per interval from the late send, no catch-up burst", () => {
    // Sending chunk 2 (at 40 ms) blocks for 150 ms: the clock is past its next tick (80 ms).
    const r = run(8, 40, [2, 150]);
    vi.advanceTimersByTime(1000);
    expect(r.times).toEqual([0, 0, 40, 190, 230, 270, 310, 350]);
  });

  it("a stall shorter than an interval keeps the clock: no extra chunk is sent ahead", () => {
    const r = run(6, 40, [2, 25]);
    vi.advanceTimersByTime(1000);
    expect(r.times).toEqual([0, 0, 40, 80, 120, 160]);
  });

  it("cancel stops the clock: nothing more is sent and allSent never fires", () => {
    const r = run(10, 40);
    vi.advanceTimersByTime(45);
    r.cancel();
    vi.advanceTimersByTime(1000);
    expect(r.times).toEqual([0, 0, 40]);
    expect(r.done()).toBeNull();
  });

  it("a single chunk is sent at once and ends the send", () => {
    const r = run(1, 40);
    expect(r.times).toEqual([0]);
    expect(r.done()).toBe(0);
  });
});
