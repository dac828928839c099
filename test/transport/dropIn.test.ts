/**
 * Drop-in behaviours (issue: "Drop-in for real"), each against a real server on 127.0.0.1:
 * Pipecat's runner flow (`/start` → `{ wsUrl, sessionId, token }`, one-time tokens) through
 * client-js's `startBotAndConnect`, reconnects that get a fresh token, the app's refresh hook,
 * a Twilio-protocol server (no RTVI handshake), a custom serializer written to the official
 * contract, and the small contract points (enableMic: false, initDevices retry, updateCam).
 */
import { PipecatClient, type RTVIMessage } from "@pipecat-ai/client-js";
import { describe, expect, it } from "vitest";
import type { AudioIOContext } from "../../src/audio/AudioIO.js";
import { StreamAudioIO } from "../../src/audio/StreamAudioIO.js";
import { WebSocketTransport } from "../../src/node/index.js";
import { TwilioSerializer } from "../../src/serializers/TwilioSerializer.js";
import type { WebSocketSerializer } from "../../src/serializers/WebSocketSerializer.js";
import { FakeBot, type FakeBotOptions } from "../support/fakeBot.js";
import { cleanupsAfterEach, RecordingSink, until } from "../support/harness.js";
import { recordingLogger } from "../support/quietLogger.js";

const cleanups = cleanupsAfterEach();

async function setup(bot: FakeBotOptions, transport: ConstructorParameters<typeof WebSocketTransport>[0] = {}, client: { enableMic?: boolean } = {}) {
  const server = await FakeBot.start(bot);
  const sink = new RecordingSink();
  const logger = recordingLogger();
  const errors: RTVIMessage[] = [];
  const t = new WebSocketTransport({ audio: new StreamAudioIO({ sink }), reconnect: { baseDelayMs: 20, maxDelayMs: 50 }, logger, ...transport });
  const c = new PipecatClient({ transport: t, enableMic: client.enableMic ?? true, enableCam: false, callbacks: { onError: (e) => errors.push(e) } });
  cleanups.push(async () => {
    await c.disconnect().catch(() => {});
    await server.close();
  });
  return { server, transport: t, client: c, sink, logger, errors };
}

const tone = (n: number) => new Int16Array(n).map((_, i) => Math.round(8000 * Math.sin(i / 5))).buffer;

describe("Pipecat's runner flow: /start answers { wsUrl, sessionId, token } with one-time tokens", () => {
  it("startBotAndConnect reaches ready, and a dropped TCP connection is ready again with a fresh token", async () => {
    const s = await setup({ tokens: "one-time" });
    await s.client.startBotAndConnect({ endpoint: s.server.startUrl });
    expect(s.transport.state).toBe("ready");
    expect(s.server.endpointCount).toBe(1);
    s.server.killAll();
    await until("reconnecting", () => s.transport.connectionState === "reconnecting");
    await until("ready again", () => s.transport.state === "ready");
    // A second POST for a second token; the first token was never replayed.
    expect(s.server.endpointCount).toBe(2);
    expect(s.server.acceptedTokens).toHaveLength(2);
    expect(new Set(s.server.acceptedTokens).size).toBe(2);
    expect(s.transport.getStats().reconnects).toBe(1);
    expect(s.errors.filter((e) => (e.data as { fatal: boolean }).fatal)).toEqual([]);
  });

  it("connect({ endpoint }) on the transport itself refreshes the same way", async () => {
    const s = await setup({ tokens: "one-time" });
    await s.transport.connect({ endpoint: s.server.startUrl });
    s.server.killAll();
    await until("reconnecting", () => s.transport.connectionState === "reconnecting");
    await until("ready again", () => s.transport.state === "ready");
    expect(s.server.acceptedTokens).toHaveLength(2);
  });

  it("a plain wsUrl with a one-time token cannot come back (the same token is refused), and says so", async () => {
    const s = await setup({ tokens: "one-time" });
    const reply = (await (await fetch(s.server.startUrl, { method: "POST", body: "{}" })).json()) as { wsUrl: string; token: string };
    await s.client.connect({ wsUrl: reply.wsUrl, token: reply.token });
    s.server.killAll();
    await until("disconnected", () => s.transport.connectionState === "disconnected");
    const fatal = s.errors.find((e) => (e.data as { fatal: boolean }).fatal)!;
    expect((fatal.data as { message: string }).message).toMatch(/gave up after 2 reconnect attempt/);
  });

  it("the app's refreshConnectParams hook supplies fresh params for every attempt", async () => {
    const bot: { server?: FakeBot } = {};
    const asked: number[] = [];
    const s = await setup(
      { tokens: "one-time" },
      {
        refreshConnectParams: async ({ attempt }) => {
          asked.push(attempt);
          return (await fetch(bot.server!.startUrl, { method: "POST", body: "{}" })).json();
        },
      },
    );
    bot.server = s.server;
    const reply = (await (await fetch(s.server.startUrl, { method: "POST", body: "{}" })).json()) as Record<string, unknown>;
    await s.client.connect(reply);
    s.server.killAll();
    await until("ready again", () => s.transport.state === "ready" && asked.length === 1);
    expect(asked).toEqual([1]);
    expect(new Set(s.server.acceptedTokens).size).toBe(2);
  });

  it("an endpoint that fails on every refresh ends the session with one fatal error naming it", async () => {
    const s = await setup({ tokens: "one-time" });
    await s.client.startBotAndConnect({ endpoint: s.server.startUrl });
    s.server.decideEndpoint("500");
    s.server.decideEndpoint("500");
    s.server.killAll();
    await until("disconnected", () => s.transport.connectionState === "disconnected");
    const fatal = s.errors.filter((e) => (e.data as { fatal: boolean }).fatal);
    expect(fatal).toHaveLength(1);
    expect((fatal[0]!.data as { message: string }).message).toMatch(/fresh connection params failed: POST http:\/\/127\.0\.0\.1:\d+\/start answered HTTP 500.*gave up after 2/);
  });
});

describe("servers without an RTVI handshake (Twilio media streams)", () => {
  it("is ready when the socket opens: connect() resolves, mic audio flows, clear interrupts", async () => {
    const s = await setup({ protocol: "twilio", echoAudio: true }, { serializer: new TwilioSerializer(), recorderSampleRate: 8000 });
    await s.client.connect({ wsUrl: s.server.url });
    expect(s.transport.state).toBe("ready");
    for (let i = 0; i < 3; i++) s.transport.handleUserAudioStream(tone(160));
    await s.server.waitForReceived((f) => f.filter((x) => x.type === "audio").length === 3);
    await until("echo", () => s.sink.frames.length === 3);
    expect(s.sink.frames[0]!.sampleRate).toBe(8000);
    expect(s.server.received.some((f) => f.type === "message")).toBe(false); // no client-ready: Twilio cannot carry it
    s.server.sendRaw(JSON.stringify({ event: "clear", streamSid: "MZ1" }));
    await until("interrupted", () => s.sink.flushes === 1);
  });
});

/** A serializer written to the official 1.7.1 contract: `any` in, Blob expected, audio without a rate. */
class OfficialStyleSerializer implements WebSocketSerializer {
  received: string[] = [];
  serialize(_data: unknown): undefined {
    return undefined; // "nothing to send", as the official ProtobufFrameSerializer.serialize does
  }
  serializeAudio(data: ArrayBuffer): string {
    return JSON.stringify({ audio: Array.from(new Int16Array(data)) });
  }
  serializeMessage(msg: RTVIMessage): string {
    return JSON.stringify({ message: msg });
  }
  async deserialize(data: unknown): Promise<{ type: "audio"; audio: Int16Array } | { type: "message"; message: RTVIMessage }> {
    if (!(data instanceof Blob)) throw new Error(`expected a Blob, got ${Object.prototype.toString.call(data)}`);
    const text = await data.text();
    this.received.push("blob");
    const parsed = JSON.parse(text) as { audio?: number[]; message?: RTVIMessage };
    return parsed.audio ? { type: "audio", audio: Int16Array.from(parsed.audio) } : { type: "message", message: parsed.message! };
  }
}

describe("custom serializers written to the official contract", () => {
  it("get Blobs, reach ready, and a serialize() returning undefined sends nothing instead of throwing", async () => {
    const serializer = new OfficialStyleSerializer();
    const t = new WebSocketTransport({ serializer, audio: new StreamAudioIO({ sink: new RecordingSink() }), logger: recordingLogger() });
    const c = new PipecatClient({ transport: t, enableMic: false, enableCam: false });
    cleanups.push(() => c.disconnect().catch(() => {}));
    // The server side of this made-up protocol: JSON in binary messages.
    const { WebSocketServer } = await import("ws");
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const ws of wss.clients) ws.terminate();
          wss.close(() => r());
        }),
    );
    const got: unknown[] = [];
    wss.on("connection", (ws) => {
      ws.on("message", (data) => {
        const msg = JSON.parse(String(data)) as { message?: RTVIMessage };
        got.push(msg);
        if (msg.message?.type === "client-ready") {
          ws.send(Buffer.from(JSON.stringify({ message: { label: "rtvi-ai", type: "bot-ready", id: "1", data: { version: "2.1.0" } } })));
          ws.send(Buffer.from(JSON.stringify({ audio: [1, 2, 3] })));
        }
      });
    });
    await new Promise((r) => wss.once("listening", r));
    const port = (wss.address() as { port: number }).port;
    await c.connect({ wsUrl: `ws://127.0.0.1:${port}/ws` });
    expect(t.state).toBe("ready");
    expect(() => t.sendRawMessage({ anything: 1 })).not.toThrow();
    await until("the audio frame", () => t.getStats().audioFramesIn === 1);
    expect(serializer.received).toEqual(["blob", "blob"]);
    expect(t.getStats().malformed).toEqual({});
  });
});

describe("small contract points", () => {
  it("handleUserAudioStream() sends once the bot is ready even with enableMic: false (custom audio sources)", async () => {
    const s = await setup({}, {}, { enableMic: false });
    await s.client.connect({ wsUrl: s.server.url });
    s.transport.handleUserAudioStream(tone(320));
    await s.server.waitForReceived((f) => f.some((x) => x.type === "audio"));
    expect(s.transport.getStats().droppedAudioChunks).toBe(0);
  });

  it("initDevices() after a failed initDevices() retries the devices", async () => {
    let calls = 0;
    class FlakyAudio extends StreamAudioIO {
      override async initialize(context: AudioIOContext): Promise<void> {
        calls++;
        if (calls === 1) throw new Error("mic busy");
        await super.initialize(context);
      }
    }
    const t = new WebSocketTransport({ audio: new FlakyAudio(), logger: recordingLogger() });
    t.initialize({ transport: t, callbacks: {} } as never, () => {});
    await expect(t.initDevices()).rejects.toThrow("mic busy");
    expect(t.state).toBe("initializing");
    await t.initDevices();
    expect(calls).toBe(2);
    expect(t.state).toBe("initialized");
  });

  it("updateCam() is a no-op like the official; enableCam(true) keeps its clear error", () => {
    const t = new WebSocketTransport({ logger: recordingLogger() });
    expect(() => t.updateCam("cam-1")).not.toThrow();
    expect(() => t.enableCam(true)).toThrow(/audio only/);
    expect(() => t.enableCam(false)).not.toThrow();
  });

  it("accepts http(s) URLs as browsers do", async () => {
    const s = await setup({});
    await s.client.connect({ ws_url: s.server.url.replace("ws://", "http://") });
    expect(s.transport.state).toBe("ready");
  });
});

describe("the mediaManager option in a session", () => {
  it("drives an official-shaped manager: connect/disconnect, its user audio goes out, bot audio at the player rate, interruptions", async () => {
    const server = await FakeBot.start({ echoAudio: 16000 });
    const buffered: Int16Array[] = [];
    const calls: string[] = [];
    let userAudio: ((data: ArrayBuffer) => void) | undefined;
    const mm = {
      setUserAudioCallback: (cb: (data: ArrayBuffer) => void) => (userAudio = cb),
      setClientOptions: () => calls.push("setClientOptions"),
      initialize: async () => void calls.push("initialize"),
      connect: async () => void calls.push("connect"),
      disconnect: async () => void calls.push("disconnect"),
      userStartedSpeaking: async () => calls.push("userStartedSpeaking"),
      bufferBotAudio: (data: Int16Array) => void buffered.push(data.slice()),
      enableMic: () => {},
      isMicEnabled: true,
      getAllMics: async () => [], getAllCams: async () => [], getAllSpeakers: async () => [],
      updateMic: () => {}, updateCam: () => {}, updateSpeaker: () => {},
      selectedMic: {}, selectedCam: {}, selectedSpeaker: {},
      enableCam: () => {}, enableScreenShare: () => {}, isCamEnabled: false, isSharingScreen: false,
      tracks: () => ({ local: {} }),
    };
    const t = new WebSocketTransport({ mediaManager: mm as never, logger: recordingLogger() });
    const c = new PipecatClient({ transport: t, enableMic: true, enableCam: false });
    cleanups.push(async () => {
      await c.disconnect().catch(() => {});
      await server.close();
    });
    await c.connect({ wsUrl: server.url });
    expect(calls).toEqual(["setClientOptions", "initialize", "connect"]);
    userAudio!(tone(320)); // 20 ms at 16 kHz from the manager's recorder
    await until("the echo", () => buffered.length === 1);
    // Echoed at 16 kHz, handed to the manager at its 24 kHz: the pitch stays right.
    expect(buffered[0]!.length).toBeGreaterThan(400);
    expect(buffered[0]!.length).toBeLessThanOrEqual(480);
    server.sendRaw((await import("../../src/server/frameEncoders.js")).encodeInterruptionFrame());
    await until("interrupted", () => calls.includes("userStartedSpeaking"));
    await c.disconnect();
    expect(calls.at(-1)).toBe("disconnect");
  });
});
