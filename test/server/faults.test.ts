/**
 * Fault injection: each fault does what it says to the current client, and the server serves
 * the next client normally afterwards. The HTTP fault API exists only when exposed.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MALFORMED_KINDS, startDevServer, type DevServer } from "../../src/server/index.js";
import { RawClient } from "./support.js";

let server: DevServer;
const clients: RawClient[] = [];

beforeAll(async () => {
  server = await startDevServer({ port: 0, logger: false, exposeFaults: true });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
beforeEach(async () => {
  // Connections closed by the previous test finish closing on the server side.
  await expect.poll(() => server.connectionCount(), { timeout: 5000 }).toBe(0);
});
afterAll(async () => {
  await server.close();
});

async function open(): Promise<RawClient> {
  const c = await RawClient.open(server.wsUrl);
  clients.push(c);
  return c;
}

async function readyClient(): Promise<RawClient> {
  const c = await open();
  c.sendRtvi("client-ready");
  await c.waitForRtvi("bot-ready", 1, 5000);
  return c;
}

/** The next client gets bot-ready and a working echo handshake: the server is still serving. */
async function expectServing(): Promise<void> {
  const c = await readyClient();
  await c.close();
}

describe("fault injection", () => {
  it("drop: the socket ends without a close frame (1006)", async () => {
    const c = await readyClient();
    expect(server.faults.dropConnections()).toBe(1);
    await c.waitFor(() => c.closed !== null, 5000, "close");
    expect(c.closed!.code).toBe(1006);
    await expectServing();
  });

  it.each([1000, 1011, 4001])("close with code %i", async (code) => {
    const c = await readyClient();
    server.faults.closeConnections(code, "fault test");
    await c.waitFor(() => c.closed !== null, 5000, "close");
    expect(c.closed).toEqual({ code, reason: "fault test" });
    await expectServing();
  });

  it("refuse: the next N handshakes get the HTTP status, then connections work", async () => {
    server.faults.refuseHandshakes(2, 503);
    for (let i = 0; i < 2; i++) {
      await expect(RawClient.open(server.wsUrl)).rejects.toMatchObject({ status: 503 });
    }
    await expectServing();
  });

  it("delay: the handshake completes after the delay", async () => {
    server.faults.delayHandshakes(1, 400);
    const t0 = performance.now();
    await open();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(380);
    await expectServing();
  });

  it("hang: the handshake never completes; the client gives up; the next one works", async () => {
    server.faults.delayHandshakes(1, Number.POSITIVE_INFINITY);
    const pending = RawClient.open(server.wsUrl);
    const outcome = await Promise.race([pending.then(() => "opened", () => "failed"), new Promise((r) => setTimeout(() => r("hung"), 500))]);
    expect(outcome).toBe("hung");
    await expectServing();
    // Closing the server would end it too; here the client gives up by itself.
    pending.then((c) => c.close(), () => undefined);
  });

  it("withhold bot-ready: client-ready goes unanswered once", async () => {
    server.faults.withholdBotReady(1);
    const c = await open();
    c.sendRtvi("client-ready");
    await expect(c.waitForRtvi("bot-ready", 1, 400)).rejects.toThrow(/timed out/);
    c.sendRtvi("client-ready"); // a retry is answered
    await c.waitForRtvi("bot-ready", 1, 5000);
    await c.close();
  });

  it.each(MALFORMED_KINDS.map((k) => [k]))("malformed %s: the client sees exactly that reason, the session goes on", async (kind) => {
    const c = await readyClient();
    const before = c.received.length;
    expect(server.faults.sendMalformed(kind)).toBe(1);
    await c.waitFor(() => c.received.length > before, 5000, "malformed frame");
    const frame = c.received[before]!.frame;
    if (kind === "oversized") {
      // Well-formed but over 1 MiB: a client's size check, before decoding, must drop it.
      expect(frame.type).toBe("audio");
      expect(frame.type === "audio" && frame.audio.byteLength).toBeGreaterThan(1024 * 1024);
    } else {
      expect(frame).toMatchObject({ type: "malformed", reason: kind });
    }
    c.sendRtvi("client-message", { t: "ping", d: 1 }, "after-fault");
    await c.waitForRtvi("server-response", 1, 5000);
    await c.close();
    await expectServing();
  });

  it("HTTP fault API: needs the token, validates input, and works", async () => {
    const url = `${server.url}/__faults`;
    const post = (body: unknown, token: string | null = server.token) =>
      fetch(url, { method: "POST", headers: token ? { Authorization: `Bearer ${token}` } : {}, body: JSON.stringify(body) });
    expect((await post({ action: "drop" }, null)).status).toBe(401);
    expect((await post({ action: "close", code: 1005 })).status).toBe(400);
    expect((await post({ action: "explode" })).status).toBe(400);
    const c = await readyClient();
    const res = await post({ action: "close", code: 4002, reason: "via http" });
    expect(await res.json()).toEqual({ affected: 1 });
    await c.waitFor(() => c.closed !== null, 5000, "close");
    expect(c.closed).toEqual({ code: 4002, reason: "via http" });
    await expectServing();
  });

  it("is not reachable over HTTP unless exposed", async () => {
    const plain = await startDevServer({ port: 0, logger: false });
    try {
      const res = await fetch(`${plain.url}/__faults`, {
        method: "POST",
        headers: { Authorization: `Bearer ${plain.token}` },
        body: JSON.stringify({ action: "drop" }),
      });
      expect(res.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
