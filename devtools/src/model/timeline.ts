/**
 * The transition timeline: each move of the connection machine with its time, the event that
 * caused it, how long the machine stayed in the state it left, and the reconnect attempt.
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
  /** Milliseconds spent in `from`, if the timeline saw it being entered. */
  durationInFromMs: number | null;
  /** Reconnect attempt (1-based) after the move, 0 when not reconnecting. */
  attempt: number;
}

export class Timeline {
  readonly entries: RingBuffer<TimelineEntry>;
  private nextId = 1;
  private enteredAt: number | null = null;
  private current: string;

  constructor(initialState = "idle", capacity = 200) {
    this.entries = new RingBuffer<TimelineEntry>({ capacity });
    this.current = initialState;
  }

  /** The state the machine is in now (dotted path). */
  get state(): string {
    return this.current;
  }

  /** Milliseconds in the current state at `now`, if known. */
  timeInState(now: number): number | null {
    return this.enteredAt === null ? null : now - this.enteredAt;
  }

  /** Records one transition. */
  add(event: StateInspection): TimelineEntry {
    const entry: TimelineEntry = {
      id: this.nextId++,
      time: event.time,
      from: event.previous,
      to: event.state,
      event: redactString(event.event),
      durationInFromMs: this.enteredAt === null ? null : event.time - this.enteredAt,
      attempt: event.attempt,
    };
    this.enteredAt = event.time;
    this.current = event.state;
    this.entries.push(entry);
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}
