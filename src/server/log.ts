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
