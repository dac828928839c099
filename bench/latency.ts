/**
 * Loopback latency in Node: `client.connect()` → `ready` (socket open, client-ready, bot-ready),
 * and abrupt server kill → `ready` again, with the default reconnect policy (its backoff
 * jitter dominates) and with a zero backoff (the transport's own cost).
 */
import { FakeBot } from "../test/support/fakeBot.js";
import { createSession, pathOf, type Session } from "../test/reliability/support/session.js";
import { DEFAULTS } from "../src/transport/defaults.js";
import { median, percentile } from "./stats.js";

// The first attempt's delay under the default policy: baseDelayMs ± jitter.
const { baseDelayMs, jitter } = DEFAULTS.reconnect;
const firstDelay = `${baseDelayMs * (1 - jitter)}–${baseDelayMs * (1 + jitter)} ms`;

export interface LatencyResult {
  name: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
}

/** Resolves at the snapshot that satisfies `pred` (no polling: exact to the event). */
function until(s: Session, pred: (path: string) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (pred(pathOf(s.transport))) return resolve();
    const sub = s.transport.actorRef.subscribe(() => {
      if (pred(pathOf(s.transport))) {
        sub.unsubscribe();
        resolve();
      }
    });
  });
}

function summarize(name: string, xs: number[]): LatencyResult {
  return { name, runs: xs.length, medianMs: median(xs), p95Ms: percentile(xs, 95), minMs: Math.min(...xs) };
}

export async function benchLatency(runs = 30): Promise<LatencyResult[]> {
  const server = await FakeBot.start();
  const results: LatencyResult[] = [];
  try {
    const connect: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = createSession({ keepAudio: false });
      const t0 = performance.now();
      await s.client.connect({ wsUrl: server.url });
      connect.push(performance.now() - t0);
      await s.client.disconnect();
    }
    results.push(summarize("connect() → ready (new client each run)", connect));

    for (const [label, reconnect] of [
      [`abrupt kill → ready again (default policy: first backoff ${firstDelay})`, undefined],
      ["abrupt kill → ready again (baseDelayMs 0: transport cost only)", { baseDelayMs: 0, maxDelayMs: 0 }],
    ] as const) {
      // stableAfterMs 0: every kill is a first attempt (otherwise kills within 5 s use up the attempts).
      const s = createSession({ keepAudio: false, transport: { stableAfterMs: 0, ...(reconnect ? { reconnect } : {}) } });
      await s.client.connect({ wsUrl: server.url });
      const xs: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        server.killAll();
        await until(s, (p) => p !== "connected.ready");
        await until(s, (p) => p === "connected.ready");
        xs.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 5));
      }
      await s.client.disconnect();
      results.push(summarize(label, xs));
    }
  } finally {
    await server.close();
  }
  return results;
}
