/**
 * The machine's context is plain data at every step of a session that connects, loses its
 * socket, backs off and reconnects: it survives a JSON round trip unchanged (no functions, no
 * random source, no actor refs), so snapshots can be persisted, exported to devtools and diffed.
 */
import { describe, expect, it } from "vitest";
import { cleanupsAfterEach, until } from "../support/harness.js";
import { inspectedSession } from "../support/inspectedSession.js";

const cleanups = cleanupsAfterEach();

describe("connection machine context", () => {
  it("is plain JSON in every state of a connect → drop → backoff → reconnect session", async () => {
    const s = await inspectedSession(cleanups, { autoBotReady: true }, { reconnect: { baseDelayMs: 100, maxDelayMs: 100, jitter: 0 } });
    const seen: ReturnType<typeof s.transport.getSnapshot>[] = [];
    const sub = s.transport.actorRef.subscribe((snap) => seen.push(snap));
    cleanups.push(() => sub.unsubscribe());
    await s.client.connect({ wsUrl: s.server.url });
    s.server.killAll();
    await until("back to ready after the drop", () => s.transport.getSnapshot().context.reconnects === 1 && s.transport.getSnapshot().hasTag("ready"));
    const states = new Set(seen.map((x) => JSON.stringify(x.value)));
    expect([...states].some((v) => v.includes("backoff"))).toBe(true);
    for (const snap of seen) expect(JSON.parse(JSON.stringify(snap.context))).toEqual(snap.context);
  });
});
