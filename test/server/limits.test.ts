/**
 * The dev server's gates: loopback-only binding, the /connect endpoint and its CORS, the token,
 * allowed origins and the message size limit — each enforced, and the server still serving after.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DevServerError, startDevServer, type DevServer, type DevServerLogRecord } from "../../src/server/index.js";
import { RawClient } from "./support.js";

let server: DevServer | undefined;
let logs: DevServerLogRecord[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.close();
  server = undefined;
  logs = [];
});

async function start(options: Parameters<typeof startDevServer>[0] = {}): Promise<DevServer> {
  server = await startDevServer({ port: 0, logger: (r) => logs.push(r), ...options });
  return server;
}

async function open(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const c = await RawClient.open(url, headers);
  clients.push(c);
  return c;
}

async function expectReady(url: string, headers: Record<string, string> = {}): Promise<void> {
  const c = await open(url, headers);
  c.sendRtvi("client-ready");
  await c.waitForRtvi("bot-ready", 1, 5000);
}

function statusOf(p: Promise<unknown>): Promise<number> {
  return p.then(
    () => 101,
    (e: { status?: number }) => e.status ?? -1,
  );
}

describe("dev server access", () => {
  it("refuses a non-loopback host unless asked, and names the option", async () => {
    await expect(startDevServer({ host: "0.0.0.0", port: 0, logger: false })).rejects.toThrow(DevServerError);
    await expect(startDevServer({ host: "0.0.0.0", port: 0, logger: false })).rejects.toThrow(/allowNonLoopback/);
    const s = await start({ host: "0.0.0.0", allowNonLoopback: true });
    const res = await fetch(`http://127.0.0.1:${s.port}/connect`, { method: "POST" });
    // Behind a wildcard bind, ws_url uses the Host the client reached.
    expect((await res.json()) as unknown).toEqual({ ws_url: `ws://127.0.0.1:${s.port}/ws?token=${s.token}` });
  });

  it("reports a busy port with the fix", async () => {
    const s = await start();
    await expect(startDevServer({ port: s.port, logger: false })).rejects.toThrow(/in use.*--port/);
  });

  it("POST /connect returns ws_url with CORS for loopback pages and 403 for other origins", async () => {
    const s = await start();
    const pre = await fetch(s.connectUrl, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,x-app" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(pre.headers.get("access-control-allow-headers")).toBe("content-type,x-app");
    const ok = await fetch(s.connectUrl, { method: "POST", headers: { Origin: "http://localhost:5173", "Content-Type": "application/json" }, body: "{}" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const { ws_url } = (await ok.json()) as { ws_url: string };
    expect(ws_url).toBe(s.wsUrl);
    await expectReady(ws_url, { Origin: "http://localhost:5173" });
    const evil = await fetch(s.connectUrl, { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    expect((await fetch(`${s.url}/nope`)).status).toBe(404);
  });

  it("rejects a missing or wrong token with 401 and never logs the token", async () => {
    const s = await start({ token: "s3cret-token" });
    const base = s.wsUrl.split("?")[0]!;
    expect(await statusOf(RawClient.open(base))).toBe(401);
    expect(await statusOf(RawClient.open(`${base}?token=s3cret-tokeX`))).toBe(401);
    expect(await statusOf(RawClient.open(`${base.replace("/ws", "/other")}?token=s3cret-token`))).toBe(404);
    await expectReady(s.wsUrl);
    expect(logs.filter((l) => l.event === "handshake-rejected").map((l) => l.reason)).toEqual(["token", "token", "path"]);
    expect(JSON.stringify(logs)).not.toContain("s3cret");
  });

  it("enforces allowed origins on the socket (cross-site WebSocket hijacking)", async () => {
    const s = await start({ allowedOrigins: ["https://app.example"] });
    expect(await statusOf(RawClient.open(s.wsUrl, { Origin: "http://localhost:3000" }))).toBe(403);
    expect(await statusOf(RawClient.open(s.wsUrl, { Origin: "null" }))).toBe(403);
    await expectReady(s.wsUrl, { Origin: "https://app.example" });
    await expectReady(s.wsUrl); // no Origin: not a browser page
  });

  it("closes a connection that sends a message over the size limit with 1009, and keeps serving", async () => {
    const s = await start();
    const c = await open(s.wsUrl);
    c.ws.send(new Uint8Array(1024 * 1024)); // exactly 1 MiB: allowed (malformed, ignored)
    c.ws.send(new Uint8Array(1024 * 1024 + 1));
    await c.waitFor(() => c.closed !== null, 5000, "close");
    expect(c.closed!.code).toBe(1009);
    expect(logs.some((l) => l.event === "message-too-large" && l.limit === 1024 * 1024)).toBe(true);
    expect(logs.some((l) => l.event === "malformed-input")).toBe(true);
    await expectReady(s.wsUrl);
  });

  it("survives garbage from a client: text, random bytes, bad JSON, odd audio", async () => {
    const s = await start();
    const c = await open(s.wsUrl);
    c.ws.send("hello");
    c.ws.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]));
    c.ws.send(c.serializer.serialize("not an object"));
    c.ws.send(new Uint8Array([0x12, 0x05, 0x1a, 0x03, 1, 2, 3])); // audio with 3 bytes
    for (let i = 0; i < 50; i++) c.ws.send(new Uint8Array([0x0a, 0x7f]));
    c.sendRtvi("client-ready");
    await c.waitForRtvi("bot-ready");
    const reasons = logs.filter((l) => l.event === "malformed-input").map((l) => l.reason);
    expect(reasons).toEqual(["unsupported-input", "decode-error", "invalid-json", "odd-length-audio"]);
    await c.close();
    await expect.poll(() => logs.find((l) => l.event === "closed")?.malformed).toMatch(/decode-error:51/);
  });
});
