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
      reconnect: { maxAttempts: 2, baseDelayMs: 250, maxDelayMs: 5000 },
      connectTimeoutMs: 10000,
      stableAfterMs: 5000,
      endpointTimeoutMs: 15000,
      maxBufferedAmount: 262144,
      messageQueueLimit: 64,
    });
    expect(resolveOptions({ reconnect: false }).reconnect.maxAttempts).toBe(0);
    expect(resolveOptions({ ws_url: "wss://bot.example/ws" }).wsUrl).toBe("wss://bot.example/ws");
  });

  it.each([
    [{ wsUrl: "http://localhost:7860/ws" }, /'wsUrl' must start with ws:\/\/ or wss:\/\/.*pass \{ endpoint \}/],
    [{ wsUrl: "not a url" }, /'wsUrl' is not a valid URL/],
    [{ wsUrl: 42 }, /'wsUrl' must be a non-empty string/],
    [{ recorderSampleRate: 44100 }, /'recorderSampleRate' must be one of 8000, 16000, 24000, 48000 Hz, got 44100/],
    [{ connectTimeoutMs: -1 }, /'connectTimeoutMs' must be a positive number/],
    [{ reconnect: { maxAttempts: 1.5 } }, /'reconnect.maxAttempts' must be an integer/],
    [{ reconnect: { retries: 3 } }, /unknown reconnect option\(s\) retries; use maxAttempts, baseDelayMs, maxDelayMs/],
    [{ reconnect: 3 }, /'reconnect' must be an object like \{ maxAttempts: 2 \} or false/],
    [{ WebSocket: "ws" }, /'WebSocket' must be a function/],
    [{ serializer: { serialize() {} } }, /'serializer' lacks method\(s\) serializeAudio, serializeMessage, deserialize/],
    [{ mediaManager: {} }, /'mediaManager' .* is not supported; pass an AudioIO as 'audio'/],
    [{ wsurl: "ws://x" }, /unknown option\(s\) 'wsurl'; known options are wsUrl, ws_url/],
    [{ wsUrl: "ws://a/ws", ws_url: "ws://b/ws" }, /'wsUrl' and 'ws_url' disagree/],
  ])("rejects %j", (options, message) => {
    expect(optionError(options).message).toMatch(message);
  });

  it("never quotes a token back in an error", () => {
    expect(optionError({ wsUrl: "http://x/ws?token=s3cret" }).message).not.toMatch(/s3cret/);
  });

  it("throws from the constructor, before anything connects", () => {
    expect(() => new WebSocketTransport({ recorderSampleRate: 11025 })).toThrow(TransportOptionError);
  });
});

describe("connect params", () => {
  it("accepts the official package's flows", () => {
    expect(validateConnectParams(undefined)).toEqual({ kind: "url" });
    expect(validateConnectParams({ ws_url: "ws://h/ws", token: "t" })).toEqual({ kind: "url", wsUrl: "ws://h/ws", token: "t" });
    expect(validateConnectParams({ wsUrl: "ws://h/ws" })).toEqual({ kind: "url", wsUrl: "ws://h/ws" });
    expect(validateConnectParams({ endpoint: "http://h/connect", requestData: { a: 1 }, timeout: 500 })).toEqual({
      kind: "endpoint",
      endpoint: { endpoint: "http://h/connect", headers: {}, requestData: { a: 1 }, timeoutMs: 500 },
    });
  });

  it.each([
    [{ wsUrl: "ws://h/ws", room: "x" }, /unknown connect param\(s\) room; pass \{ wsUrl, token\? \} or \{ endpoint, headers\?, requestData\? \}/],
    [{ endpoint: "http://h", wsUrl: "ws://h" }, /unknown connect param\(s\) wsUrl with 'endpoint'/],
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
