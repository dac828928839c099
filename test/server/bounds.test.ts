/**
 * The dev server's resource bounds (a hostile client cannot freeze, exhaust or flood it): audio
 * outside 8–48 kHz / 1–2 channels is dropped, audio over a connection's budget is dropped, the
 * connection cap refuses clearly, idle connections are closed, rejected handshakes are logged
 * with throttling, oversized headers get 431, and `::1` / `[::1]` listen on IPv6 loopback.
 */
import { request } from "node:http";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { startDevServer, type DevServer, type DevServerLogRecord, type DevServerOptions } from "../../src/server/index.js";
import { RawClient, silence, syntheticSpeech } from "./support.js";

let servers: DevServer[] = [];
let logs: DevServerLogRecord[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  logs = [];
});

async function start(options: DevServerOptions = {}): Promise<DevServer> {
  const s = await startDevServer({ port: 0, logger: (r) => logs.push(r), ...options });
  servers.push(s);
  return s;
}

async function ready(s: DevServer): Promise<RawClient> {
  const c = await RawClient.open(s.wsUrl);
  clients.push(c);
  c.sendRtvi("client-ready");
  await c.waitForRtvi("bot-ready", 1, 5000);
  return c;
}

/** A request/answer round trip through the bot: proves the session (and the server) still serve. */
async function ping(c: RawClient, id: string): Promise<void> {
  const before = c.rtviTypes().filter((t) => t === "server-response").length;
  c.sendRtvi("client-message", { t: "ping", d: id }, id);
  await c.waitForRtvi("server-response", before + 1, 5000);
}

const statusOf = (p: Promise<unknown>): Promise<number> =>
  p.then(
    () => 101,
    (e: { status?: number }) => e.status ?? -1,
  );

const records = (event: string): DevServerLogRecord[] => logs.filter((l) => l.event === event);

describe("dev server bounds", () => {
  it("drops audio outside 8000–48000 Hz or 1–2 channels as invalid-audio-format; the session goes on", async () => {
    const s = await start();
    const c = await ready(s);
    c.ws.send(c.serializer.serializeAudio(new Int16Array(480), 24000, 1));
    c.ws.send(c.serializer.serializeAudio(new Int16Array(50), 1, 1)); // 100 bytes at 1 Hz
    c.ws.send(c.serializer.serializeAudio(new Int16Array(960), 96000, 1));
    c.ws.send(c.serializer.serializeAudio(new Int16Array(960), 16000, 3));
    await ping(c, "after-bad-audio");
    const bad = records("malformed-input").filter((l) => l.reason === "invalid-audio-format");
    expect(bad).toHaveLength(1); // logged once per kind…
    await c.close();
    // …and all three counted.
    await expect.poll(() => records("closed").at(-1)?.malformed).toMatch(/invalid-audio-format:3/);
  });

  it("drops audio over the connection's budget (samples per second), counted, and keeps the session", async () => {
    const s = await start({ maxAudioSamplesPerSecond: 16000 });
    const c = await ready(s);
    const speech = syntheticSpeech(16000, 2, 4);
    // 2 s of 16 kHz audio at once: the first second fits the bucket, the rest is over budget.
    for (let k = 0; k < 100; k++) c.ws.send(c.serializer.serializeAudio(speech.subarray(k * 320, (k + 1) * 320), 16000, 1));
    await ping(c, "after-flood");
    expect(records("audio-over-budget")[0]).toMatchObject({ reason: "audio-over-budget", count: 1, limit: 16000 });
    await c.close();
    const dropped = Number(/audio-over-budget:(\d+)/.exec(String(records("closed").at(-1)?.malformed))?.[1]);
    expect(dropped).toBeGreaterThanOrEqual(45);
    expect(dropped).toBeLessThanOrEqual(50);
  });

  it("real-time audio stays within the default budget (48 kHz stereo, no drops)", async () => {
    const s = await start();
    const c = await ready(s);
    const chunk = new Int16Array(960 * 2); // 20 ms of 48 kHz stereo
    for (let k = 0; k < 100; k++) c.ws.send(c.serializer.serializeAudio(chunk, 48000, 2)); // 2 s, at once
    await ping(c, "after-stereo");
    expect(records("audio-over-budget")).toHaveLength(0);
  });

  it("refuses connections over the cap with HTTP 503 and a reason, and accepts again once one closes", async () => {
    const s = await start({ maxConnections: 2 });
    const a = await ready(s);
    await ready(s);
    expect(await statusOf(RawClient.open(s.wsUrl))).toBe(503);
    expect(records("handshake-rejected").at(-1)).toMatchObject({ status: 503, reason: "capacity" });
    const body = await new Promise<string>((resolve) => {
      const sock = connect(s.port, "127.0.0.1", () =>
        sock.write(`GET /ws?token=${s.token} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`),
      );
      let got = "";
      sock.on("data", (d) => (got += d.toString()));
      sock.on("close", () => resolve(got));
    });
    expect(body).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(body).toMatch(/too many connections \(the limit is 2; serve --max-connections\)/);
    await a.close();
    await expect.poll(() => s.connectionCount()).toBe(1);
    await ready(s);
  });

  it("closes a connection idle past idleTimeoutMs (1000, 'idle timeout'), not one that is talking", async () => {
    const s = await start({ idleTimeoutMs: 400 });
    const idle = await ready(s);
    const busy = await ready(s);
    const t0 = performance.now();
    const keepTalking = setInterval(() => busy.sendRtvi("client-message", { t: "ping", d: 0 }), 100);
    try {
      await idle.waitFor(() => idle.closed !== null, 5000, "idle close");
      expect(idle.closed).toEqual({ code: 1000, reason: "idle timeout" });
      expect(performance.now() - t0).toBeGreaterThanOrEqual(300);
      await new Promise((r) => setTimeout(r, 500));
      expect(busy.closed).toBeNull();
    } finally {
      clearInterval(keepTalking);
    }
    expect(records("idle-timeout")).toHaveLength(1);
  });

  it("speech counts as activity: a user talking longer than the idle timeout is not cut off", async () => {
    const s = await start({ idleTimeoutMs: 300 });
    const c = await ready(s);
    await c.streamAudio(syntheticSpeech(16000, 0.9, 8), 16000, 1);
    expect(c.closed).toBeNull();
    await c.streamAudio(silence(16000, 0.1), 16000, 1);
    expect(c.closed).toBeNull();
  });

  it("logs a flood of rejected handshakes in a few lines, with the number suppressed", async () => {
    const s = await start({ token: "right" });
    const bad = s.wsUrl.replace("token=right", "token=wrong");
    const statuses = await Promise.all(Array.from({ length: 60 }, () => statusOf(RawClient.open(bad))));
    expect(statuses.every((st) => st === 401)).toBe(true);
    await s.close(); // writes the pending summary
    const lines = records("handshake-rejected");
    expect(lines.length).toBe(6);
    expect(lines.slice(0, 5).every((l) => l.reason === "token" && l.suppressed === undefined)).toBe(true);
    expect(lines[5]).toMatchObject({ reason: "token", status: 401, suppressed: 55 });
  });

  it("answers oversized request headers with 431, on HTTP and on the WebSocket upgrade", async () => {
    const s = await start({ maxHeaderBytes: 8192 });
    const big = "a".repeat(10_000);
    const httpStatus = await new Promise<number>((resolve, reject) => {
      const req = request(`${s.url}/connect`, { method: "POST", headers: { "x-big": big } }, (res) => resolve(res.statusCode ?? 0));
      req.on("error", reject);
      req.end();
    });
    expect(httpStatus).toBe(431);
    expect(await statusOf(RawClient.open(s.wsUrl, { "x-big": big }))).toBe(431);
    expect(records("request-rejected")[0]).toMatchObject({ status: 431, reason: "HPE_HEADER_OVERFLOW" });
    await ready(s); // still serving
  });

  const hasIpv6Loopback = Object.values(networkInterfaces()).some((list) => list?.some((i) => i.address === "::1"));
  it.skipIf(!hasIpv6Loopback).each(["::1", "[::1]"])("--host %s listens on IPv6 loopback and prints the URL with brackets", async (host) => {
    const s = await start({ host });
    expect(s.url).toBe(`http://[::1]:${s.port}`);
    expect(s.wsUrl.startsWith(`ws://[::1]:${s.port}/ws?token=`)).toBe(true);
    const res = await fetch(s.connectUrl, { method: "POST" });
    expect(((await res.json()) as { ws_url: string }).ws_url).toBe(s.wsUrl);
    await ready(s);
  });
});
