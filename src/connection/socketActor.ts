/**
 * The socket as an XState callback actor: opens one WebSocket, reports OPEN and CLOSE to the
 * machine, hands messages straight to the transport (50+ frames/s do not belong in the
 * statechart), and closes the socket and detaches every handler when the machine stops it.
 *
 * Where the WebSocket can ping (Node's `ws`), it also keeps a heartbeat: a server that stops
 * answering with the TCP connection open is a lost connection (close 1006), like Python
 * `websockets` does on its side. Browsers cannot ping; their WebSocket notices only what the
 * OS notices.
 */
import { fromCallback } from "xstate";
import type { ConnectionEvent, SocketInput } from "../../machines/connectionMachine.js";
import { WS_CONNECTING, WS_OPEN, type WebSocketLike } from "./WebSocketLike.js";

export interface SocketActorDeps {
  /** Opens a WebSocket to `url` (may throw for a bad URL or a missing implementation). */
  create(url: string): WebSocketLike;
  /** What binary messages arrive as. */
  binaryType: "arraybuffer" | "blob";
  /** Called for every inbound message while this socket is current. */
  onMessage(data: unknown): void;
  /** Called with the socket once it is open, and with null when it is gone. */
  onSocket(socket: WebSocketLike | null): void;
  /** Called when the WebSocket constructor throws (bad URL). */
  onError(error: unknown): void;
  /** Redacts text that may quote the URL (close reasons, errors). */
  redact(text: string): string;
  /** ms between pings; 0 disables the heartbeat. */
  heartbeatIntervalMs: number;
  /** ms a ping may go unanswered before the socket is dropped. */
  heartbeatTimeoutMs: number;
}

/** The `ws` package's extras (absent on browser WebSockets). */
interface PingableSocket {
  ping(): void;
  terminate(): void;
  on(event: "pong", listener: () => void): void;
  off(event: "pong", listener: () => void): void;
}

function pingable(ws: WebSocketLike): (WebSocketLike & PingableSocket) | null {
  const s = ws as WebSocketLike & Partial<PingableSocket>;
  return typeof s.ping === "function" && typeof s.terminate === "function" && typeof s.on === "function" && typeof s.off === "function"
    ? (s as WebSocketLike & PingableSocket)
    : null;
}

/** The HTTP status of a refused handshake in a `ws` error message ("Unexpected server response: 401"). */
export function statusOfHandshakeError(message: string): number | undefined {
  const m = /Unexpected server response: (\d{3})/.exec(message);
  return m ? Number(m[1]) : undefined;
}

const ignore = () => {};

export function createSocketActor(deps: SocketActorDeps) {
  return fromCallback<ConnectionEvent, SocketInput>(({ input, sendBack }) => {
    let ws: WebSocketLike;
    let stopped = false;
    try {
      ws = deps.create(input.url);
    } catch (error) {
      deps.onError(error);
      // Report asynchronously: the machine is still processing the transition that spawned us.
      queueMicrotask(() => {
        if (!stopped) sendBack({ type: "SOCKET.CLOSE", code: 1006, reason: deps.redact(`could not create the WebSocket: ${(error as Error).message}`) });
      });
      return () => {
        stopped = true;
      };
    }
    ws.binaryType = deps.binaryType;
    // A close always follows an error; the close carries the code the machine needs. The error
    // may say more (`ws` reports "Unexpected server response: 401" or "connect ECONNREFUSED";
    // browsers say nothing), so it becomes the close reason when the close has none.
    let lastError = "";
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let awaitingPongSince = 0;
    const onPong = () => {
      awaitingPongSince = 0;
    };
    const pinger = deps.heartbeatIntervalMs > 0 ? pingable(ws) : null;
    const stopHeartbeat = () => {
      if (heartbeat !== undefined) clearInterval(heartbeat);
      heartbeat = undefined;
      pinger?.off("pong", onPong);
    };
    ws.onopen = () => {
      if (pinger) {
        pinger.on("pong", onPong);
        const tick = Math.min(deps.heartbeatIntervalMs, deps.heartbeatTimeoutMs);
        let sinceLastPing = 0;
        heartbeat = setInterval(() => {
          const now = Date.now();
          if (awaitingPongSince && now - awaitingPongSince >= deps.heartbeatTimeoutMs) {
            stopHeartbeat();
            lastError = `no pong within heartbeatTimeoutMs (${deps.heartbeatTimeoutMs} ms)`;
            pinger.terminate(); // → close 1006 → the machine reconnects
            return;
          }
          sinceLastPing += tick;
          if (!awaitingPongSince && sinceLastPing >= deps.heartbeatIntervalMs) {
            sinceLastPing = 0;
            awaitingPongSince = now;
            try {
              pinger.ping();
            } catch {
              // the socket is closing; its close event follows
            }
          }
        }, tick);
        (heartbeat as { unref?: () => void }).unref?.();
      }
      deps.onSocket(ws);
      sendBack({ type: "SOCKET.OPEN" });
    };
    ws.onmessage = (ev) => deps.onMessage(ev.data);
    ws.onerror = (ev) => {
      const message = (ev as { message?: unknown; error?: { message?: unknown } })?.message ?? (ev as { error?: { message?: unknown } })?.error?.message;
      if (typeof message === "string") lastError = message;
    };
    ws.onclose = (ev) => {
      stopHeartbeat();
      deps.onSocket(null);
      const reason = deps.redact(String(ev.reason ?? "") || lastError);
      const status = statusOfHandshakeError(lastError);
      sendBack(status === undefined ? { type: "SOCKET.CLOSE", code: ev.code, reason } : { type: "SOCKET.CLOSE", code: ev.code, reason, status });
    };
    return () => {
      stopped = true;
      stopHeartbeat();
      ws.onopen = null;
      ws.onmessage = null;
      ws.onclose = null;
      ws.onerror = ignore; // `ws` throws on an 'error' with no listener (closing while connecting)
      if (ws.readyState === WS_OPEN || ws.readyState === WS_CONNECTING) {
        try {
          ws.close(1000, "client disconnect");
        } catch {
          // closing a socket that is already failing: nothing left to release
        }
      }
      deps.onSocket(null);
    };
  });
}
