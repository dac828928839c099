/**
 * The transport's options: one flat type, one defaults object (defaults.ts), one validator whose
 * errors name the option and the fix.
 */
import type { CloseRecord, ReconnectPolicy } from "../../machines/connectionMachine.js";
import type { AudioIO } from "../audio/AudioIO.js";
import type { MediaManager } from "../audio/MediaManager.js";
import { TransportOptionError } from "../common/errors.js";
import type { Logger } from "../common/logging.js";
import type { WebSocketConstructor } from "../connection/WebSocketLike.js";
import type { RawFrame, TextFrame, TranscriptionFrame, WebSocketSerializer } from "../serializers/WebSocketSerializer.js";
import { normalizeWsUrl } from "./connectParams.js";
import { DEFAULTS, RECORDER_RATE_RANGE } from "./defaults.js";

/** Frames the transport does not act on itself, handed to `onFrame`. */
export type ServerFrame = TextFrame | TranscriptionFrame | RawFrame;

/** What `refreshConnectParams` is told before a reconnect attempt. */
export interface ReconnectInfo {
  /** The attempt about to start, 1-based. */
  attempt: number;
  /** The close that ended the previous connection or attempt, if any. */
  lastClose: CloseRecord | null;
}

/** Options of `new WebSocketTransport(options)`. Every field is optional. */
export interface WebSocketTransportOptions {
  /**
   * WebSocket URL of the bot: `ws://`/`wss://`, `http://`/`https://` (mapped to `ws://`/`wss://`),
   * or in a page a URL relative to it. May also be given to `connect()`.
   */
  wsUrl?: string;
  /** @deprecated Same as `wsUrl` (the official package's spelling). */
  ws_url?: string;
  /** Appended to the URL as `?token=`. Never logged. */
  token?: string;
  /** Wire format. Default: `new ProtobufFrameSerializer()` (Pipecat's frames.proto). */
  serializer?: WebSocketSerializer;
  /** Rate in Hz of the mic audio sent to the server, any integer from 8000 to 48000. Default 16000. */
  recorderSampleRate?: number;
  /** Rate in Hz assumed for bot audio that does not state its own. Default 24000. */
  playerSampleRate?: number;
  /**
   * Reconnect policy after an abnormal close, or `false` to never reconnect. Default
   * `{ maxAttempts: 2, baseDelayMs: 1000, multiplier: 3, maxDelayMs: 10000, jitter: 0.2 }`:
   * attempts after about 1 s and 3 s.
   */
  reconnect?: Partial<ReconnectPolicy> | false;
  /**
   * Called before each reconnect attempt for fresh connect params (`{ wsUrl, token }` or a
   * start-bot reply), e.g. a new one-time token. Default: a session that came from an endpoint
   * (`connect({ endpoint })` or client-js's `startBot`) POSTs that endpoint again; otherwise the
   * same URL is reopened.
   */
  refreshConnectParams?: (info: ReconnectInfo) => unknown;
  /** Milliseconds allowed for the socket to open, per attempt. Default 10000. */
  connectTimeoutMs?: number;
  /** Milliseconds allowed for bot-ready after the socket opens. Default 10000. */
  readyTimeoutMs?: number;
  /** Milliseconds in `ready` after which the reconnect attempt count resets. Default 5000. */
  stableAfterMs?: number;
  /** Milliseconds allowed for an endpoint request. Default 15000. */
  endpointTimeoutMs?: number;
  /**
   * Milliseconds between heartbeat pings, where the WebSocket can ping (Node's `ws`); a server
   * that stops answering for `heartbeatTimeoutMs` counts as a lost connection. 0 disables.
   * Default 20000 (what Python `websockets` servers use).
   */
  heartbeatIntervalMs?: number;
  /** Milliseconds a heartbeat ping may go unanswered. Default 20000. */
  heartbeatTimeoutMs?: number;
  /** WebSocket implementation. Default `globalThis.WebSocket` (the `./node` entry defaults to `ws`). */
  WebSocket?: WebSocketConstructor;
  /** `fetch` implementation for endpoint requests. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Audio devices. Default: AudioWorklet recorder/player in a browser, none in Node. */
  audio?: AudioIO;
  /**
   * Audio devices as the official package takes them: any object with the `MediaManager` shape
   * (e.g. the official test's fake, or our `WavMediaManager`). Use `audio` or this, not both.
   */
  mediaManager?: MediaManager;
  /** Bytes the socket may have queued before mic chunks are dropped (slow network). Default 262144. */
  maxBufferedAmount?: number;
  /** RTVI messages kept while not ready, sent after the next `bot-ready`. Default 64. */
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
  readyTimeoutMs: number;
  stableAfterMs: number;
  endpointTimeoutMs: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  maxBufferedAmount: number;
  messageQueueLimit: number;
}

const KNOWN = new Set([
  "wsUrl", "ws_url", "token", "serializer", "recorderSampleRate", "playerSampleRate", "reconnect",
  "refreshConnectParams", "connectTimeoutMs", "readyTimeoutMs", "stableAfterMs", "endpointTimeoutMs",
  "heartbeatIntervalMs", "heartbeatTimeoutMs", "WebSocket", "fetch", "audio", "mediaManager",
  "maxBufferedAmount", "messageQueueLimit", "onFrame", "logger",
]);
const RECONNECT_KEYS = ["maxAttempts", "baseDelayMs", "maxDelayMs", "multiplier", "jitter"];
/** What a `mediaManager` must have (the official `MediaManager`'s methods the transport calls). */
const MEDIA_MANAGER_METHODS = ["setUserAudioCallback", "setClientOptions", "initialize", "connect", "disconnect", "bufferBotAudio", "enableMic"];

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

function resolveReconnect(value: unknown): ReconnectPolicy {
  if (value === false) return { ...DEFAULTS.reconnect, maxAttempts: 0 };
  if (value === undefined) return { ...DEFAULTS.reconnect };
  if (typeof value !== "object" || value === null) fail("option 'reconnect' must be an object like { maxAttempts: 2 } or false");
  const r = value as Partial<ReconnectPolicy>;
  const extra = Object.keys(r).filter((k) => !RECONNECT_KEYS.includes(k));
  if (extra.length) fail(`unknown reconnect option(s) ${extra.join(", ")}; use ${RECONNECT_KEYS.join(", ")}`);
  const d = DEFAULTS.reconnect;
  const jitter = positive("reconnect.jitter", r.jitter, d.jitter, { allowZero: true });
  if (jitter > 1) fail(`option 'reconnect.jitter' must be between 0 and 1 (a fraction of the delay), got ${jitter}`);
  return {
    maxAttempts: positive("reconnect.maxAttempts", r.maxAttempts, d.maxAttempts, { integer: true, allowZero: true }),
    baseDelayMs: positive("reconnect.baseDelayMs", r.baseDelayMs, d.baseDelayMs, { allowZero: true }),
    maxDelayMs: positive("reconnect.maxDelayMs", r.maxDelayMs, d.maxDelayMs, { allowZero: true }),
    multiplier: positive("reconnect.multiplier", r.multiplier, d.multiplier),
    jitter,
  };
}

/** Validates options and fills in defaults. Throws `TransportOptionError` naming the option. */
export function resolveOptions(options: WebSocketTransportOptions): ResolvedOptions {
  if (options === null || typeof options !== "object") fail(`options must be an object, got ${typeof options}`);
  const raw = options as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !KNOWN.has(k));
  if (unknown.length) fail(`unknown option(s) ${unknown.map((k) => `'${k}'`).join(", ")}; known options are ${[...KNOWN].join(", ")}`);
  if (options.wsUrl !== undefined && options.ws_url !== undefined && options.wsUrl !== options.ws_url) {
    fail("options 'wsUrl' and 'ws_url' disagree; pass only 'wsUrl'");
  }
  const wsUrl = optionalString("wsUrl", options.wsUrl ?? options.ws_url);
  const recorderSampleRate = positive("recorderSampleRate", options.recorderSampleRate, DEFAULTS.recorderSampleRate, { integer: true });
  if (recorderSampleRate < RECORDER_RATE_RANGE.min || recorderSampleRate > RECORDER_RATE_RANGE.max) {
    fail(`option 'recorderSampleRate' must be from ${RECORDER_RATE_RANGE.min} to ${RECORDER_RATE_RANGE.max} Hz, got ${recorderSampleRate}`);
  }
  for (const fn of ["WebSocket", "fetch", "onFrame", "refreshConnectParams"] as const) {
    if (options[fn] !== undefined && typeof options[fn] !== "function") fail(`option '${fn}' must be a function, got ${typeof options[fn]}`);
  }
  if (options.serializer !== undefined) {
    const s = options.serializer as unknown as Record<string, unknown>;
    const missing = ["serializeAudio", "serializeMessage", "deserialize"].filter((m) => typeof s?.[m] !== "function");
    if (missing.length) fail(`option 'serializer' lacks method(s) ${missing.join(", ")}; implement WebSocketSerializer`);
  }
  if (options.mediaManager !== undefined) {
    if (options.audio !== undefined) fail("pass either 'audio' (an AudioIO) or 'mediaManager' (the official MediaManager), not both");
    const m = options.mediaManager as unknown as Record<string, unknown>;
    const missing = MEDIA_MANAGER_METHODS.filter((name) => typeof m?.[name] !== "function");
    if (missing.length) fail(`option 'mediaManager' lacks method(s) ${missing.join(", ")}; pass an object with the official MediaManager shape, or an AudioIO as 'audio'`);
  }
  return {
    wsUrl: wsUrl === null ? null : normalizeWsUrl("wsUrl", wsUrl, fail),
    token: optionalString("token", options.token),
    recorderSampleRate,
    playerSampleRate: positive("playerSampleRate", options.playerSampleRate, DEFAULTS.playerSampleRate, { integer: true }),
    reconnect: resolveReconnect(options.reconnect),
    connectTimeoutMs: positive("connectTimeoutMs", options.connectTimeoutMs, DEFAULTS.connectTimeoutMs),
    readyTimeoutMs: positive("readyTimeoutMs", options.readyTimeoutMs, DEFAULTS.readyTimeoutMs),
    stableAfterMs: positive("stableAfterMs", options.stableAfterMs, DEFAULTS.stableAfterMs, { allowZero: true }),
    endpointTimeoutMs: positive("endpointTimeoutMs", options.endpointTimeoutMs, DEFAULTS.endpointTimeoutMs),
    heartbeatIntervalMs: positive("heartbeatIntervalMs", options.heartbeatIntervalMs, DEFAULTS.heartbeatIntervalMs, { allowZero: true }),
    heartbeatTimeoutMs: positive("heartbeatTimeoutMs", options.heartbeatTimeoutMs, DEFAULTS.heartbeatTimeoutMs),
    maxBufferedAmount: positive("maxBufferedAmount", options.maxBufferedAmount, DEFAULTS.maxBufferedAmount, { integer: true }),
    messageQueueLimit: positive("messageQueueLimit", options.messageQueueLimit, DEFAULTS.messageQueueLimit, { integer: true, allowZero: true }),
  };
}
