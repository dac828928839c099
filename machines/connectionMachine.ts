/**
 * The connection statechart: the one place that knows whether the transport is connecting,
 * handshaking, ready or reconnecting. Pure: it imports no I/O. The socket, the endpoint request,
 * client-ready and teardown are implementations supplied by the transport with `.provide()`;
 * the defaults here fail loudly so a missing implementation cannot pass silently.
 *
 *   idle ─CONNECT─▶ resolvingEndpoint ─▶ connecting ─OPEN─▶ connected(handshaking ─BOT_READY─▶ ready)
 *                                                  ▲                       │ abnormal close
 *                                                  └─ reconnecting(backoff ⇄ opening) ◀┘
 *   DISCONNECT from anywhere ─▶ disconnecting ─▶ disconnected ─CONNECT─▶ (start over)
 */
import { assign, fromCallback, fromPromise, setup, stopChild, type ActorRefFrom } from "xstate";

/** How to reach the bot: a WebSocket URL, or an endpoint that answers `{ ws_url }`. */
export type ConnectTarget =
  | { kind: "url"; url: string }
  | { kind: "endpoint"; endpoint: EndpointRequest };

/** An endpoint POSTed to obtain `{ ws_url }` (same shape as client-js's `APIRequest`). */
export interface EndpointRequest {
  endpoint: string | URL;
  headers?: Record<string, string>;
  requestData?: unknown;
  /** Milliseconds before the request is abandoned. */
  timeoutMs?: number;
}

/** Reconnect policy. Delays in milliseconds. */
export interface ReconnectPolicy {
  /** Attempts after an abnormal close before giving up. 0 disables reconnecting. */
  maxAttempts: number;
  /** Delay before the first attempt; doubles per attempt. */
  baseDelayMs: number;
  /** Upper bound of one delay. */
  maxDelayMs: number;
}

/** Why the machine ended in `disconnected` with an error. */
export interface ConnectionError {
  code: "endpoint-failed" | "connect-timeout" | "connect-failed" | "reconnect-failed";
  message: string;
  /** The close code or underlying error, where there is one. */
  cause?: unknown;
}

/** Pre-connect phases that client-js sets on the transport (`initDevices`, `startBot`). */
export type IdlePhase = "disconnected" | "initializing" | "initialized" | "authenticating" | "authenticated";

export interface ConnectionContext {
  target: ConnectTarget | null;
  /** The resolved WebSocket URL (may carry a token: never log it unredacted). */
  url: string | null;
  reconnect: ReconnectPolicy;
  connectTimeoutMs: number;
  /** After this long in `ready`, the reconnect attempt counter resets. */
  stableAfterMs: number;
  /** Current reconnect attempt, 1-based; 0 when not reconnecting. */
  attempt: number;
  /** Reconnects started in this session. */
  reconnects: number;
  /** The close that started the current reconnect, for error messages. */
  lastClose: { code: number; reason: string } | null;
  error: ConnectionError | null;
  /** Set when the server closed cleanly (the bot left). */
  botLeft: boolean;
  phase: IdlePhase;
  socket: ActorRefFrom<typeof socketPlaceholder> | null;
  /** Jitter source in [0, 1). */
  random: () => number;
}

/** Input of the machine: policy knobs with their defaults filled in by the transport. */
export interface ConnectionInput {
  reconnect?: Partial<ReconnectPolicy>;
  connectTimeoutMs?: number;
  stableAfterMs?: number;
  random?: () => number;
}

export type ConnectionEvent =
  | { type: "CONNECT"; target: ConnectTarget }
  | { type: "DISCONNECT" }
  | { type: "SET_PHASE"; phase: IdlePhase }
  | { type: "SOCKET.OPEN" }
  | { type: "SOCKET.CLOSE"; code: number; reason: string }
  | { type: "BOT_READY" };

/** Input of the socket actor the transport provides. */
export interface SocketInput {
  url: string;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { maxAttempts: 2, baseDelayMs: 250, maxDelayMs: 5_000 };
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_STABLE_AFTER_MS = 5_000;

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffDelay(attempt: number, policy: ReconnectPolicy, random: () => number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

const notProvided = (what: string) => () => {
  throw new Error(`connectionMachine: '${what}' must be supplied with .provide()`);
};

// Placeholders: the transport supplies the real socket and endpoint actors with `.provide()`.
const socketPlaceholder = fromCallback<ConnectionEvent, SocketInput>(notProvided("socket actor"));
const endpointPlaceholder = fromPromise<string, EndpointRequest>(notProvided("resolveEndpoint actor"));
const teardownPlaceholder = fromPromise<void, void>(async () => {});

/** Human text for a close code. */
function describeClose(close: { code: number; reason: string } | null): string {
  if (!close) return "connection lost";
  return `connection closed (code ${close.code}${close.reason ? `: ${close.reason}` : ""})`;
}

export const connectionMachine = setup({
  types: {
    context: {} as ConnectionContext,
    events: {} as ConnectionEvent,
    input: {} as ConnectionInput,
  },
  actors: {
    socket: socketPlaceholder,
    resolveEndpoint: endpointPlaceholder,
    teardown: teardownPlaceholder,
  },
  actions: {
    /** Sends RTVI client-ready on the open socket (provided by the transport). */
    sendClientReady: notProvided("sendClientReady action"),
    /** Tells the transport the bot answered bot-ready (flush queued messages, resolve waiters). */
    notifyReady: () => {},
    openSocket: assign({
      socket: ({ context, spawn }) => spawn("socket", { input: { url: context.url ?? "" } }),
    }),
    closeSocket: stopChild(({ context }) => context.socket ?? ""),
    forgetSocket: assign({ socket: null }),
    startSession: assign(({ event }) => ({
      target: event.type === "CONNECT" ? event.target : null,
      url: event.type === "CONNECT" && event.target.kind === "url" ? event.target.url : null,
      attempt: 0,
      reconnects: 0,
      lastClose: null,
      error: null,
      botLeft: false,
    })),
    setPhase: assign({ phase: ({ event }) => (event.type === "SET_PHASE" ? event.phase : "disconnected") }),
    rememberClose: assign({
      lastClose: ({ event }) => (event.type === "SOCKET.CLOSE" ? { code: event.code, reason: event.reason } : null),
    }),
    nextAttempt: assign({
      attempt: ({ context }) => context.attempt + 1,
      reconnects: ({ context }) => context.reconnects + 1,
    }),
    resetAttempts: assign({ attempt: 0 }),
    markBotLeft: assign({ botLeft: true }),
    failConnect: assign({
      error: ({ event }) => ({
        code: "connect-failed" as const,
        message:
          event.type === "SOCKET.CLOSE"
            ? `could not open the WebSocket (code ${event.code}${event.reason ? `: ${event.reason}` : ""})`
            : "could not open the WebSocket",
        cause: event.type === "SOCKET.CLOSE" ? event.code : undefined,
      }),
    }),
    failTimeout: assign({
      error: ({ context }) => ({
        code: "connect-timeout" as const,
        message: `the WebSocket did not open within connectTimeoutMs (${context.connectTimeoutMs} ms)`,
      }),
    }),
    failReconnect: assign({
      error: ({ context }) => ({
        code: "reconnect-failed" as const,
        message: `${describeClose(context.lastClose)}; gave up after ${context.attempt} reconnect attempt(s)`,
        cause: context.lastClose?.code,
      }),
    }),
  },
  guards: {
    hasEndpoint: ({ event }) => event.type === "CONNECT" && event.target.kind === "endpoint",
    isCleanClose: ({ event }) => event.type === "SOCKET.CLOSE" && event.code === 1000,
    canReconnect: ({ context }) => context.attempt < context.reconnect.maxAttempts,
  },
  delays: {
    connectTimeout: ({ context }) => context.connectTimeoutMs,
    backoff: ({ context }) => backoffDelay(context.attempt + 1, context.reconnect, context.random),
    stableUptime: ({ context }) => context.stableAfterMs,
  },
}).createMachine({
  id: "connection",
  initial: "idle",
  context: ({ input }) => ({
    target: null,
    url: null,
    reconnect: { ...DEFAULT_RECONNECT, ...input.reconnect },
    connectTimeoutMs: input.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    stableAfterMs: input.stableAfterMs ?? DEFAULT_STABLE_AFTER_MS,
    attempt: 0,
    reconnects: 0,
    lastClose: null,
    error: null,
    botLeft: false,
    phase: "disconnected",
    socket: null,
    random: input.random ?? Math.random,
  }),
  on: {
    DISCONNECT: ".disconnecting",
  },
  states: {
    idle: {
      on: {
        SET_PHASE: { actions: "setPhase" },
        CONNECT: [
          { guard: "hasEndpoint", target: "resolvingEndpoint", actions: "startSession" },
          { target: "connecting", actions: "startSession" },
        ],
      },
    },
    resolvingEndpoint: {
      invoke: {
        id: "resolveEndpoint",
        src: "resolveEndpoint",
        input: ({ context }) => (context.target as { kind: "endpoint"; endpoint: EndpointRequest }).endpoint,
        onDone: { target: "connecting", actions: assign({ url: ({ event }) => event.output }) },
        onError: {
          target: "disconnected",
          actions: assign({
            error: ({ event }) => ({
              code: "endpoint-failed" as const,
              message: `endpoint request failed: ${(event.error as Error)?.message ?? String(event.error)}`,
              cause: event.error,
            }),
          }),
        },
      },
    },
    connecting: {
      entry: "openSocket",
      after: { connectTimeout: { target: "disconnected", actions: ["failTimeout", "closeSocket", "forgetSocket"] } },
      on: {
        "SOCKET.OPEN": "connected",
        "SOCKET.CLOSE": { target: "disconnected", actions: ["failConnect", "closeSocket", "forgetSocket"] },
      },
    },
    connected: {
      initial: "handshaking",
      on: {
        "SOCKET.CLOSE": [
          { guard: "isCleanClose", target: "disconnected", actions: ["markBotLeft", "closeSocket", "forgetSocket"] },
          { guard: "canReconnect", target: "reconnecting", actions: ["rememberClose", "closeSocket", "forgetSocket"] },
          { target: "disconnected", actions: ["rememberClose", "failReconnect", "closeSocket", "forgetSocket"] },
        ],
      },
      states: {
        handshaking: {
          entry: "sendClientReady",
          on: { BOT_READY: "ready" },
        },
        ready: {
          entry: "notifyReady",
          after: { stableUptime: { actions: "resetAttempts" } },
          // A repeated bot-ready (e.g. after a server-side restart of the pipeline) is harmless.
          on: { BOT_READY: { actions: "notifyReady" } },
        },
      },
    },
    reconnecting: {
      initial: "backoff",
      states: {
        backoff: {
          after: { backoff: "opening" },
        },
        opening: {
          entry: ["nextAttempt", "openSocket"],
          after: {
            connectTimeout: [
              { guard: "canReconnect", target: "backoff", actions: ["closeSocket", "forgetSocket"] },
              { target: "#connection.disconnected", actions: ["failReconnect", "closeSocket", "forgetSocket"] },
            ],
          },
          on: {
            "SOCKET.OPEN": "#connection.connected",
            "SOCKET.CLOSE": [
              { guard: "canReconnect", target: "backoff", actions: ["rememberClose", "closeSocket", "forgetSocket"] },
              { target: "#connection.disconnected", actions: ["rememberClose", "failReconnect", "closeSocket", "forgetSocket"] },
            ],
          },
        },
      },
    },
    disconnecting: {
      entry: ["closeSocket", "forgetSocket"],
      invoke: {
        id: "teardown",
        src: "teardown",
        onDone: "disconnected",
        onError: "disconnected",
      },
      on: { DISCONNECT: {} },
    },
    disconnected: {
      on: {
        // Already disconnected: re-entering would repeat onDisconnected/onBotDisconnected, and
        // client-js answers those with disconnect() — a loop.
        DISCONNECT: {},
        SET_PHASE: { actions: "setPhase" },
        CONNECT: [
          { guard: "hasEndpoint", target: "resolvingEndpoint", actions: "startSession" },
          { target: "connecting", actions: "startSession" },
        ],
      },
    },
  },
});

export type ConnectionMachine = typeof connectionMachine;

/** Dotted path of a snapshot's state value, e.g. `connected.ready`. */
export function statePath(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    const [key, child] = Object.entries(value)[0] ?? [];
    return key === undefined ? "" : `${key}.${statePath(child)}`.replace(/\.$/, "");
  }
  return "";
}
