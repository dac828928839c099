/**
 * `pipecat-ws-transport/node`: everything to run `PipecatClient` with this transport in Node.
 * Re-exports the main entry, with a `WebSocketTransport` whose defaults suit Node.
 */
export * from "../index.js";
export { WebSocketTransport } from "./NodeWebSocketTransport.js";
export { installNodeGlobals } from "./installNodeGlobals.js";
