/**
 * A hostile or broken server cannot hang, exhaust or crash a client: every `connect()` settles,
 * a silent server is detected, oversized messages are refused before buffering, bad audio
 * formats are dropped, and errors thrown by client-js's handlers are caught and counted.
 * Real servers on 127.0.0.1; short timeouts so the tests stay quick.
 */
import { PipecatClient, type RTVIMessage } from "@pipecat-ai/client-js";
import { describe, expect, it } from "vitest";
import { StreamAudioIO, type AudioSink } from "../../src/audio/StreamAudioIO.js";
import { WebSocketTransport } from "../../src/node/index.js";
import type { AudioFrame } from "../../src/serializers/WebSocketSerializer.js";
import { FakeBot, type FakeBotOptions } from "../support/fakeBot.js";
import { cleanupsAfterEach, until } from "../support/harness.js";
import { recordingLogger } from "../support/quietLogger.js";

const cleanups = cleanupsAfterEach();

class CountingSink implements AudioSink {
  frames = 0;
  write(_frame: AudioFrame): void {
    this.frames++;
  }
  flush(): void {}
}

async function setup(bot: FakeBotOptions, transport: ConstructorParameters<typeof WebSocketTransport>[0] = {}, callbacks: Record<string, unknown> = {}) {
  const server = await FakeBot.start(bot);
  const logger = recordingLogger();
  const sink = new CountingSink();
  const errors: RTVIMessage[] = [];
  const t = new WebSocketTransport({ audio: new StreamAudioIO({ sink }), reconnect: { baseDelayMs: 20, maxDelayMs: 50 }, logger, ...transport });
  const c = new PipecatClient({ transport: t, enableMic: false, enableCam: false, callbacks: { onError: (e) => errors.push(e), ...callbacks } });
  cleanups.push(async () => {
    await c.disconnect().catch(() => {});
    await server.close();
  });
  return { server, transport: t, client: c, logger, errors, sink };
}

describe("every connect() settles", () => {
  it("a bot that never answers bot-ready: connect() rejects after readyTimeoutMs with ready-timeout", async () => {
    const s = await setup({ autoBotReady: false }, { readyTimeoutMs: 200 });
    const t0 = Date.now();
    await expect(s.client.connect({ wsUrl: s.server.url })).rejects.toMatchObject({ code: "ready-timeout" });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(s.transport.connectionState).toBe("disconnected");
  });

  it("a connection that dies during every handshake rejects connect() once the attempts are spent", async () => {
    const s = await setup({ autoHandshake: null, behaviour: (i) => (i === 0 ? "silent" : "destroy-upgrade") }, { readyTimeoutMs: 5000 });
    const pending = s.client.connect({ wsUrl: s.server.url });
    await until("handshaking", () => s.transport.state === "connected");
    s.server.killAll();
    await expect(pending).rejects.toMatchObject({ code: "reconnect-failed" });
  });

  it("a bot-ready whose data is null, or whose version is not a string, still counts as ready", async () => {
    for (const data of [null, { version: 2 }, "ready"]) {
      const s = await setup({ botReadyData: data });
      await s.client.connect({ wsUrl: s.server.url });
      expect(s.transport.state).toBe("ready");
      await s.client.disconnect();
    }
  });

  it("disconnect() while connecting rejects connect() with aborted", async () => {
    const s = await setup({ autoHandshake: "hang" });
    const pending = s.transport.connect({ wsUrl: s.server.url });
    await until("connecting", () => s.transport.connectionState === "connecting");
    await s.transport.disconnect();
    await expect(pending).rejects.toMatchObject({ code: "aborted" });
  });
});

describe("liveness", () => {
  it("a server that goes silent with TCP open (no pongs) is a lost connection: the client reconnects", async () => {
    const s = await setup({ autoPong: false }, { heartbeatIntervalMs: 50, heartbeatTimeoutMs: 100 });
    await s.client.connect({ wsUrl: s.server.url });
    await until("a reconnect", () => s.transport.getStats().reconnects >= 1, 3000);
    const warning = s.errors.find((e) => /no pong within heartbeatTimeoutMs/.test((e.data as { message: string }).message));
    expect(warning).toBeDefined();
  });

  it("a server that answers pings stays connected", async () => {
    const s = await setup({}, { heartbeatIntervalMs: 30, heartbeatTimeoutMs: 60 });
    await s.client.connect({ wsUrl: s.server.url });
    await new Promise((r) => setTimeout(r, 300));
    expect(s.transport.getStats().reconnects).toBe(0);
    expect(s.transport.state).toBe("ready");
  });
});

describe("resource bounds", () => {
  it("a message over 1 MiB closes the socket (1009 to the server) before it is buffered, and the client reconnects", async () => {
    const s = await setup({});
    await s.client.connect({ wsUrl: s.server.url });
    s.server.sendRaw(new Uint8Array(3 * 1024 * 1024));
    await until("a reconnect", () => s.transport.getStats().reconnects === 1);
    await until("ready again", () => s.transport.state === "ready");
    // ws closes with 1009 towards the server and reports the limit locally.
    expect(s.errors.some((e) => /Max payload size exceeded/.test((e.data as { message: string }).message))).toBe(true);
  });

  it("audio outside 8000–48000 Hz or 1–2 channels is dropped and counted as invalid-audio-format", async () => {
    const s = await setup({});
    await s.client.connect({ wsUrl: s.server.url });
    const pcm = new Int16Array(80).buffer;
    for (const [rate, channels] of [[1, 1], [96000, 1], [16000, 8], [24000, 1]] as const) {
      s.server.sendRaw(s.server.serializer.serializeAudio(pcm, rate, channels));
    }
    await until("four frames in", () => s.transport.getStats().framesIn >= 5);
    expect(s.transport.getStats().malformed["invalid-audio-format"]).toBe(3);
    expect(s.sink.frames).toBe(1);
  });
});

describe("errors thrown by handlers", () => {
  it("are caught, counted in getStats().handlerErrors and logged with rate limiting; the session goes on", async () => {
    const s = await setup({}, {}, {
      onServerMessage: () => {
        throw new Error("app bug");
      },
    });
    await s.client.connect({ wsUrl: s.server.url });
    for (let i = 0; i < 500; i++) s.server.sendRtvi("server-message", { i });
    await until("500 handler errors", () => s.transport.getStats().handlerErrors === 500);
    const lines = s.logger.lines.filter((l) => /handler/.test(l.text));
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(s.transport.state).toBe("ready");
  });
});

describe("secrets", () => {
  it("a server that quotes our token in its close reason cannot put it into logs, errors or inspection events", async () => {
    const s = await setup({}, { reconnect: false });
    const seen: unknown[] = [];
    s.transport.inspect((e) => seen.push(e));
    await s.client.connect({ wsUrl: s.server.url, token: "s3cretToken123" });
    s.server.sendRtvi("server-message", { echo: "you sent s3cretToken123" });
    await until("the echo", () => seen.some((e) => (e as { frameType?: string }).frameType === "message" && (e as { direction?: string }).direction === "in"));
    s.server.closeAll(4001, "invalid token s3cretToken123");
    await until("disconnected", () => s.transport.connectionState === "disconnected");
    const rawText = seen.map((e) => ((e as { bytes?: Uint8Array }).bytes ? new TextDecoder().decode((e as { bytes: Uint8Array }).bytes) : "")).join("\n");
    expect(rawText).toMatch(/you sent \*{14}/); // masked in the raw bytes too, length kept
    const everything = JSON.stringify([s.logger.lines, s.errors.map((e) => e.data), seen]) + rawText;
    expect(everything).toMatch(/invalid token \*\*\*/);
    expect(everything).not.toMatch(/s3cretToken123/);
  });

  it("an endpoint URL's secrets never appear in the thrown error, the log or onError", async () => {
    const s = await setup({ autoEndpoint: "500" });
    const endpoint = `${s.server.endpointUrl}?api_key=K3yK3yK3y&token=T0kT0kT0k`;
    const error = await s.transport.connect({ endpoint }).catch((e: Error) => e);
    const everything = JSON.stringify([String(error), (error as Error).message, s.logger.lines, s.errors.map((e) => e.data)]);
    expect((error as Error).message).toMatch(/answered HTTP 500/);
    expect(everything).not.toMatch(/K3yK3yK3y|T0kT0kT0k/);
  });
});
