/**
 * Who gets a WebSocket: every upgrade request passes the gate in order — server shutting down
 * (503), path (404), origin (403), token (401), connection cap (503), then injected handshake
 * faults (refuse, delay, hang) — before `ws` completes the handshake. Refusals are plain HTTP
 * answers with a line saying why, logged with throttling so a flood costs a few log lines.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { WebSocket, WebSocketServer } from "ws";
import { isOriginAllowed, tokenMatches } from "./access.js";
import type { FaultState } from "./faults.js";
import { pathOnly, type Emit, type ThrottledEmit } from "./log.js";
import type { ResolvedDevServerOptions } from "./options.js";

/** What the gate needs from its server. */
export interface UpgradeGateContext {
  options: ResolvedDevServerOptions;
  wss: WebSocketServer;
  faultState: FaultState;
  emit: Emit;
  /** Rejections go through this, keyed by reason. */
  rejections: ThrottledEmit;
  isClosing(): boolean;
  /** Open connections (the cap counts these plus handshakes in progress). */
  connectionCount(): number;
  /** A socket passed the gate and completed the handshake. */
  onConnection(ws: WebSocket, id: number, req: IncomingMessage): void;
}

/** Handles `upgrade` events; `heldSockets` are handshakes delayed by a fault (closed on shutdown). */
export class UpgradeGate {
  readonly heldSockets = new Set<Duplex>();
  private nextId = 0;
  /** Handshakes accepted by the gate but not yet open (delayed ones included). */
  private pending = 0;

  constructor(private readonly ctx: UpgradeGateContext) {}

  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => socket.destroy());
    const { options, faultState } = this.ctx;
    const id = ++this.nextId;
    const origin = req.headers.origin;
    const reject = (status: number, reason: string, text: string): void => {
      this.ctx.rejections.event(reason, "warn", "handshake-rejected", { conn: id, status, reason, origin });
      endRawHttp(socket, status, text);
    };
    if (this.ctx.isClosing()) return reject(503, "closing", "server is shutting down");
    if (pathOnly(req.url) !== "/ws") return reject(404, "path", "WebSocket endpoint is /ws");
    if (!isOriginAllowed(origin, options.allowedOrigins)) return reject(403, "origin", "origin not allowed");
    if (!tokenMatches(queryToken(req.url), options.token)) return reject(401, "token", "missing or wrong ?token=");
    if (this.ctx.connectionCount() + this.pending >= options.maxConnections) {
      return reject(503, "capacity", `too many connections (the limit is ${options.maxConnections}; serve --max-connections)`);
    }
    const fault = faultState.takeHandshakeFault();
    if (fault && "refuse" in fault) return reject(fault.refuse, "fault", "refused by fault injection");
    this.pending++;
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      this.pending--;
      this.heldSockets.delete(socket);
    };
    socket.once("close", settle);
    const accept = (): void => {
      if (this.ctx.isClosing() || socket.destroyed) {
        settle();
        socket.destroy();
        return;
      }
      this.ctx.wss.handleUpgrade(req, socket, head, (ws) => {
        settle();
        this.ctx.onConnection(ws, id, req);
      });
    };
    if (fault && "delayMs" in fault) {
      this.ctx.emit("warn", "handshake-held", { conn: id, ms: Number.isFinite(fault.delayMs) ? fault.delayMs : "forever" });
      this.heldSockets.add(socket);
      if (Number.isFinite(fault.delayMs)) setTimeout(accept, fault.delayMs).unref();
      return;
    }
    accept();
  }
}

/** The `token` query parameter of a request URL, or null. */
export function queryToken(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url, "http://x").searchParams.get("token");
  } catch {
    return null;
  }
}

/** Answers a raw HTTP request on its socket (an upgrade refused, a request Node could not parse) and closes it. */
export function endRawHttp(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${statusText(status)}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** Reason phrase for the statuses the dev server answers with. */
function statusText(status: number): string {
  return (
    { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 413: "Payload Too Large", 431: "Request Header Fields Too Large", 503: "Service Unavailable" }[status] ??
    "Error"
  );
}
