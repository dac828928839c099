/**
 * One structured line per connection event, so a developer can follow a session in the terminal
 * and a test can assert on what happened. Records are objects; the default sink prints them as
 * logfmt (`key=value`). Tokens never enter a record: URLs are logged without their query.
 */

/** One event of the dev server. `event` names it; the other fields depend on the event. */
export interface DevServerLogRecord {
  /** ISO time of the event. */
  time: string;
  /** `info` for normal events, `warn` for rejected or bad input, `error` for server faults. */
  level: "info" | "warn" | "error";
  /** Event name, e.g. `connected`, `handshake-rejected`, `user-started-speaking`, `closed`. */
  event: string;
  /** Connection number (1, 2, …) when the event belongs to a connection. */
  conn?: number;
  [field: string]: string | number | boolean | undefined;
}

/** Receives every log record. */
export type DevServerLogger = (record: DevServerLogRecord) => void;

/** Prints records as logfmt lines on stderr (stdout stays free for machine output). */
export const logfmtLogger: DevServerLogger = (record) => {
  process.stderr.write(formatLogfmt(record) + "\n");
};

/** `time=… level=info event=connected conn=1 origin=http://localhost:5173` */
export function formatLogfmt(record: DevServerLogRecord): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(record)) {
    if (v === undefined) continue;
    const s = String(v);
    parts.push(`${k}=${/^[\w.:/@+-]+$/.test(s) ? s : JSON.stringify(s)}`);
  }
  return parts.join(" ");
}

/** Builds records with the time filled in; swallows logger exceptions (logging must not kill a socket). */
export function makeEmitter(logger: DevServerLogger | false) {
  return (level: DevServerLogRecord["level"], event: string, fields: Omit<DevServerLogRecord, "time" | "level" | "event"> = {}): void => {
    if (!logger) return;
    try {
      logger({ time: new Date().toISOString(), level, event, ...fields });
    } catch {
      // A broken logger is the caller's problem, not a reason to drop a connection.
    }
  };
}

/** The emitter `makeEmitter` returns. */
export type Emit = ReturnType<typeof makeEmitter>;

/** A URL path without its query string (where tokens live). */
export function pathOnly(url: string | undefined): string {
  if (!url) return "";
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}

/**
 * Logs at most `burst` events of each key per `windowMs`, then one summary line for the rest
 * (`suppressed=N`), so a flood (thousands of wrong-token handshakes a second) costs a few lines.
 */
export class ThrottledEmit {
  private readonly windows = new Map<string, { start: number; count: number; last: Parameters<Emit>; timer?: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly emit: Emit,
    private readonly burst = 5,
    private readonly windowMs = 1000,
  ) {}

  /** Logs (or counts) one event; `key` groups events that are throttled together. */
  event(key: string, ...args: Parameters<Emit>): void {
    const now = performance.now();
    let w = this.windows.get(key);
    if (w && now - w.start >= this.windowMs && w.timer === undefined) w = undefined;
    if (!w) {
      w = { start: now, count: 0, last: args };
      this.windows.set(key, w);
    }
    w.count++;
    w.last = args;
    if (w.count <= this.burst) {
      this.emit(...args);
      return;
    }
    // Summarise the rest when this window ends.
    w.timer ??= setTimeout(() => this.summarise(key), Math.max(0, this.windowMs - (now - w.start))).unref();
  }

  /** Writes pending summaries now (at shutdown). */
  flush(): void {
    for (const key of [...this.windows.keys()]) this.summarise(key);
  }

  private summarise(key: string): void {
    const w = this.windows.get(key);
    if (!w) return;
    this.windows.delete(key);
    if (w.timer !== undefined) clearTimeout(w.timer);
    const suppressed = w.count - this.burst;
    if (suppressed <= 0) return;
    const [level, event, fields = {}] = w.last;
    const { conn: _conn, ...rest } = fields;
    this.emit(level, event, { ...rest, suppressed, seconds: Math.round((performance.now() - w.start) / 100) / 10 });
  }
}
