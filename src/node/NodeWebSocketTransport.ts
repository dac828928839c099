/**
 * The transport for Node: `ws` as the default WebSocket, device-less audio I/O, and the
 * `window` shim client-js needs, installed when the first transport is constructed (not at import).
 */
import WebSocket from "ws";
import { WebSocketTransport as BaseTransport } from "../transport/WebSocketTransport.js";
import type { WebSocketTransportOptions } from "../transport/options.js";
import type { WebSocketConstructor } from "../connection/WebSocketLike.js";
import { DEFAULTS } from "../transport/defaults.js";
import { installNodeGlobals } from "./installNodeGlobals.js";

/**
 * The `ws` WebSocket with hostile-server bounds: a message over 1 MiB closes the socket with
 * 1009 before it is buffered (Python `websockets` has the same limit), and per-message deflate
 * is off, so a compressed "bomb" cannot expand in memory. Audio does not compress anyway.
 */
export class BoundedWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { maxPayload: DEFAULTS.maxMessageSize, perMessageDeflate: false });
  }
}

/** `WebSocketTransport` with Node defaults: `WebSocket` is {@link BoundedWebSocket} (`ws`). */
export class WebSocketTransport extends BaseTransport {
  constructor(options: WebSocketTransportOptions = {}) {
    installNodeGlobals();
    super({ WebSocket: BoundedWebSocket as unknown as WebSocketConstructor, ...options });
  }
}
