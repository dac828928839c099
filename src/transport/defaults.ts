/**
 * Every default of the transport in one object: the option docs quote it, `resolveOptions` fills
 * from it, and a test checks the README's options table against it.
 */
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_READY_TIMEOUT_MS,
  DEFAULT_RECONNECT,
  DEFAULT_STABLE_AFTER_MS,
} from "../../machines/connectionMachine.js";
import { DEFAULT_ENDPOINT_TIMEOUT_MS } from "../connection/resolveEndpoint.js";

export const DEFAULTS = Object.freeze({
  /** Hz of the mic audio sent to the server (the official package's default). */
  recorderSampleRate: 16_000,
  /** Hz assumed for bot audio that does not state its own rate. */
  playerSampleRate: 24_000,
  /** Reconnect policy: 2 attempts after ~1 s and ~3 s (±20 %), outlasting a bot restart. */
  reconnect: DEFAULT_RECONNECT,
  /** ms for the socket to open, per attempt. */
  connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
  /** ms for bot-ready after the socket opens. */
  readyTimeoutMs: DEFAULT_READY_TIMEOUT_MS,
  /** ms in `ready` after which the reconnect attempt count resets. */
  stableAfterMs: DEFAULT_STABLE_AFTER_MS,
  /** ms for an endpoint request. */
  endpointTimeoutMs: DEFAULT_ENDPOINT_TIMEOUT_MS,
  /** Bytes the socket may have queued before mic chunks are dropped. */
  maxBufferedAmount: 256 * 1024,
  /** RTVI messages kept while not ready. */
  messageQueueLimit: 64,
  /** Largest message in bytes, both ways (Python `websockets`' limit). */
  maxMessageSize: 1024 * 1024,
  /** ms between heartbeat pings (Node; Python `websockets` pings every 20 s). 0 disables. */
  heartbeatIntervalMs: 20_000,
  /** ms a ping may go unanswered before the connection counts as lost (Node). */
  heartbeatTimeoutMs: 20_000,
});

/** Lowest and highest recorder rate in Hz. */
export const RECORDER_RATE_RANGE = Object.freeze({ min: 8_000, max: 48_000 });
