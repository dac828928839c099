/**
 * Imported first by each bench page: replaces `globalThis.WebSocket` with a subclass that notes
 * when an interruption frame reaches the page, before either transport sees it. Both transports
 * create their socket through the global (ours by default, the official one always), so the
 * stamp is taken at the same point for both. The official transport reads Blobs, which cannot
 * be peeked synchronously: an interruption is recognised by its size (an empty InterruptionFrame
 * encodes to 2 bytes, 0x2a 0x00; every other frame the bench bot sends is larger).
 */

const INTERRUPTION_BYTES = 2;
const INTERRUPTION_TAG = 0x2a; // protobuf Frame field 5 (interruption), wire type 2

/** Called synchronously when an interruption frame arrives. */
export const socketHooks = { onInterruption: (): void => {} };

const Native = globalThis.WebSocket;

class TimedWebSocket extends Native {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    // Registered in the constructor, so it runs before any listener the transport adds.
    this.addEventListener("message", (e: MessageEvent) => {
      const d: unknown = e.data;
      if (d instanceof ArrayBuffer) {
        if (d.byteLength === INTERRUPTION_BYTES && new Uint8Array(d)[0] === INTERRUPTION_TAG) socketHooks.onInterruption();
      } else if (d instanceof Blob && d.size === INTERRUPTION_BYTES) {
        socketHooks.onInterruption();
      }
    });
  }
}

globalThis.WebSocket = TimedWebSocket as typeof WebSocket;
