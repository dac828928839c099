/**
 * What the devtools need from a transport, as structural types: `WebSocketTransport` satisfies
 * them, and so does a small event source in a test. Only types are imported from the library,
 * so the devtools entry pulls in no transport code.
 */
import type {
  DropInspection,
  ErrorInspection,
  FrameInspection,
  InspectionEvent,
  InspectionListener,
  StateInspection,
  TransportStats,
} from "../../src/inspect/InspectionEvent.js";
import type { AnyStateMachine } from "xstate";

// FrameInspection.bytes (raw, bounded) feeds the hex view; bytes that look like they carry a
// secret are not kept (model/hex.ts), since a hex dump's ASCII column would show it.
export type { DropInspection, ErrorInspection, FrameInspection, InspectionEvent, InspectionListener, StateInspection, TransportStats };


/**
 * A state machine definition: an XState 5 `StateMachine` (the statechart is read from
 * `machine.root` and its state nodes).
 */
export type MachineLike = AnyStateMachine;

/** The live actor, for "Open in Stately inspector" (an XState 5 `Actor`). */
export interface ActorLike {
  id: string;
  sessionId: string;
  getSnapshot(): unknown;
  send(event: { type: string }): void;
  subscribe(observer: unknown): { unsubscribe(): void };
  logic: { toJSON?: () => unknown };
  system: { inspect(observer: (event: unknown) => void): { unsubscribe(): void } };
}

/** What `mountDevtools` needs from a transport. `WebSocketTransport` has all of it. */
export interface InspectableTransport {
  /** Subscribes to inspection events; returns the unsubscribe function. */
  inspect(listener: InspectionListener): () => void;
  /** Always-kept counters. */
  getStats(): TransportStats;
  /** The connection machine (its definition draws the statechart). */
  readonly machine?: MachineLike;
  /** The live snapshot: the state the panel opens in, and the machine context it shows (redacted). */
  getSnapshot?(): { value: unknown; context?: unknown };
  /** The live actor, for the Stately inspector. */
  readonly actorRef?: ActorLike;
  /** The socket URL in use, redacted. */
  readonly redactedUrl?: string | null;
}
