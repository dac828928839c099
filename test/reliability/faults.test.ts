/**
 * Fault matrix, part 1: the server or the endpoint fails. Abrupt kills in connecting,
 * handshaking, ready and reconnecting; refusal during reconnect; an endpoint that answers 500,
 * invalid JSON, no `ws_url`, or hangs past its timeout. Each case must end in the state
 * DESIGN.md documents, and leave no socket, timer or listener behind.
 */
import { RTVIMessage } from "@pipecat-ai/client-js";
import { afterEach, describe, expect, it } from "vitest";
import { FakeBot, type ConnectionBehaviour } from "../support/fakeBot.js";
import type { EndpointDecision } from "../support/fakeBot.js";
import { expectNoLeaks, nodeTimers } from "./support/leaks.js";
import { createSession, pathOf, waitUntil, type Session } from "./support/session.js";

let server: FakeBot | null = null;
let endpoint: FakeBot | null = null;
let session: Session | null = null;

afterEach(async () => {
  await session?.client.disconnect().catch(() => {});
  await server?.close();
  if (endpoint !== server) await endpoint?.close();
  session = server = endpoint = null;
});

/** Fast reconnects so the matrix stays short; two attempts as by default. */
const FAST = { reconnect: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 40 }, connectTimeoutMs: 1_000 };

function script(...behaviours: ConnectionBehaviour[]): (i: number) => ConnectionBehaviour {
  return (i) => behaviours[Math.min(i, behaviours.length - 1)];
}

async function readySession(s: Session, url: string): Promise<void> {
  await s.client.connect({ wsUrl: url });
  expect(pathOf(s.transport)).toBe("connected.ready");
}

/** An RTVI server-message goes from the server to the client (the session is usable). */
async function expectUsable(s: Session, srv: FakeBot): Promise<void> {
  const got: unknown[] = [];
  s.client.on("serverMessage" as never, ((d: unknown) => got.push(d)) as never);
  srv.sendRaw(new (await import("../../src/serializers/ProtobufFrameSerializer.js")).ProtobufFrameSerializer().serializeMessage({
    label: "rtvi-ai", type: "server-message", id: "x", data: { ping: 1 },
  } as never));
  await waitUntil(() => got.length > 0, "a server message after recovery");
}

describe("abrupt server kill", () => {
  it("in connecting: ends disconnected with connect-failed (no reconnect before the first open)", async () => {
    const baseline = nodeTimers();
    server = await FakeBot.start({ behaviour: script("destroy-upgrade") });
    session = createSession({ transport: FAST });
    await expect(session.client.connect({ wsUrl: server.url })).rejects.toThrow(/could not open the WebSocket/);
    await waitUntil(() => pathOf(session!.transport) === "disconnected", "disconnected");
    expect(session.transport.getSnapshot().context.failure?.code).toBe("connect-failed");
    expect(server.connectionCount).toBe(1);
    expect(session.paths).not.toContain("reconnecting.backoff");
    await expectNoLeaks(session, server, baseline);
  });

  it("in handshaking: reconnects, re-sends client-ready and reaches ready", async () => {
    const baseline = nodeTimers();
    let clientReadies = 0;
    server = await FakeBot.start({
      behaviour: script("silent", "ready"),
      onFrame: (f) => {
        if (f.type === "message" && f.message.type === "client-ready") clientReadies++;
      },
    });
    session = createSession({ transport: FAST });
    const connected = session.client.connect({ wsUrl: server.url });
    await waitUntil(() => pathOf(session!.transport) === "connected.handshaking" && clientReadies === 1, "handshaking");
    server.killAll();
    await connected; // resolves on the bot-ready of the second connection
    expect(pathOf(session.transport)).toBe("connected.ready");
    expect(session.paths).toEqual(expect.arrayContaining(["connected.handshaking", "reconnecting.backoff", "reconnecting.opening", "connected.ready"]));
    expect(clientReadies).toBe(2);
    expect(session.transport.getStats().reconnects).toBe(1);
    await expectUsable(session, server);
    await session.client.disconnect();
    await expectNoLeaks(session, server, baseline);
  });

  it("in ready: reconnects to ready, and RTVI messages sent meanwhile are flushed after bot-ready", async () => {
    const baseline = nodeTimers();
    const received: string[] = [];
    server = await FakeBot.start({
      onFrame: (f) => {
        if (f.type === "message") received.push(f.message.type);
      },
    });
    session = createSession({ transport: { ...FAST, reconnect: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 100 } } });
    await readySession(session, server.url);
    server.killAll();
    await waitUntil(() => pathOf(session!.transport).startsWith("reconnecting"), "reconnecting");
    // client-js gates sendClientMessage on "ready"; the transport's own queue is what is tested.
    session.transport.sendMessage(new RTVIMessage("client-message", { t: "queued-while-reconnecting" }));
    await waitUntil(() => pathOf(session!.transport) === "connected.ready", "ready again");
    await waitUntil(() => received.includes("client-message"), "the queued message");
    // Order on the new socket: client-ready, then (after bot-ready) the queued message.
    expect(received.slice(-2)).toEqual(["client-ready", "client-message"]);
    expect(session.transport.getStats().reconnects).toBe(1);
    await expectUsable(session, server);
    await session.client.disconnect();
    await expectNoLeaks(session, server, baseline);
  });

  it("in reconnecting: a killed reconnect attempt counts as one attempt; the next one reaches ready", async () => {
    const baseline = nodeTimers();
    server = await FakeBot.start({ behaviour: script("ready", "stall-upgrade", "ready") });
    session = createSession({ transport: FAST });
    await readySession(session, server.url);
    server.killAll();
    await waitUntil(() => pathOf(session!.transport) === "reconnecting.opening" && server!.connectionCount === 2, "first reconnect attempt stalled");
    server.killAll(); // kills the stalled upgrade: the attempt fails while reconnecting
    await waitUntil(() => pathOf(session!.transport) === "connected.ready", "ready after the second attempt");
    expect(session.transport.getSnapshot().context.attempt).toBe(2);
    expect(server.connectionCount).toBe(3);
    await expectUsable(session, server);
    await session.client.disconnect();
    await expectNoLeaks(session, server, baseline);
  });

  it("refused during reconnect: gives up after maxAttempts, ends disconnected with a fatal reconnect-failed", async () => {
    const baseline = nodeTimers();
    server = await FakeBot.start();
    const port = server.port;
    session = createSession({ transport: FAST });
    await readySession(session, server.url);
    await server.refuse();
    await waitUntil(() => pathOf(session!.transport) === "disconnected", "disconnected", 5_000);
    const ctx = session.transport.getSnapshot().context;
    expect(ctx.failure?.code).toBe("reconnect-failed");
    expect(ctx.attempt).toBe(2);
    expect(session.errors.some((e) => e.fatal && /gave up after 2 reconnect attempt/.test(e.message))).toBe(true);
    expect(session.sockets.length).toBe(3); // the first socket and two refused attempts
    await expectNoLeaks(session, server, baseline, port);
  });
});

describe("endpoint faults", () => {
  const cases: [string, EndpointDecision, RegExp][] = [
    ["answers 500", "500", /answered HTTP 500/],
    ["answers invalid JSON", "invalid-json", /did not answer JSON/],
    ["answers without ws_url", "no-url", /without a "ws_url"/],
    ["hangs past its timeout", "hang", /no answer within 300 ms/],
  ];
  for (const [name, behaviour, message] of cases) {
    it(`${name}: ends disconnected with endpoint-failed, nothing left open`, async () => {
      const baseline = nodeTimers();
      endpoint = await FakeBot.start({ autoEndpoint: behaviour });
      session = createSession({ transport: FAST });
      // PipecatClient.connect({ endpoint }) is handled by client-js's own startBot(); the
      // transport's resolver is reached through the transport's connect with endpoint params.
      const started = Date.now();
      await expect(session.transport._connect({ endpoint: endpoint.endpointUrl, timeout: 300 })).rejects.toThrow(message);
      if (behaviour === "hang") expect(Date.now() - started).toBeLessThan(2_000);
      expect(pathOf(session.transport)).toBe("disconnected");
      expect(session.transport.getSnapshot().context.failure?.code).toBe("endpoint-failed");
      expect(endpoint.endpointCount).toBe(1);
      expect(session.sockets.length).toBe(0);
      // The client's side of the request must be gone at once (checked by port in expectNoLeaks).
      // For the hung request Node's http server notices the client's FIN only seconds later,
      // which is the server's business, so only answered requests wait for the server side.
      if (behaviour !== "hang") await waitUntil(() => endpoint!.tcp.size === 0, "the endpoint connection to close");
      await expectNoLeaks(session, null, baseline, endpoint.port);
    });
  }

  it("answers ws_url: connects and reaches ready (the control case)", async () => {
    const baseline = nodeTimers();
    server = await FakeBot.start();
    endpoint = server; // the same bot answers POST /connect with its own ws_url
    session = createSession({ transport: FAST });
    await session.transport._connect({ endpoint: endpoint.endpointUrl, timeout: 2_000 });
    await waitUntil(() => pathOf(session!.transport) === "connected.ready", "ready");
    expect(session.paths.slice(0, 4)).toEqual(["idle", "resolvingEndpoint", "connecting", "connected.handshaking"]);
    await session.client.disconnect();
    await expectNoLeaks(session, server, baseline);
    await waitUntil(() => endpoint!.tcp.size === 0, "the endpoint connection to close");
  });
});
