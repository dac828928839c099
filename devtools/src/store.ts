/**
 * The panel's store: the one subscription to the transport, the ring buffers it fills, and the
 * batching that turns 100+ events per second into at most one render per animation frame.
 * No DOM and no Preact here, so it can be tested with a plain event source, and it is all the
 * panel keeps while it is closed (the UI itself loads on first open).
 */
import type { InspectableTransport, InspectionEvent, TransportStats } from "./types.js";
import { FrameLog, type FrameLogOptions } from "./model/frameLog.js";
import { RateMeter, ZERO_RATES, type Rates } from "./model/rates.js";
import { Timeline } from "./model/timeline.js";
import { RingBuffer } from "./model/ringBuffer.js";
import { sanitizeContext, summarizeContext } from "./model/contextView.js";
import { fatalSince, type LevelReading, type SessionView } from "./model/sessionView.js";
import { contextFailed } from "./model/tone.js";
import { redactString } from "../../src/common/redact.js";

export type { LevelReading } from "./model/sessionView.js";

/** Options of a {@link DevtoolsStore}. */
export interface StoreOptions extends FrameLogOptions {
  /** How often counters are read, in ms. Default 500. */
  statsIntervalMs?: number;
  /** Transitions kept in the timeline. Default 200. */
  maxTransitions?: number;
  /** Counter readings kept for an exported session's replay (one per `statsIntervalMs`). Default 1200 (10 min at 500 ms). */
  maxStatSamples?: number;
  /** Clock in ms (default `performance.now`). */
  now?: () => number;
  /** Schedules one batched notification (default `requestAnimationFrame`, else a 16 ms timer). */
  schedule?: (fn: () => void) => void;
}

/** Counters at one time. */
export interface StatSample {
  time: number;
  stats: TransportStats;
}

function statePathOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    const [key, child] = Object.entries(value)[0] ?? [];
    if (key === undefined) return "";
    const rest = statePathOf(child);
    return rest ? `${key}.${rest}` : key;
  }
  return "";
}

function defaultSchedule(fn: () => void): void {
  if (typeof requestAnimationFrame === "function") {
    // rAF does not run in hidden tabs; the timer makes sure a notification still happens.
    let done = false;
    const once = () => {
      if (!done) {
        done = true;
        fn();
      }
    };
    requestAnimationFrame(once);
    setTimeout(once, 100);
  } else {
    setTimeout(fn, 16);
  }
}

export class DevtoolsStore {
  readonly log: FrameLog;
  readonly timeline: Timeline;
  readonly samples: RingBuffer<StatSample>;
  /** Time origin of displayed offsets: when the store attached. */
  readonly origin: number;
  stats: TransportStats;
  rates: Rates = ZERO_RATES;
  mic: LevelReading = { level: 0, time: -Infinity };
  bot: LevelReading = { level: 0, time: -Infinity };
  /** Reconnect attempt of the current state (0 when not reconnecting). */
  attempt = 0;
  maxAttempts: number | null = null;
  /** When the next reconnect attempt starts, if the transport said (for the countdown). */
  retryAt: number | null = null;
  paused = false;
  /** Log events skipped while paused. */
  skippedWhilePaused = 0;
  /** Bumped on every change; the UI re-renders when it differs. */
  version = 0;
  /** The context after the last transition said the session failed. */
  private contextFailure = false;
  private lastFatalAt: number | null = null;

  readonly transport: InspectableTransport;
  private readonly rateMeter = new RateMeter();
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private readonly schedule: (fn: () => void) => void;
  private readonly statsIntervalMs: number;
  private pending = false;
  private unsubscribe: (() => void) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(transport: InspectableTransport, options: StoreOptions = {}) {
    this.transport = transport;
    this.now = options.now ?? (() => performance.now());
    this.schedule = options.schedule ?? defaultSchedule;
    this.statsIntervalMs = options.statsIntervalMs ?? 500;
    this.log = new FrameLog(options);
    this.samples = new RingBuffer<StatSample>({ capacity: options.maxStatSamples ?? 1200 });
    const snapshot = this.snapshot();
    this.timeline = new Timeline(snapshot ? statePathOf(snapshot.value) : "idle", options.maxTransitions ?? 200);
    const { attempt, maxAttempts } = summarizeContext(snapshot?.context);
    this.attempt = attempt ?? 0;
    this.maxAttempts = maxAttempts;
    this.origin = this.now();
    this.stats = transport.getStats();
  }

  /** Starts listening to the transport (the one subscription) and polling its counters. */
  attach(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.transport.inspect((event) => this.handle(event));
    this.timer = setInterval(() => this.pollStats(), this.statsIntervalMs);
    this.pollStats();
  }

  /** Stops listening and polling. The buffers stay readable. */
  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  /** Calls `fn` after each batch of changes. Returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The current state path (e.g. `connected.ready`). */
  get state(): string {
    return this.timeline.state;
  }

  /** True if the session ended in a failure (see {@link SessionView.failed}). */
  get failed(): boolean {
    return this.contextFailure || fatalSince(this.lastFatalAt, this.timeline.enteredAt);
  }

  /** The redacted socket URL, if the transport tells it. */
  get url(): string | null {
    const url = this.transport.redactedUrl;
    return typeof url === "string" ? redactString(url) : null;
  }

  /** The live machine context, redacted plain JSON (null if the transport has no snapshot). */
  context(): unknown {
    return sanitizeContext(this.snapshot()?.context);
  }

  /** Folds one inspection event in. Public so tests can drive a store directly. */
  handle(event: InspectionEvent): void {
    switch (event.kind) {
      case "state": {
        const context = this.transport.getSnapshot ? this.context() : undefined;
        const entry = this.timeline.add(event, context);
        this.contextFailure = contextFailed(context);
        this.attempt = event.attempt;
        if (entry.maxAttempts !== null) this.maxAttempts = entry.maxAttempts;
        this.retryAt = entry.retryInMs !== null ? event.time + entry.retryInMs : null;
        break;
      }
      case "frame":
        if (event.audio) {
          const reading = event.direction === "in" ? this.bot : this.mic;
          reading.level = event.audio.level;
          reading.time = event.time;
        }
        if (this.paused) this.skippedWhilePaused++;
        else this.log.add(event);
        break;
      default:
        if (event.kind === "error" && event.fatal) this.lastFatalAt = event.time;
        // Drops and errors are always logged: they explain what happened while paused.
        this.log.add(event);
    }
    this.changed();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.skippedWhilePaused = 0;
    this.changed();
  }

  /** Empties the log and the timeline (counters belong to the transport and stay). */
  clear(): void {
    this.log.clear();
    this.timeline.clear();
    this.lastFatalAt = null;
    this.skippedWhilePaused = 0;
    this.changed();
  }

  /** Time in ms, on the same clock as event times. */
  currentTime(): number {
    return this.now();
  }

  /** What the panel draws now. */
  view(): SessionView {
    const rows = this.log.rows;
    return {
      mode: "live",
      origin: this.origin,
      now: this.now(),
      state: this.state,
      failed: this.failed,
      enteredAt: this.timeline.enteredAt,
      attempt: this.attempt,
      maxAttempts: this.maxAttempts,
      retryAt: this.retryAt,
      timeline: this.timeline.entries.toArray(),
      rows: rows.toArray(),
      buffer: { size: rows.size, capacity: rows.capacity, evicted: rows.evicted },
      stats: this.stats,
      rates: this.rates,
      mic: this.mic,
      bot: this.bot,
      context: this.context(),
      url: this.url,
      paused: this.paused,
      skippedWhilePaused: this.skippedWhilePaused,
    };
  }

  private snapshot(): { value: unknown; context?: unknown } | undefined {
    try {
      return this.transport.getSnapshot?.();
    } catch {
      return undefined;
    }
  }

  private pollStats(): void {
    const time = this.now();
    this.stats = this.transport.getStats();
    this.rates = this.rateMeter.sample(this.stats, time);
    this.samples.push({ time, stats: this.stats });
    this.changed();
  }

  private changed(): void {
    this.version++;
    if (this.pending) return;
    this.pending = true;
    this.schedule(() => {
      this.pending = false;
      for (const fn of this.listeners) fn();
    });
  }
}
