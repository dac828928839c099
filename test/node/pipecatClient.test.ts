/**
 * Node integration: PipecatClient + our WebSocketTransport (the ./node entry) against a real
 * ws server on 127.0.0.1 speaking the Pipecat protocol.
 */
import { PipecatClient, type RTVIMessage, type TransportState } from "@pipecat-ai/client-js";
import PlainWebSocket from "ws";
import { afterEach, describe, expect, it } from "vitest";
import { StreamAudioIO } from "../../src/audio/StreamAudioIO.js";
import { WebSocketTransport } from "../../src/node/index.js";
import { Frame } from "../../src/serializers/wire.js";
import { RecordingSink } from "../support/harness.js";
import { recordingLogger } from "../support/quietLogger.js";
import { FakeBot } from "../support/fakeBot.js";
import { encodeInterruptionFrame } from "../../src/server/frameEncoders.js";


interface Session {
  server: FakeBot;
  transport: WebSocketTransport;
  client: PipecatClient;
  sink: RecordingSink;
  states: TransportState[];
  errors: RTVIMessage[];
  messages: RTVIMessage[];
  logger: ReturnType<typeof recordingLogger>;
  botDisconnected: number;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function session(
  options: { reconnect?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number }; echo?: boolean; stableAfterMs?: number; WebSocket?: never } = {},
): Promise<Session> {
  const server = await FakeBot.start({ autoHandshake: "accept", echoAudio: options.echo ? 24000 : false });
  const sink = new RecordingSink();
  const logger = recordingLogger();
  const transport = new WebSocketTransport({
    audio: new StreamAudioIO({ sink }),
    reconnect: { baseDelayMs: 50, maxDelayMs: 200, ...options.reconnect },
    connectTimeoutMs: 2000,
    stableAfterMs: options.stableAfterMs ?? 5000,
    logger,
    ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
  });
  const s: Session = { server, transport, client: null as never, sink, states: [], errors: [], messages: [], logger, botDisconnected: 0 };
  s.client = new PipecatClient({
    transport,
    enableMic: true,
    enableCam: false,
    callbacks: {
      onTransportStateChanged: (state) => s.states.push(state),
      onError: (e) => s.errors.push(e),
      onServerMessage: (m) => s.messages.push(m as RTVIMessage),
      onBotDisconnected: () => s.botDisconnected++,
    },
  });
  cleanups.push(async () => {
    await s.client.disconnect().catch(() => {});
    await server.close();
  });
  return s;
}

async function until(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function tone(samples: number): ArrayBuffer {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.round(Math.sin(i / 5) * 10000);
  return out.buffer;
}

describe("PipecatClient + WebSocketTransport in Node", () => {
  it("reaches ready only after bot-ready, and echoes audio", async () => {
    const s = await session({ echo: true });
    s.server.setAutoBotReady(false);
    const connecting = s.client.connect({ wsUrl: s.server.wsUrl });
    await until("socket open", () => s.transport.state === "connected");
    await new Promise((r) => setTimeout(r, 50));
    expect(s.transport.state).toBe("connected"); // not ready: the bot has not answered
    s.server.releaseBotReady();
    await connecting;
    expect(s.transport.state).toBe("ready");
    expect(s.states).toEqual(expect.arrayContaining(["connecting", "connected", "ready"]));
    expect(s.states.indexOf("ready")).toBeGreaterThan(s.states.indexOf("connected"));

    for (let i = 0; i < 5; i++) s.transport.handleUserAudioStream(tone(320));
    await until("5 echoed frames", () => s.sink.frames.length === 5);
    expect(s.sink.frames[0]!.sampleRate).toBe(24000);
    expect(Array.from(s.sink.frames[0]!.audio)).toEqual(Array.from(new Int16Array(tone(320))));
    const sent = s.server.received.filter((f) => f.type === "audio");
    expect(sent).toHaveLength(5);
    expect(sent.every((f) => f.type === "audio" && f.sampleRate === 16000 && f.numChannels === 1)).toBe(true);
  });

  it("drops mic audio before ready and counts it", async () => {
    const s = await session();
    s.transport.handleUserAudioStream(tone(320));
    expect(s.transport.getStats().droppedAudioChunks).toBe(1);
  });

  it("survives an abrupt server kill by reconnecting, re-sending client-ready", async () => {
    // Default backoff (250 ms base, jittered); attempts reset after 100 ms of stable uptime.
    const s = await session({ reconnect: { baseDelayMs: 250, maxDelayMs: 5000 }, stableAfterMs: 100 });
    await s.client.connect({ wsUrl: s.server.wsUrl });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 150)); // past stableAfterMs: a fresh attempt budget
      const t0 = performance.now();
      s.server.killAll();
      await until("a reconnect", () => s.transport.getStats().reconnects === i + 1);
      await until("ready again", () => s.transport.state === "ready");
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`kill → ready on loopback: median ${times[2]!.toFixed(1)} ms, max ${times[4]!.toFixed(1)} ms`);
    expect(times[2]).toBeLessThan(1500);
    expect(s.server.received.filter((f) => f.type === "message" && f.message.type === "client-ready")).toHaveLength(6);
    expect(s.errors.length).toBeGreaterThanOrEqual(5);
    expect(s.errors.every((e) => (e.data as { fatal: boolean }).fatal === false)).toBe(true);
    expect(s.transport.getStats().reconnects).toBe(5);
  });

  it("a server that keeps dying right after bot-ready is given up on (attempts reset only after stable uptime)", async () => {
    const s = await session();
    await s.client.connect({ wsUrl: s.server.wsUrl });
    for (let i = 0; i < 3; i++) {
      await until("ready", () => s.transport.state === "ready");
      s.server.killAll();
      await until(`kill ${i + 1} noticed`, () => s.transport.connectionState !== "connected");
    }
    await until("disconnected", () => s.transport.connectionState === "disconnected");
    expect(s.transport.getStats().reconnects).toBe(2);
  });

  it("gives up after 2 refused attempts with a fatal error and state disconnected", async () => {
    const s = await session();
    await s.client.connect({ wsUrl: s.server.wsUrl });
    s.server.setAutoHandshake("refuse");
    const handshakesBefore = s.server.handshakeCount;
    s.server.killAll();
    await until("disconnected", () => s.transport.connectionState === "disconnected");
    expect(s.server.handshakeCount - handshakesBefore).toBe(2);
    expect(s.transport.state).toBe("disconnected");
    const fatal = s.errors.filter((e) => (e.data as { fatal: boolean }).fatal);
    expect(fatal).toHaveLength(1);
    expect((fatal[0]!.data as { message: string }).message).toMatch(/gave up after 2 reconnect attempt/);
  });

  it("treats a clean close (1000) as the bot leaving: no reconnect", async () => {
    const s = await session();
    await s.client.connect({ wsUrl: s.server.wsUrl });
    const handshakes = s.server.handshakeCount;
    s.server.closeAll(1000);
    await until("disconnected", () => s.transport.state === "disconnected");
    expect(s.botDisconnected).toBe(1);
    await new Promise((r) => setTimeout(r, 150));
    expect(s.server.handshakeCount).toBe(handshakes);
  });

  it("queues RTVI messages while reconnecting and sends them after the new bot-ready", async () => {
    const s = await session({ reconnect: { baseDelayMs: 200, maxDelayMs: 200 } });
    await s.client.connect({ wsUrl: s.server.wsUrl });
    s.server.killAll();
    await until("reconnecting", () => s.transport.connectionState === "reconnecting");
    // client-js itself refuses app messages unless the transport is "ready" (it is "connecting"
    // while we reconnect); what reaches the transport in the meantime is queued, not lost.
    expect(() => s.client.sendClientMessage("refused", {})).toThrow(/ready/);
    for (const t of ["queued-1", "queued-2"]) {
      s.transport.sendMessage({ label: "rtvi-ai", type: "client-message", id: t, data: { t, d: {} } } as never);
    }
    s.transport.handleUserAudioStream(tone(320)); // stale mic audio: dropped, counted
    expect(s.transport.getStats().droppedAudioChunks).toBe(1);
    await until("ready again", () => s.transport.state === "ready");
    await s.server.waitForReceived((frames) => frames.filter((f) => f.type === "message" && f.message.type === "client-message").length === 2);
    const order = s.server.received
      .filter((f) => f.type === "message")
      .map((f) => (f.type === "message" ? `${f.message.type}:${(f.message.data as { t?: string })?.t ?? ""}` : ""));
    const lastReady = order.lastIndexOf("client-ready:");
    expect(order.indexOf("client-message:queued-1")).toBeGreaterThan(lastReady);
    expect(order.indexOf("client-message:queued-2")).toBeGreaterThan(order.indexOf("client-message:queued-1"));
  });

  it("keeps working after each kind of bad input, counting and logging each once", async () => {
    const s = await session();
    await s.client.connect({ wsUrl: s.server.wsUrl });
    const valid = s.server.serializer.serializeAudio(new Int16Array(160), 24000, 1);
    const bad: Array<[string, Uint8Array]> = [
      ["decode-error", Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 0xff)],
      ["decode-error", valid.subarray(0, valid.length - 40)],
      ["unknown-frame", Uint8Array.from([0x3a, 0x02, 0x08, 0x01])],
      ["invalid-json", Frame.encode({ message: { data: "{not json" } }).finish()],
      ["odd-length-audio", Frame.encode({ audio: { audio: new Uint8Array(321), sampleRate: 24000, numChannels: 1 } }).finish()],
      ["invalid-audio-format", Frame.encode({ audio: { audio: new Uint8Array(320), sampleRate: 1, numChannels: 1 } }).finish()],
    ];
    for (const [, bytes] of bad) {
      s.server.sendRaw(bytes);
      s.server.sendRaw(bytes);
    }
    s.server.sendRtvi("server-message", { ok: true });
    await until("valid message after the bad ones", () => s.messages.length === 1);
    expect(s.transport.state).toBe("ready");
    expect(s.transport.getStats().malformed).toEqual({ "decode-error": 4, "unknown-frame": 2, "invalid-json": 2, "odd-length-audio": 2, "invalid-audio-format": 2 });
    const warnings = s.logger.lines.filter((l) => l.level === "warn" && l.text.includes("malformed"));
    expect(warnings).toHaveLength(5); // once per kind, rate limited
    expect(s.sink.frames).toHaveLength(0); // nothing from the bad frames was played
  });

  it("drops an oversized frame before decoding where the socket itself does not refuse it (browsers)", async () => {
    // Node's default socket closes on > 1 MiB (maxPayload); a browser's delivers it: the router must drop it.
    const s = await session({ WebSocket: PlainWebSocket as never });
    await s.client.connect({ wsUrl: s.server.wsUrl });
    s.server.sendRaw(new Uint8Array(1024 * 1024 + 1));
    s.server.sendRtvi("server-message", { ok: true });
    await until("valid message after the oversized one", () => s.messages.length === 1);
    expect(s.transport.getStats().malformed).toEqual({ oversized: 1 });
    expect(s.transport.state).toBe("ready");
  });

  it("flushes buffered bot audio on an interruption frame", async () => {
    const s = await session();
    await s.client.connect({ wsUrl: s.server.wsUrl });
    s.server.sendRaw(encodeInterruptionFrame());
    await until("flush", () => s.sink.flushes === 1);
  });

  it("resolves { endpoint } connect params through a POST", async () => {
    const s = await session();
    await s.client.connect({ endpoint: s.server.endpointUrl } as never);
    expect(s.transport.state).toBe("ready");
    expect(s.server.endpointCount).toBe(1);
  });

  it("fails fast on connect params of the wrong type and on over-size outbound messages", async () => {
    const s = await session();
    await expect(s.client.connect({ wsUrl: 5 } as never)).rejects.toThrow(/'wsUrl' must be a string/);
    await s.client.connect({ wsUrl: s.server.wsUrl });
    expect(() => s.transport.sendMessage({ label: "rtvi-ai", type: "client-message", id: "1", data: { big: "x".repeat(1024 * 1024) } } as never)).toThrow(/maxMessageSize/);
    expect(s.transport.state).toBe("ready");
  });

  it("rejects connect with a clear error when the server refuses, and cleans up on disconnect", async () => {
    const s = await session();
    s.server.setAutoHandshake("refuse");
    await expect(s.client.connect({ wsUrl: s.server.wsUrl })).rejects.toThrow(/the server refused the WebSocket \(HTTP 403\): missing or wrong token/);
    s.server.setAutoHandshake("accept");
    await s.client.connect({ wsUrl: s.server.wsUrl });
    await s.client.disconnect();
    expect(s.transport.state).toBe("disconnected");
    expect(Object.keys(s.transport.getSnapshot().children)).toEqual([]);
    await until("server side closed", () => s.server.sockets.size === 0);
  });
});

describe("secrets", () => {
  it("never puts the token in logs or errors, even when the WebSocket cannot be created", async () => {
    const logger = recordingLogger();
    const errors: RTVIMessage[] = [];
    // A WebSocket implementation that rejects the URL (as browsers do for a bad one), quoting it.
    class RejectingWebSocket {
      constructor(url: string) {
        throw new SyntaxError(`The URL '${url}' is invalid.`);
      }
    }
    const transport = new WebSocketTransport({ WebSocket: RejectingWebSocket as never, logger, token: "s3cret-token" });
    const client = new PipecatClient({ transport, enableMic: false, enableCam: false, callbacks: { onError: (e) => errors.push(e) } });
    await expect(client.connect({ wsUrl: "ws://127.0.0.1:9/ws" })).rejects.toThrow(/could not open the WebSocket/);
    const everything = JSON.stringify(logger.lines) + JSON.stringify(errors.map((e) => e.data));
    expect(everything).toMatch(/token=\*\*\*/);
    expect(everything).not.toMatch(/s3cret-token/);
  });
});
