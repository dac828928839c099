/**
 * The transport's options: one flat type, one defaults object, one validator whose errors
 * name the option and the fix.
 */
import type { ReconnectPolicy } from "../../machines/connectionMachine.js";
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_RECONNECT, DEFAULT_STABLE_AFTER_MS } from "../../machines/connectionMachine.js";
import type { AudioIO } from "../audio/AudioIO.js";
import { TransportOptionError } from "../common/errors.js";
import type { Logger } from "../common/logging.js";
import type { WebSocketConstructor } from "../connection/WebSocketLike.js";
import type { RawFrame, TextFrame, TranscriptionFrame, WebSocketSerializer } from "../serializers/WebSocketSerializer.js";

/** Frames the transport does not act on itself, handed to `onFrame`. */
export type ServerFrame = TextFrame | TranscriptionFrame | RawFrame;

/** Options of `new WebSocketTransport(options)`. Every field is optional. */
export interface WebSocketTransportOptions {
  /** WebSocket URL of the bot (`ws://` or `wss://`). May also be given to `connect()`. */
  wsUrl?: string;
  /** @deprecated Same as `wsUrl` (the official package's spelling). */
  ws_url?: string;
  /** Appended to the URL as `?token=`. Never logged. */
  token?: string;
  /** Wire format. Default: `new ProtobufFrameSerializer()` (Pipecat's frames.proto). */
  serializer?: WebSocketSerializer;
  /** Rate in Hz of the mic audio sent to the server. Default 16000. */
  recorderSampleRate?: number;
  /** Rate in Hz assumed for bot audio that does not state its own. Default 24000. */
  playerSampleRate?: number;
  /**
   * Reconnect policy after an abnormal close, or `false` to never reconnect.
   * Default `{ maxAttempts: 2, baseDelayMs: 250, maxDelayMs: 5000 }` (exponential, with jitter).
   */
  reconnect?: Partial<ReconnectPolicy> | false;
  /** Milliseconds allowed for the socket to open, per attempt. Default 10000. */
  connectTimeoutMs?: number;
  /** Milliseconds in `ready` after which the reconnect attempt count resets. Default 5000. */
  stableAfterMs?: number;
  /** Milliseconds allowed for an endpoint request (`connect({ endpoint })`). Default 15000. */
  endpointTimeoutMs?: number;
  /** WebSocket implementation. Default `globalThis.WebSocket` (the `./node` entry defaults to `ws`). */
  WebSocket?: WebSocketConstructor;
  /** `fetch` implementation for endpoint requests. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Audio devices. Default: AudioWorklet recorder/player in a browser, none in Node. */
  audio?: AudioIO;
  /** Bytes the socket may have queued before mic chunks are dropped (slow network). Default 262144. */
  maxBufferedAmount?: number;
  /** RTVI messages kept while reconnecting, flushed after the new `bot-ready`. Default 64. */
  messageQueueLimit?: number;
  /** Receives text, transcription and non-RTVI frames from the server. */
  onFrame?: (frame: ServerFrame) => void;
  /** Log sink. Default: client-js's logger (honours `setLogLevel`). */
  logger?: Logger;
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  wsUrl: string | null;
  token: string | null;
  recorderSampleRate: number;
  playerSampleRate: number;
  reconnect: ReconnectPolicy;
  connectTimeoutMs: number;
  stableAfterMs: number;
  endpointTimeoutMs: number;
  maxBufferedAmount: number;
  messageQueueLimit: number;
}

/** Sample rates the recorder supports. */
export const RECORDER_SAMPLE_RATES = [8000, 16000, 24000, 48000] as const;

const KNOWN = new Set([
  "wsUrl", "ws_url", "token", "serializer", "recorderSampleRate", "playerSampleRate", "reconnect",
  "connectTimeoutMs", "stableAfterMs", "endpointTimeoutMs", "WebSocket", "fetch", "audio",
  "maxBufferedAmount", "messageQueueLimit", "onFrame", "logger",
]);

function fail(message: string): never {
  throw new TransportOptionError("invalid-option", `WebSocketTransport: ${message}`);
}

function positive(name: string, value: unknown, fallback: number, opts: { integer?: boolean; allowZero?: boolean } = {}): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (!opts.allowZero && value === 0)) {
    fail(`option '${name}' must be a ${opts.allowZero ? "non-negative" : "positive"} number, got ${JSON.stringify(value)}`);
  }
  if (opts.integer && !Number.isInteger(value)) fail(`option '${name}' must be an integer, got ${value}`);
  return value;
}

function optionalString(name: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value === "") fail(`option '${name}' must be a non-empty string, got ${typeof value}`);
  return value;
}

/** Validates options and fills in defaults. Throws `TransportOptionError` naming the option. */
export function resolveOptions(options: WebSocketTransportOptions): ResolvedOptions {
  if (options === null || typeof options !== "object") fail(`options must be an object, got ${typeof options}`);
  const raw = options as Record<string, unknown>;
  if ("mediaManager" in raw) {
    fail("option 'mediaManager' (from @pipecat-ai/websocket-transport) is not supported; pass an AudioIO as 'audio' instead, or omit it for the default devices");
  }
  const unknown = Object.keys(raw).filter((k) => !KNOWN.has(k));
  if (unknown.length) fail(`unknown option(s) ${unknown.map((k) => `'${k}'`).join(", ")}; known options are ${[...KNOWN].join(", ")}`);
  if (options.wsUrl !== undefined && options.ws_url !== undefined && options.wsUrl !== options.ws_url) {
    fail("options 'wsUrl' and 'ws_url' disagree; pass only 'wsUrl'");
  }
  const wsUrl = optionalString("wsUrl", options.wsUrl ?? options.ws_url);
  if (wsUrl !== null) checkWsUrl("wsUrl", wsUrl);
  const recorderSampleRate = positive("recorderSampleRate", options.recorderSampleRate, 16000, { integer: true });
  if (!(RECORDER_SAMPLE_RATES as readonly number[]).includes(recorderSampleRate)) {
    fail(`option 'recorderSampleRate' must be one of ${RECORDER_SAMPLE_RATES.join(", ")} Hz, got ${recorderSampleRate}`);
  }
  let reconnect: ReconnectPolicy;
  if (options.reconnect === false) reconnect = { ...DEFAULT_RECONNECT, maxAttempts: 0 };
  else if (options.reconnect === undefined) reconnect = { ...DEFAULT_RECONNECT };
  else if (typeof options.reconnect !== "object" || options.reconnect === null) fail("option 'reconnect' must be an object like { maxAttempts: 2 } or false");
  else {
    const r = options.reconnect;
    const extra = Object.keys(r).filter((k) => !["maxAttempts", "baseDelayMs", "maxDelayMs"].includes(k));
    if (extra.length) fail(`unknown reconnect option(s) ${extra.join(", ")}; use maxAttempts, baseDelayMs, maxDelayMs`);
    reconnect = {
      maxAttempts: positive("reconnect.maxAttempts", r.maxAttempts, DEFAULT_RECONNECT.maxAttempts, { integer: true, allowZero: true }),
      baseDelayMs: positive("reconnect.baseDelayMs", r.baseDelayMs, DEFAULT_RECONNECT.baseDelayMs, { allowZero: true }),
      maxDelayMs: positive("reconnect.maxDelayMs", r.maxDelayMs, DEFAULT_RECONNECT.maxDelayMs, { allowZero: true }),
    };
  }
  for (const fn of ["WebSocket", "fetch", "onFrame"] as const) {
    if (options[fn] !== undefined && typeof options[fn] !== "function") fail(`option '${fn}' must be a function, got ${typeof options[fn]}`);
  }
  if (options.serializer !== undefined) {
    const s = options.serializer as unknown as Record<string, unknown>;
    const missing = ["serializeAudio", "serializeMessage", "deserialize"].filter((m) => typeof s?.[m] !== "function");
    if (missing.length) fail(`option 'serializer' lacks method(s) ${missing.join(", ")}; implement WebSocketSerializer`);
  }
  return {
    wsUrl,
    token: optionalString("token", options.token),
    recorderSampleRate,
    playerSampleRate: positive("playerSampleRate", options.playerSampleRate, 24000, { integer: true }),
    reconnect,
    connectTimeoutMs: positive("connectTimeoutMs", options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS),
    stableAfterMs: positive("stableAfterMs", options.stableAfterMs, DEFAULT_STABLE_AFTER_MS, { allowZero: true }),
    endpointTimeoutMs: positive("endpointTimeoutMs", options.endpointTimeoutMs, 15_000),
    maxBufferedAmount: positive("maxBufferedAmount", options.maxBufferedAmount, 256 * 1024, { integer: true }),
    messageQueueLimit: positive("messageQueueLimit", options.messageQueueLimit, 64, { integer: true, allowZero: true }),
  };
}

/** Throws unless `url` is a ws:// or wss:// URL. */
export function checkWsUrl(name: string, url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(`'${name}' is not a valid URL: ${JSON.stringify(url.replace(/token=[^&]*/g, "token=***"))}`);
  }
  if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") {
    fail(`'${name}' must start with ws:// or wss://, got ${parsed.protocol}// (for an HTTP endpoint that returns { ws_url }, pass { endpoint })`);
  }
}
