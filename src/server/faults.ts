/**
 * Fault injection for the dev server: the failures a transport must survive (dropped sockets,
 * close codes, refused or hanging handshakes, hostile frames, a bot that never gets ready),
 * on demand. Tests call it in-process; over HTTP it exists only when `exposeFaults` is set.
 */
import type { WebSocket } from "ws";
import type { Emit } from "./log.js";
import { isMalformedKind, malformedMessage, type MalformedKind } from "./malformedFrames.js";

/** Controls faults on a running dev server. Counts return how many connections were affected. */
export interface DevServerFaults {
  /** Destroys every open connection's TCP socket without a close frame (like a network cut). */
  dropConnections(): number;
  /** Closes every open connection with `code` (e.g. 1011, 4000) and `reason`. */
  closeConnections(code: number, reason?: string): number;
  /** Answers the next `count` valid WebSocket handshakes with HTTP `status` (default 503). */
  refuseHandshakes(count: number, status?: number): void;
  /** Holds the next `count` handshakes for `ms` before accepting; `Infinity` hangs them until close. */
  delayHandshakes(count: number, ms: number): void;
  /** Sends one malformed message of `kind` to every open connection. */
  sendMalformed(kind: MalformedKind): number;
  /** Leaves the next `count` `client-ready` messages unanswered (no `bot-ready`). */
  withholdBotReady(count: number): void;
  /** Cancels pending handshake faults and withheld bot-ready. */
  reset(): void;
}

/** Pending per-handshake faults, consumed in order by the server. */
export class FaultState {
  refuse: { count: number; status: number } = { count: 0, status: 503 };
  delay: { count: number; ms: number } = { count: 0, ms: 0 };
  withhold = 0;

  /** The fault for the next handshake, consuming it. */
  takeHandshakeFault(): { refuse: number } | { delayMs: number } | null {
    if (this.refuse.count > 0) {
      this.refuse.count--;
      return { refuse: this.refuse.status };
    }
    if (this.delay.count > 0) {
      this.delay.count--;
      return { delayMs: this.delay.ms };
    }
    return null;
  }

  takeWithhold(): boolean {
    if (this.withhold <= 0) return false;
    this.withhold--;
    return true;
  }

  reset(): void {
    this.refuse = { count: 0, status: 503 };
    this.delay = { count: 0, ms: 0 };
    this.withhold = 0;
  }
}

/** An open connection, as the faults see it. */
interface FaultTarget {
  id: number;
  ws: WebSocket;
}

/** The fault API over the server's open connections and its pending handshake faults. */
export function createFaults(state: FaultState, connections: () => Iterable<FaultTarget>, emit: Emit): DevServerFaults {
  function each(fn: (c: FaultTarget) => void, fault: string, fields: Record<string, string | number> = {}): number {
    let n = 0;
    for (const c of connections()) {
      try {
        fn(c);
        n++;
      } catch (e) {
        emit("error", "fault-failed", { conn: c.id, fault, message: (e as Error).message });
      }
    }
    emit("warn", "fault", { fault, ...fields, connections: n });
    return n;
  }
  return {
    dropConnections: () => each((c) => c.ws.terminate(), "drop"),
    closeConnections: (code, reason = "") => each((c) => c.ws.close(code, reason), "close", { code }),
    refuseHandshakes: (count, status = 503) => {
      state.refuse = { count, status };
      emit("warn", "fault", { fault: "refuse", count, status });
    },
    delayHandshakes: (count, ms) => {
      state.delay = { count, ms };
      emit("warn", "fault", { fault: Number.isFinite(ms) ? "delay" : "hang", count, ms: Number.isFinite(ms) ? ms : undefined });
    },
    sendMalformed: (kind) => {
      const msg = malformedMessage(kind);
      return each((c) => c.ws.send(msg), "malformed", { kind });
    },
    withholdBotReady: (count) => {
      state.withhold = count;
      emit("warn", "fault", { fault: "withhold-bot-ready", count });
    },
    reset: () => {
      state.reset();
      emit("info", "fault", { fault: "reset" });
    },
  };
}

/** A fault request as JSON (the body of `POST /__faults`). */
export type FaultRequest =
  | { action: "drop" }
  | { action: "close"; code: number; reason?: string }
  | { action: "refuse"; count?: number; status?: number }
  | { action: "delay"; count?: number; ms: number }
  | { action: "hang"; count?: number }
  | { action: "malformed"; kind: MalformedKind }
  | { action: "withhold-bot-ready"; count?: number }
  | { action: "reset" };

/** Applies a JSON fault request; returns the number affected, or an error message for bad input. */
export function applyFaultRequest(faults: DevServerFaults, body: unknown): { affected: number } | { error: string } {
  if (body === null || typeof body !== "object") return { error: "body must be a JSON object with an 'action'" };
  const b = body as Record<string, unknown>;
  const count = b.count === undefined ? 1 : b.count;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > 1000) {
    return { error: "'count' must be an integer 0..1000" };
  }
  switch (b.action) {
    case "drop":
      return { affected: faults.dropConnections() };
    case "close": {
      const code = b.code;
      if (typeof code !== "number" || !validCloseCode(code)) return { error: "'code' must be 1000, 1001, 1011-1014 or 3000-4999" };
      return { affected: faults.closeConnections(code, typeof b.reason === "string" ? b.reason.slice(0, 100) : "") };
    }
    case "refuse": {
      const status = b.status === undefined ? 503 : b.status;
      if (typeof status !== "number" || !Number.isInteger(status) || status < 400 || status > 599) {
        return { error: "'status' must be an HTTP error status 400..599" };
      }
      faults.refuseHandshakes(count, status);
      return { affected: 0 };
    }
    case "delay":
      if (typeof b.ms !== "number" || !(b.ms >= 0) || b.ms > 600_000) return { error: "'ms' must be a number 0..600000" };
      faults.delayHandshakes(count, b.ms);
      return { affected: 0 };
    case "hang":
      faults.delayHandshakes(count, Number.POSITIVE_INFINITY);
      return { affected: 0 };
    case "malformed":
      if (!isMalformedKind(b.kind)) return { error: "unknown 'kind' of malformed frame" };
      return { affected: faults.sendMalformed(b.kind) };
    case "withhold-bot-ready":
      faults.withholdBotReady(count);
      return { affected: 0 };
    case "reset":
      faults.reset();
      return { affected: 0 };
    default:
      return { error: "unknown 'action'; use drop, close, refuse, delay, hang, malformed, withhold-bot-ready or reset" };
  }
}

/** Close codes an application may send (RFC 6455 §7.4). */
export function validCloseCode(code: number): boolean {
  return Number.isInteger(code) && (code === 1000 || code === 1001 || (code >= 1011 && code <= 1014) || (code >= 3000 && code <= 4999));
}
