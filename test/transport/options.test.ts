/** Developer mistakes fail fast, with a message that names the option and the fix. */
import { describe, expect, it } from "vitest";
import { validateConnectParams } from "../../src/transport/connectParams.js";
import { TransportOptionError } from "../../src/common/errors.js";
import { resolveOptions } from "../../src/transport/options.js";
import { WebSocketTransport } from "../../src/transport/WebSocketTransport.js";

function optionError(options: unknown): TransportOptionError {
  try {
    resolveOptions(options as never);
  } catch (e) {
    expect(e).toBeInstanceOf(TransportOptionError);
    return e as TransportOptionError;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

describe("constructor options", () => {
  it("fills in documented defaults", () => {
    expect(resolveOptions({})).toEqual({
      wsUrl: null,
      token: null,
      recorderSampleRate: 16000,
      playerSampleRate: 24000,
      reconnect: { maxAttempts: 2, baseDelayMs: 1000, maxDelayMs: 10000, multiplier: 3, jitter: 0.2 },
      connectTimeoutMs: 10000,
      readyTimeoutMs: 10000,
      stableAfterMs: 5000,
      endpointTimeoutMs: 15000,
      heartbeatIntervalMs: 20000,
      heartbeatTimeoutMs: 20000,
      maxBufferedAmount: 262144,
      messageQueueLimit: 64,
    });
    expect(resolveOptions({ reconnect: false }).reconnect.maxAttempts).toBe(0);
    expect(resolveOptions({ ws_url: "wss://bot.example/ws" }).wsUrl).toBe("wss://bot.example/ws");
  });

  it("takes http(s) URLs as browsers do (mapped to ws(s)) and any recorder rate from 8 to 48 kHz", () => {
    expect(resolveOptions({ wsUrl: "http://localhost:7860/ws" }).wsUrl).toBe("ws://localhost:7860/ws");
    expect(resolveOptions({ wsUrl: "https://bot.example/ws?x=1" }).wsUrl).toBe("wss://bot.example/ws?x=1");
    for (const rate of [8000, 11025, 22050, 44100, 48000]) expect(resolveOptions({ recorderSampleRate: rate }).recorderSampleRate).toBe(rate);
  });

  it.each([
    [{ wsUrl: "ftp://localhost:7860/ws" }, /'wsUrl' must be a ws:\/\/, wss:\/\/, http:\/\/ or https:\/\/ URL, got ftp:/],
    [{ wsUrl: "not a url" }, /'wsUrl' is not a valid URL/],
    [{ wsUrl: 42 }, /'wsUrl' must be a non-empty string/],
    [{ recorderSampleRate: 7999 }, /'recorderSampleRate' must be from 8000 to 48000 Hz, got 7999/],
    [{ recorderSampleRate: 96000 }, /'recorderSampleRate' must be from 8000 to 48000 Hz, got 96000/],
    [{ connectTimeoutMs: -1 }, /'connectTimeoutMs' must be a positive number/],
    [{ reconnect: { maxAttempts: 1.5 } }, /'reconnect.maxAttempts' must be an integer/],
    [{ reconnect: { retries: 3 } }, /unknown reconnect option\(s\) retries; use maxAttempts, baseDelayMs, maxDelayMs, multiplier, jitter/],
    [{ reconnect: { jitter: 2 } }, /'reconnect.jitter' must be between 0 and 1/],
    [{ reconnect: 3 }, /'reconnect' must be an object like \{ maxAttempts: 2 \} or false/],
    [{ WebSocket: "ws" }, /'WebSocket' must be a function/],
    [{ serializer: { serialize() {} } }, /'serializer' lacks method\(s\) serializeAudio, serializeMessage, deserialize/],
    [{ mediaManager: {} }, /'mediaManager' lacks method\(s\) setUserAudioCallback, setClientOptions, initialize/],
    [{ mediaManager: {}, audio: {} }, /either 'audio' .* or 'mediaManager'/],
    [{ wsurl: "ws://x" }, /unknown option\(s\) 'wsurl'; known options are wsUrl, ws_url/],
    [{ wsUrl: "ws://a/ws", ws_url: "ws://b/ws" }, /'wsUrl' and 'ws_url' disagree/],
  ])("rejects %j", (options, message) => {
    expect(optionError(options).message).toMatch(message);
  });

  it("never quotes a token back in an error", () => {
    expect(optionError({ wsUrl: "ftp://x/ws?token=s3cret" }).message).not.toMatch(/s3cret/);
    expect(optionError({ wsUrl: "not a url?token=s3cret" }).message).not.toMatch(/s3cret/);
  });

  it("throws from the constructor, before anything connects", () => {
    expect(() => new WebSocketTransport({ recorderSampleRate: 96000 })).toThrow(TransportOptionError);
  });
});

describe("connect params", () => {
  it("accepts the official package's flows", () => {
    expect(validateConnectParams(undefined)).toEqual({ kind: "url", ignored: [] });
    expect(validateConnectParams({ ws_url: "ws://h/ws", token: "t" })).toEqual({ kind: "url", wsUrl: "ws://h/ws", token: "t", ignored: [] });
    expect(validateConnectParams({ wsUrl: "ws://h/ws" })).toEqual({ kind: "url", wsUrl: "ws://h/ws", ignored: [] });
    expect(validateConnectParams({ endpoint: "http://h/connect", requestData: { a: 1 }, timeout: 500 })).toEqual({
      kind: "endpoint",
      endpoint: { endpoint: "http://h/connect", headers: {}, requestData: { a: 1 }, timeoutMs: 500 },
      ignored: [],
    });
  });

  it("accepts start-bot replies as Pipecat's runner and Pipecat Cloud send them, ignoring keys it does not use", () => {
    expect(validateConnectParams({ wsUrl: "ws://h/ws-client", sessionId: "3f2a", token: "tok" })).toEqual({
      kind: "url", wsUrl: "ws://h/ws-client", token: "tok", ignored: ["sessionId"],
    });
    // `--ws-auth none`: the runner says token: null.
    expect(validateConnectParams({ wsUrl: "wss://h/ws-client", sessionId: "x", token: null })).toEqual({ kind: "url", wsUrl: "wss://h/ws-client", ignored: ["sessionId"] });
    expect(validateConnectParams({ ws_url: "http://h:7860/ws" })).toMatchObject({ wsUrl: "ws://h:7860/ws" });
    expect(validateConnectParams({ endpoint: "http://h", wsUrl: "ws://h", room: 1 })).toMatchObject({ kind: "endpoint", ignored: ["wsUrl", "room"] });
  });

  it.each([
    [{ wsUrl: 5 }, /'wsUrl' must be a string, got number/],
    [{ wsUrl: "ftp://h/ws" }, /'wsUrl' must be a ws:\/\/, wss:\/\/, http:\/\/ or https:\/\/ URL/],
    [{ endpoint: 5 }, /'endpoint' must be a URL string/],
    [{ token: 5 }, /'token' must be a string, got number/],
    ["ws://h/ws", /expected an object like \{ wsUrl \} or \{ endpoint \}, got string/],
  ])("rejects %j", (params, message) => {
    expect(() => validateConnectParams(params)).toThrow(message);
  });

  it("needs a URL from somewhere", async () => {
    const transport = new WebSocketTransport();
    transport.initialize({ transport, callbacks: {} } as never, () => {});
    await expect(transport.connect({})).rejects.toThrow(/no WebSocket URL: pass \{ wsUrl \} to new WebSocketTransport\(\) or to client.connect\(\)/);
  });
});
