/**
 * The transition timeline: each move of the connection machine with its time, the event that
 * caused it, how long the machine stayed in the state it left, the reconnect attempt, and the
 * machine context right after the move (redacted), so a replay can show it.
 */
import type { StateInspection } from "../types.js";
import { RingBuffer } from "./ringBuffer.js";
import { redactString } from "../../../src/common/redact.js";

/** One transition. */
export interface TimelineEntry {
  id: number;
  time: number;
  from: string;
  to: string;
  /** Raw event type (e.g. `SOCKET.CLOSE`, `xstate.after.backoff.connection.reconnecting.backoff`). */
  event: string;
  /** The describeMachine transition id, when the transport tells it. */
  transition: string | null;
  /** Milliseconds spent in `from`, if the timeline saw it being entered. */
  durationInFromMs: number | null;
  /** Reconnect attempt (1-based) after the move, 0 when not reconnecting. */
  attempt: number;
  /** Attempts the reconnect policy allows, if known. */
  maxAttempts: number | null;
  /** On entering a backoff: milliseconds until the next attempt, if the transport tells it. */
  retryInMs: number | null;
  /** The machine context after the move (redacted plain JSON), if known. */
  context?: unknown;
}

export class Timeline {
  readonly entries: RingBuffer<TimelineEntry>;
  private nextId = 1;
  private entered: number | null = null;
  private current: string;

  constructor(initialState = "idle", capacity = 200) {
    this.entries = new RingBuffer<TimelineEntry>({ capacity });
    this.current = initialState;
  }

  /** The state the machine is in now (dotted path). */
  get state(): string {
    return this.current;
  }

  /** When the current state was entered, if the timeline saw it. */
  get enteredAt(): number | null {
    return this.entered;
  }

  /** Milliseconds in the current state at `now`, if known. */
  timeInState(now: number): number | null {
    return this.entered === null ? null : now - this.entered;
  }

  /** Records one transition. */
  add(event: StateInspection, context?: unknown): TimelineEntry {
    const entry: TimelineEntry = {
      id: this.nextId++,
      time: event.time,
      from: event.previous,
      to: event.state,
      event: redactString(event.event),
      transition: typeof event.transition === "string" ? event.transition : null,
      durationInFromMs: this.entered === null ? null : event.time - this.entered,
      attempt: event.attempt,
      maxAttempts: typeof event.maxAttempts === "number" ? event.maxAttempts : null,
      retryInMs: typeof event.retryInMs === "number" && Number.isFinite(event.retryInMs) ? event.retryInMs : null,
    };
    if (context !== undefined) entry.context = context;
    this.entered = event.time;
    this.current = event.state;
    this.entries.push(entry);
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}
