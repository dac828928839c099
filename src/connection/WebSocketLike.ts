/**
 * The part of the WebSocket API the transport uses, met by the browser's WebSocket and by
 * the `ws` package, so the implementation is injectable (Node 20 has no global WebSocket).
 */
import { TransportOptionError } from "../common/errors.js";

/** Event handler slots shared by the browser's WebSocket and `ws`. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string | { toString(): string } }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: ArrayBufferLike | ArrayBufferView | string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor: `globalThis.WebSocket` or `import WebSocket from "ws"`. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export const WS_CONNECTING = 0;
export const WS_OPEN = 1;

/**
 * The WebSocket constructor to use: `impl`, else the platform's global.
 * @throws TransportOptionError (`no-websocket`) where there is neither (Node without the `./node` entry).
 */
export function webSocketConstructor(impl: WebSocketConstructor | undefined): WebSocketConstructor {
  const found = impl ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!found) {
    throw new TransportOptionError(
      "no-websocket",
      "no WebSocket implementation: import from 'pipecat-ws-transport/node' in Node, or pass { WebSocket } (e.g. `import WebSocket from \"ws\"`)",
    );
  }
  return found;
}
