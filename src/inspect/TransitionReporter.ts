/**
 * Turns the machine's own inspection stream into `state` inspection events: every change of
 * state path, with the event and the definition's transition id (`describeMachine` ids, so the
 * devtools can light up the arrow taken). Transitions are collected per microstep and reported
 * once the macrostep is done, when delays such as the backoff are known.
 */
import type { AnyActorRef, AnyMachineSnapshot, InspectionEvent as XStateInspectionEvent } from "xstate";
import { statePath, type ConnectionContext } from "../../machines/connectionMachine.js";
import type { Inspector } from "./Inspector.js";
import { transitionId } from "../../machines/describeMachine.js";

/** One change of state path. */
export interface PathChange {
  state: string;
  previous: string;
  event: string;
  transition?: string;
}

export class TransitionReporter {
  private pending: PathChange[] = [];
  private previous = "idle";
  private retryInMs: number | undefined;

  /** The actor whose microsteps count (set once the actor exists). */
  actor: AnyActorRef | null = null;

  /** Feed of `createActor(…, { inspect })`. */
  readonly inspect = (ev: XStateInspectionEvent): void => {
    if (ev.type !== "@xstate.microstep" || ev.actorRef !== this.actor) return;
    const state = statePath((ev.snapshot as { value?: unknown }).value);
    if (state === this.previous) return;
    const taken = ev._transitions.find((t) => t.target && t.target.length > 0) ?? ev._transitions[0];
    const change: PathChange = { state, previous: this.previous, event: ev.event.type };
    if (taken) change.transition = transitionId(taken.source, taken.eventType, taken.source.transitions.get(taken.eventType)?.indexOf(taken) ?? 0);
    this.pending.push(change);
    this.previous = state;
  };

  /** The backoff delay just scheduled (reported with the change that entered it); returns `ms`. */
  noteRetry(ms: number): number {
    this.retryInMs = ms;
    return ms;
  }

  /**
   * Reports the path changes since the last call to `inspector` (if anyone listens), oldest
   * first; the backoff just scheduled goes with the last one when it is a reconnect.
   */
  report(inspector: Inspector, snapshot: AnyMachineSnapshot): void {
    const changes = this.pending.splice(0);
    const retryInMs = this.retryInMs;
    this.retryInMs = undefined;
    if (!inspector.active) return;
    const { reconnect } = snapshot.context as ConnectionContext;
    // Outside reconnecting there is no attempt (the context keeps the last one for messages).
    const attempt = snapshot.hasTag("reconnecting") ? (snapshot.context as ConnectionContext).attempt : 0;
    changes.forEach((c, i) => {
      const retry = i === changes.length - 1 && snapshot.hasTag("reconnecting") ? retryInMs : undefined;
      inspector.state({ ...c, attempt, maxAttempts: reconnect.maxAttempts, ...(retry !== undefined ? { retryInMs: retry } : {}) });
    });
  }
}
