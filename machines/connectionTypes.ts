/**
 * The connection machine's vocabulary: its context, input and events, the records it keeps
 * (closes, failures), the reconnect policy with its defaults and delay formula. Pure types and
 * arithmetic, apart from the machine file so that file stays the statechart itself.
 */

/** How to reach the bot: a WebSocket URL, or an endpoint that answers `{ ws_url }`. */
export type ConnectTarget =
  | { kind: "url"; url: string }
  | { kind: "endpoint"; endpoint: EndpointRequest };

/** An endpoint POSTed to obtain `{ ws_url }` (same shape as client-js's `APIRequest`). */
export interface EndpointRequest {
  endpoint: string | URL | Request;
  headers?: Record<string, string>;
  requestData?: unknown;
  /** Milliseconds before the request is abandoned. */
  timeoutMs?: number;
}

/**
 * Reconnect policy. The delay before attempt n (1-based) is
 * `min(maxDelayMs, baseDelayMs × multiplier^(n−1))`, spread by ±`jitter`.
 */
export interface ReconnectPolicy {
  /** Attempts after an abnormal close before giving up. 0 disables reconnecting. */
  maxAttempts: number;
  /** Delay in ms before the first attempt. */
  baseDelayMs: number;
  /** Upper bound in ms of one delay. */
  maxDelayMs: number;
  /** Growth of the delay per attempt. */
  multiplier: number;
  /** Relative spread of each delay, 0..1 (0.2 = ±20 %), so clients that lost the same server do not return in step. */
  jitter: number;
}

/** Why the machine ended in `disconnected` with an error (a record, not an exception). */
export interface ConnectionFailure {
  code: "endpoint-failed" | "connect-timeout" | "connect-failed" | "ready-timeout" | "reconnect-failed";
  message: string;
  /** The close code or underlying error, where there is one. */
  cause?: unknown;
}

/** Pre-connect phases that client-js sets on the transport (`initDevices`, `startBot`). */
export type IdlePhase = "disconnected" | "initializing" | "initialized" | "authenticating" | "authenticated";

/** A socket close as the machine saw it. */
export interface CloseRecord {
  code: number;
  reason: string;
  /** HTTP status of a refused handshake, when the platform reports it (Node's `ws`). */
  status?: number;
}

export interface ConnectionContext {
  target: ConnectTarget | null;
  /** The WebSocket URL in use (may carry a token: never show it unredacted). */
  url: string | null;
  /** Reconnect attempts obtain fresh connection params first (one-time tokens). */
  refresh: boolean;
  /** The server answers client-ready with bot-ready (false: the open socket is ready). */
  handshake: boolean;
  reconnect: ReconnectPolicy;
  connectTimeoutMs: number;
  /** Time allowed for bot-ready after the socket opens. */
  readyTimeoutMs: number;
  /** After this long in `ready`, the reconnect attempt counter resets. */
  stableAfterMs: number;
  /** Current reconnect attempt, 1-based; 0 when not reconnecting. */
  attempt: number;
  /** Reconnect attempts started in this session. */
  reconnects: number;
  /** The session reached `ready` at least once. */
  wasReady: boolean;
  /** The last close, for error messages. */
  lastClose: CloseRecord | null;
  failure: ConnectionFailure | null;
  /** Set when the server closed cleanly (the bot left). */
  botLeft: boolean;
  phase: IdlePhase;
}

/** Input of the machine: policy knobs with their defaults filled in by the transport. */
export interface ConnectionInput {
  reconnect?: Partial<ReconnectPolicy>;
  connectTimeoutMs?: number;
  readyTimeoutMs?: number;
  stableAfterMs?: number;
  /** Default true; false for serializers that cannot carry RTVI. */
  handshake?: boolean;
}

export type ConnectionEvent =
  | { type: "CONNECT"; target: ConnectTarget; refresh?: boolean }
  | { type: "DISCONNECT" }
  | { type: "SET_PHASE"; phase: IdlePhase }
  | { type: "SOCKET.OPEN" }
  | { type: "SOCKET.CLOSE"; code: number; reason: string; status?: number }
  | { type: "BOT_READY" };

/** Input of the socket actor the transport provides. */
export interface SocketInput {
  url: string;
}

/** Input of the actor that obtains fresh connection params before a reconnect attempt. */
export interface RefreshInput {
  target: ConnectTarget | null;
  url: string | null;
  attempt: number;
  lastClose: CloseRecord | null;
}

/** Id of the spawned socket actor (`snapshot.children.socket`). */
export const SOCKET_ID = "socket";

export const DEFAULT_RECONNECT: ReconnectPolicy = { maxAttempts: 2, baseDelayMs: 1_000, maxDelayMs: 10_000, multiplier: 3, jitter: 0.2 };
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_READY_TIMEOUT_MS = 10_000;
export const DEFAULT_STABLE_AFTER_MS = 5_000;

/** The delay in ms before reconnect attempt `attempt` (1-based); `random` in [0, 1). */
export function backoffDelay(attempt: number, policy: ReconnectPolicy, random: () => number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.multiplier ** Math.max(0, attempt - 1));
  const spread = Math.min(1, Math.max(0, policy.jitter));
  return Math.max(0, Math.round(exp * (1 - spread + 2 * spread * random())));
}

/** Human text for a close: `connection lost (code 1006)`, with the reason when there is one. */
export function describeClose(close: Pick<CloseRecord, "code" | "reason"> | null): string {
  if (!close) return "connection lost";
  return `connection lost (code ${close.code}${close.reason ? `: ${close.reason}` : ""})`;
}
