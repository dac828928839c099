/**
 * The panel's store: the one subscription to the transport, the ring buffers it fills, and the
 * batching that turns 100+ events per second into at most one render per animation frame.
 * No DOM and no Preact here, so it can be tested with a plain event source.
 */
import type { InspectableTransport, InspectionEvent, TransportStats } from "./types.js";
import { FrameLog, type FrameLogOptions } from "./model/frameLog.js";
import { RateMeter, ZERO_RATES, type Rates } from "./model/rates.js";
import { Timeline } from "./model/timeline.js";
import { redactString } from "../../src/common/redact.js";
import { exportJson } from "./model/exportSession.js";

/** Latest audio level of one direction. */
export interface LevelReading {
  /** RMS 0..1 of the newest frame. */
  level: number;
  /** When it arrived (`performance.now()` ms); old readings decay to silence. */
  time: number;
}

/** Options of a {@link DevtoolsStore}. */
export interface StoreOptions extends FrameLogOptions {
  /** How often counters are read, in ms. Default 500. */
  statsIntervalMs?: number;
  /** Transitions kept in the timeline. Default 200. */
  maxTransitions?: number;
  /** Clock in ms (default `performance.now`). */
  now?: () => number;
  /** Schedules one batched notification (default `requestAnimationFrame`, else a 16 ms timer). */
  schedule?: (fn: () => void) => void;
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
  /** Time origin of displayed offsets: when the store attached. */
  readonly origin: number;
  stats: TransportStats;
  rates: Rates = ZERO_RATES;
  mic: LevelReading = { level: 0, time: -Infinity };
  bot: LevelReading = { level: 0, time: -Infinity };
  /** Reconnect attempt of the current state (0 when not reconnecting). */
  attempt = 0;
  maxAttempts: number | null = null;
  paused = false;
  /** Log events skipped while paused. */
  skippedWhilePaused = 0;
  /** Bumped on every change; the UI re-renders when it differs. */
  version = 0;

  private readonly transport: InspectableTransport;
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
    const snapshot = transport.getSnapshot?.();
    this.timeline = new Timeline(snapshot ? statePathOf(snapshot.value) : "idle", options.maxTransitions ?? 200);
    this.attempt = snapshot?.context?.attempt ?? 0;
    this.maxAttempts = snapshot?.context?.reconnect?.maxAttempts ?? null;
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

  /** The redacted socket URL, if the transport tells it. */
  get url(): string | null {
    const url = this.transport.redactedUrl;
    return typeof url === "string" ? redactString(url) : null;
  }

  /** Folds one inspection event in. Public so tests can drive a store directly. */
  handle(event: InspectionEvent): void {
    switch (event.kind) {
      case "state":
        this.timeline.add(event);
        this.attempt = event.attempt;
        break;
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
    this.skippedWhilePaused = 0;
    this.changed();
  }

  /** The session as redacted JSON text. */
  exportJson(exportedAt = new Date()): string {
    return exportJson({
      exportedAt,
      origin: this.origin,
      url: this.url,
      state: this.state,
      stats: this.transport.getStats(), // fresh, not the last poll
      timeline: this.timeline.entries.toArray(),
      rows: this.log.toArray(),
      evictedRows: this.log.rows.evicted,
    });
  }

  /** Time in ms, on the same clock as event times. */
  currentTime(): number {
    return this.now();
  }

  private pollStats(): void {
    this.stats = this.transport.getStats();
    this.rates = this.rateMeter.sample(this.stats, this.now());
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
