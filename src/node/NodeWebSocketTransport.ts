/**
 * The transport for Node: `ws` as the default WebSocket, device-less audio I/O, and the
 * `window` shim client-js needs, installed when the first transport is constructed (not at import).
 */
import WebSocket from "ws";
import { WebSocketTransport as BaseTransport } from "../transport/WebSocketTransport.js";
import type { WebSocketTransportOptions } from "../transport/options.js";
import type { WebSocketConstructor } from "../connection/WebSocketLike.js";
import { installNodeGlobals } from "./installNodeGlobals.js";

/** `WebSocketTransport` with Node defaults: `WebSocket` is the `ws` package's. */
export class WebSocketTransport extends BaseTransport {
  constructor(options: WebSocketTransportOptions = {}) {
    installNodeGlobals();
    super({ WebSocket: WebSocket as unknown as WebSocketConstructor, ...options });
  }
}
