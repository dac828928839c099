/**
 * The connection machine with this transport's implementations: the socket actor, the endpoint
 * requests, teardown, the jittered backoff, and the effects the machine names (client-js
 * callbacks, the outbox, playback). The machine decides when; these say how.
 */
import { fromPromise } from "xstate";
import {
  connectionMachine,
  type ConnectionContext,
  type ConnectionEvent,
  type EndpointRequest,
  type RefreshInput,
} from "../../machines/connectionMachine.js";
import { createSocketActor, type SocketActorDeps } from "../connection/socketActor.js";

/** An effect gets the machine's context (and the event that caused it, for messages). */
export type Effect = (context: ConnectionContext, event: ConnectionEvent | { type: string }) => void;

/** What the machine's named effects do for this transport. */
export interface ConnectionEffects {
  sendClientReady: Effect;
  notifyConnected: Effect;
  notifyReady: Effect;
  flushOutbox: Effect;
  clearOutbox: Effect;
  notifyReconnecting: Effect;
  interruptPlayback: Effect;
  notifyDisconnected: Effect;
}

export interface ConnectionImplementations {
  socket: SocketActorDeps;
  /** POSTs the endpoint of a `connect({ endpoint })`; resolves the WebSocket URL. */
  resolveEndpoint(request: EndpointRequest, signal: AbortSignal): Promise<string>;
  /** Fresh params before a reconnect attempt (one-time tokens); resolves the WebSocket URL. */
  refreshParams(input: RefreshInput, signal: AbortSignal): Promise<string>;
  /** Releases audio on `disconnect()`. */
  teardown(): Promise<void>;
  /** The delay in ms before reconnect attempt `attempt` (1-based). */
  backoffMs(attempt: number, context: ConnectionContext): number;
  effects: ConnectionEffects;
  /** An effect threw (an app callback, say): reported here, never into the machine. */
  onEffectError(effect: string, error: unknown): void;
}

export function provideConnection(impl: ConnectionImplementations) {
  const e = impl.effects;
  // An exception inside an action would stop the machine: effects never throw into it.
  const effect =
    (name: keyof ConnectionEffects) =>
    ({ context, event }: { context: ConnectionContext; event: ConnectionEvent }) => {
      try {
        e[name](context, event);
      } catch (error) {
        impl.onEffectError(name, error);
      }
    };
  return connectionMachine.provide({
    actors: {
      socket: createSocketActor(impl.socket),
      resolveEndpoint: fromPromise<string, EndpointRequest>(({ input, signal }) => impl.resolveEndpoint(input, signal)),
      refreshParams: fromPromise<string, RefreshInput>(({ input, signal }) => impl.refreshParams(input, signal)),
      teardown: fromPromise<void, void>(() => impl.teardown()),
    },
    actions: {
      sendClientReady: effect("sendClientReady"),
      notifyConnected: effect("notifyConnected"),
      notifyReady: effect("notifyReady"),
      flushOutbox: effect("flushOutbox"),
      clearOutbox: effect("clearOutbox"),
      notifyReconnecting: effect("notifyReconnecting"),
      interruptPlayback: effect("interruptPlayback"),
      notifyDisconnected: effect("notifyDisconnected"),
    },
    delays: {
      backoff: ({ context }) => impl.backoffMs(context.attempt + 1, context),
    },
  });
}
