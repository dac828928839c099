/**
 * The part of the WebSocket API the transport uses, met by the browser's WebSocket and by
 * the `ws` package, so the implementation is injectable (Node 20 has no global WebSocket).
 */

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
