/**
 * The socket as an XState callback actor: opens one WebSocket, reports OPEN and CLOSE to the
 * machine, hands messages straight to the transport (50+ frames/s do not belong in the
 * statechart), and closes the socket and detaches every handler when the machine stops it.
 */
import { fromCallback } from "xstate";
import type { ConnectionEvent, SocketInput } from "../../machines/connectionMachine.js";
import { redactString } from "../common/redact.js";
import { WS_CONNECTING, WS_OPEN, type WebSocketLike } from "./WebSocketLike.js";

export interface SocketActorDeps {
  /** Opens a WebSocket to `url` (may throw for a bad URL or a missing implementation). */
  create(url: string): WebSocketLike;
  /** Called for every inbound message while this socket is current. */
  onMessage(data: unknown): void;
  /** Called with the socket once it is open, and with null when it is gone. */
  onSocket(socket: WebSocketLike | null): void;
  /** Called when the WebSocket constructor throws (bad URL). */
  onError(error: unknown): void;
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
        if (!stopped) sendBack({ type: "SOCKET.CLOSE", code: 1006, reason: redactString(`could not create the WebSocket: ${(error as Error).message}`) });
      });
      return () => {
        stopped = true;
      };
    }
    ws.binaryType = "arraybuffer";
    ws.onopen = () => {
      deps.onSocket(ws);
      sendBack({ type: "SOCKET.OPEN" });
    };
    ws.onmessage = (ev) => deps.onMessage(ev.data);
    // A close always follows an error; the close carries the code the machine needs. The error
    // may say more (`ws` reports "Unexpected server response: 401"; browsers say nothing), so
    // it becomes the close reason when the close has none.
    let lastError = "";
    ws.onerror = (ev) => {
      const message = (ev as { message?: unknown; error?: { message?: unknown } })?.message ?? (ev as { error?: { message?: unknown } })?.error?.message;
      if (typeof message === "string") lastError = message;
    };
    ws.onclose = (ev) => {
      deps.onSocket(null);
      sendBack({ type: "SOCKET.CLOSE", code: ev.code, reason: redactString(String(ev.reason ?? "") || lastError) });
    };
    return () => {
      stopped = true;
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
