/**
 * The connection statechart: the one place that knows whether the transport is connecting,
 * handshaking, ready or reconnecting, and what happens on each move. Pure: it imports no I/O.
 * The socket, the endpoint requests, teardown and every effect (client-js callbacks, the outbox,
 * playback) are implementations the transport supplies with `.provide()`; the defaults here are
 * inert or fail loudly, so a missing implementation cannot pass silently. The context is plain
 * data (no actor refs, no functions): snapshots serialize.
 *
 *   idle ─CONNECT─▶ resolvingEndpoint ─▶ connecting ─OPEN─▶ connected(handshaking ─BOT_READY─▶ ready)
 *                     (endpoint only)        │                │ abnormal close, ready timeout
 *                                            │                ▼
 *                                            │    reconnecting(backoff ─▶ refreshing ─▶ opening)
 *                                            │      (refreshing: fresh params from the endpoint/hook)
 *                                            ▼                │ attempts spent
 *   DISCONNECT from anywhere ─▶ disconnecting ─▶ disconnected ◀┘ ─CONNECT─▶ (start over)
 *
 * A server without an RTVI handshake (Twilio) goes from OPEN straight to `ready`.
 */
import { assign, fromCallback, fromPromise, setup, spawnChild, stopChild } from "xstate";
import {
  backoffDelay,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_READY_TIMEOUT_MS,
  DEFAULT_RECONNECT,
  DEFAULT_STABLE_AFTER_MS,
  describeClose,
  SOCKET_ID,
  type CloseRecord,
  type ConnectionContext,
  type ConnectionEvent,
  type ConnectionInput,
  type EndpointRequest,
  type RefreshInput,
  type SocketInput,
} from "./connectionTypes.js";

export * from "./connectionTypes.js";

const notProvided = (what: string) => () => {
  throw new Error(`connectionMachine: '${what}' must be supplied with .provide()`);
};

function closeRecord(event: { code: number; reason: string; status?: number }): CloseRecord {
  return event.status === undefined ? { code: event.code, reason: event.reason } : { code: event.code, reason: event.reason, status: event.status };
}

export const connectionMachine = setup({
  types: {
    context: {} as ConnectionContext,
    events: {} as ConnectionEvent,
    input: {} as ConnectionInput,
  },
  actors: {
    socket: fromCallback<ConnectionEvent, SocketInput>(notProvided("socket actor")),
    resolveEndpoint: fromPromise<string, EndpointRequest>(notProvided("resolveEndpoint actor")),
    refreshParams: fromPromise<string, RefreshInput>(notProvided("refreshParams actor")),
    teardown: fromPromise<void, void>(async () => {}),
  },
  actions: {
    // Effects, provided by the transport (inert by default so the graph can be walked).
    /** Sends RTVI client-ready on the open socket. */
    sendClientReady: notProvided("sendClientReady action"),
    /** The socket opened (client-js `onConnected`); starts audio on the first open of a session. */
    notifyConnected: () => {},
    /** The bot answered bot-ready (or the socket opened, without a handshake). */
    notifyReady: () => {},
    /** Sends the messages queued while not ready, in order. */
    flushOutbox: () => {},
    /** Forgets the queued messages (a new session, or the end of one). */
    clearOutbox: () => {},
    /** The connection was lost and a reconnect begins (a non-fatal error for the app). */
    notifyReconnecting: () => {},
    /** Drops buffered bot audio at once: it belongs to a turn that is gone. */
    interruptPlayback: () => {},
    /** The session ended: stop audio, report the failure or the bot leaving, `onDisconnected`. */
    notifyDisconnected: () => {},

    // Context.
    openSocket: spawnChild("socket", { id: SOCKET_ID, input: ({ context }) => ({ url: context.url ?? "" }) }),
    closeSocket: stopChild(SOCKET_ID),
    startSession: assign(({ event }) => ({
      target: event.type === "CONNECT" ? event.target : null,
      url: event.type === "CONNECT" && event.target.kind === "url" ? event.target.url : null,
      refresh: event.type === "CONNECT" && (event.refresh ?? event.target.kind === "endpoint"),
      attempt: 0,
      reconnects: 0,
      wasReady: false,
      lastClose: null,
      failure: null,
      botLeft: false,
    })),
    setUrl: assign({ url: ({ event }) => (event as unknown as { output: string }).output }),
    setPhase: assign({ phase: ({ event }) => (event.type === "SET_PHASE" ? event.phase : "disconnected") }),
    rememberClose: assign({
      lastClose: ({ event, context }) => (event.type === "SOCKET.CLOSE" ? closeRecord(event) : context.lastClose),
    }),
    markReady: assign({ wasReady: true }),
    nextAttempt: assign({
      attempt: ({ context }) => context.attempt + 1,
      reconnects: ({ context }) => context.reconnects + 1,
    }),
    resetAttempts: assign({ attempt: 0 }),
    markBotLeft: assign({ botLeft: true }),
    failEndpoint: assign({
      failure: ({ event }) => {
        const error = (event as unknown as { error: unknown }).error;
        return { code: "endpoint-failed" as const, message: `endpoint request failed: ${(error as Error)?.message ?? String(error)}`, cause: error };
      },
    }),
    failConnect: assign({
      failure: ({ event }) => ({
        code: "connect-failed" as const,
        message:
          event.type === "SOCKET.CLOSE"
            ? `could not open the WebSocket (code ${event.code}${event.reason ? `: ${event.reason}` : ""})`
            : "could not open the WebSocket",
        cause: event.type === "SOCKET.CLOSE" ? closeRecord(event) : undefined,
      }),
    }),
    failTimeout: assign({
      failure: ({ context }) => ({
        code: "connect-timeout" as const,
        message: `the WebSocket did not open within connectTimeoutMs (${context.connectTimeoutMs} ms)`,
      }),
    }),
    failReadyTimeout: assign({
      failure: ({ context }) => ({
        code: "ready-timeout" as const,
        message: `the bot did not answer client-ready with bot-ready within readyTimeoutMs (${context.readyTimeoutMs} ms)`,
      }),
    }),
    failReconnect: assign({
      failure: ({ context, event }) => {
        const error = (event as unknown as { error?: unknown }).error;
        const why = error !== undefined ? `fresh connection params failed: ${(error as Error)?.message ?? String(error)}` : describeClose(context.lastClose);
        return {
          code: "reconnect-failed" as const,
          message: `${why}; gave up after ${context.attempt} reconnect attempt(s)`,
          cause: error ?? context.lastClose ?? undefined,
        };
      },
    }),
  },
  guards: {
    hasEndpoint: ({ event }) => event.type === "CONNECT" && event.target.kind === "endpoint",
    isCleanClose: ({ event }) => event.type === "SOCKET.CLOSE" && event.code === 1000,
    canReconnect: ({ context }) => context.attempt < context.reconnect.maxAttempts,
    /** A lost session that had been ready may reconnect; one that never was fails at once. */
    canRetryHandshake: ({ context }) => context.wasReady && context.attempt < context.reconnect.maxAttempts,
    refreshesParams: ({ context }) => context.refresh,
    skipsHandshake: ({ context }) => !context.handshake,
  },
  delays: {
    connectTimeout: ({ context }) => context.connectTimeoutMs,
    readyTimeout: ({ context }) => context.readyTimeoutMs,
    // The transport provides a jittered delay; this default is the policy's midpoint.
    backoff: ({ context }) => backoffDelay(context.attempt + 1, context.reconnect, () => 0.5),
    stableUptime: ({ context }) => context.stableAfterMs,
  },
}).createMachine({
  id: "connection",
  initial: "idle",
  context: ({ input }) => ({
    target: null,
    url: null,
    refresh: false,
    handshake: input.handshake ?? true,
    reconnect: { ...DEFAULT_RECONNECT, ...input.reconnect },
    connectTimeoutMs: input.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    readyTimeoutMs: input.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    stableAfterMs: input.stableAfterMs ?? DEFAULT_STABLE_AFTER_MS,
    attempt: 0,
    reconnects: 0,
    wasReady: false,
    lastClose: null,
    failure: null,
    botLeft: false,
    phase: "disconnected",
  }),
  on: {
    DISCONNECT: ".disconnecting",
  },
  states: {
    idle: {
      on: {
        SET_PHASE: { actions: "setPhase" },
        CONNECT: [
          { guard: "hasEndpoint", target: "resolvingEndpoint", actions: ["startSession"] },
          { target: "connecting", actions: ["startSession"] },
        ],
      },
    },
    resolvingEndpoint: {
      tags: ["authenticating"],
      invoke: {
        id: "resolveEndpoint",
        src: "resolveEndpoint",
        input: ({ context }) => (context.target as { kind: "endpoint"; endpoint: EndpointRequest }).endpoint,
        onDone: { target: "connecting", actions: "setUrl" },
        onError: { target: "disconnected", actions: "failEndpoint" },
      },
    },
    connecting: {
      tags: ["connecting"],
      entry: "openSocket",
      after: { connectTimeout: { target: "disconnected", actions: ["failTimeout", "closeSocket"] } },
      on: {
        "SOCKET.OPEN": [
          { guard: "skipsHandshake", target: "connected.ready", actions: "notifyConnected" },
          { target: "connected.handshaking", actions: "notifyConnected" },
        ],
        "SOCKET.CLOSE": { target: "disconnected", actions: ["failConnect", "closeSocket"] },
      },
    },
    connected: {
      tags: ["open"],
      initial: "handshaking",
      on: {
        "SOCKET.CLOSE": [
          { guard: "isCleanClose", target: "disconnected", actions: ["markBotLeft", "closeSocket"] },
          { guard: "canReconnect", target: "reconnecting", actions: ["rememberClose", "closeSocket", "notifyReconnecting", "interruptPlayback"] },
          { target: "disconnected", actions: ["rememberClose", "failReconnect", "closeSocket"] },
        ],
      },
      states: {
        handshaking: {
          tags: ["connected"],
          entry: "sendClientReady",
          after: {
            readyTimeout: [
              { guard: "canRetryHandshake", target: "#connection.reconnecting", actions: ["closeSocket", "notifyReconnecting", "interruptPlayback"] },
              { target: "#connection.disconnected", actions: ["failReadyTimeout", "closeSocket"] },
            ],
          },
          on: { BOT_READY: "ready" },
        },
        ready: {
          tags: ["ready"],
          entry: ["markReady", "notifyReady", "flushOutbox"],
          after: { stableUptime: { actions: "resetAttempts" } },
          // A repeated bot-ready (e.g. after a server-side restart of the pipeline) is harmless.
          on: { BOT_READY: { actions: "flushOutbox" } },
        },
      },
    },
    reconnecting: {
      tags: ["connecting", "reconnecting"],
      initial: "backoff",
      states: {
        backoff: {
          after: {
            backoff: [
              { guard: "refreshesParams", target: "refreshing", actions: "nextAttempt" },
              { target: "opening", actions: "nextAttempt" },
            ],
          },
        },
        refreshing: {
          invoke: {
            id: "refreshParams",
            src: "refreshParams",
            input: ({ context }) => ({ target: context.target, url: context.url, attempt: context.attempt, lastClose: context.lastClose }),
            onDone: { target: "opening", actions: "setUrl" },
            onError: [
              { guard: "canReconnect", target: "backoff" },
              { target: "#connection.disconnected", actions: "failReconnect" },
            ],
          },
        },
        opening: {
          entry: "openSocket",
          after: {
            connectTimeout: [
              { guard: "canReconnect", target: "backoff", actions: "closeSocket" },
              { target: "#connection.disconnected", actions: ["failReconnect", "closeSocket"] },
            ],
          },
          on: {
            "SOCKET.OPEN": [
              { guard: "skipsHandshake", target: "#connection.connected.ready", actions: "notifyConnected" },
              { target: "#connection.connected.handshaking", actions: "notifyConnected" },
            ],
            "SOCKET.CLOSE": [
              { guard: "canReconnect", target: "backoff", actions: ["rememberClose", "closeSocket"] },
              { target: "#connection.disconnected", actions: ["rememberClose", "failReconnect", "closeSocket"] },
            ],
          },
        },
      },
    },
    disconnecting: {
      tags: ["disconnecting"],
      entry: "closeSocket",
      invoke: {
        id: "teardown",
        src: "teardown",
        onDone: "disconnected",
        onError: "disconnected",
      },
      on: { DISCONNECT: {} },
    },
    disconnected: {
      tags: ["disconnected"],
      entry: ["clearOutbox", "notifyDisconnected"],
      on: {
        // Already disconnected: re-entering would repeat onDisconnected/onBotDisconnected, and
        // client-js answers those with disconnect() — a loop.
        DISCONNECT: {},
        SET_PHASE: { actions: "setPhase" },
        CONNECT: [
          { guard: "hasEndpoint", target: "resolvingEndpoint", actions: ["startSession"] },
          { target: "connecting", actions: ["startSession"] },
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
