/**
 * The link: the socket of the current attempt (the socket actor attaches and detaches it), and
 * everything about putting bytes on it — the size limit, the backpressure bound, send errors,
 * and the outbound counters. It never queues: what cannot go now is the caller's to drop or keep.
 */
import { MessageTooLargeError } from "../common/errors.js";
import type { Logger } from "../common/logging.js";
import { WS_OPEN, type WebSocketLike } from "../connection/WebSocketLike.js";
import type { Inspector } from "../inspect/Inspector.js";
import type { SerializedMessage } from "../serializers/WebSocketSerializer.js";
import type { StatsCounters } from "./TransportStatsCounter.js";

export interface LinkOptions {
  counters: StatsCounters;
  inspector: Inspector;
  logger: Logger;
  /** Largest message in bytes, both ways. */
  maxMessageSize: number;
  /** Bytes the socket may have queued before audio is held back. */
  maxBufferedAmount: number;
}

/** Size of a serialized message in bytes (characters for text). */
export function messageSize(message: SerializedMessage): number {
  return typeof message === "string" ? message.length : message.byteLength;
}

export class Link {
  private socket: WebSocketLike | null = null;

  constructor(private readonly o: LinkOptions) {}

  /** The socket actor's hand-over: the open socket, or null once it is gone. */
  attach(socket: WebSocketLike | null): void {
    this.socket = socket;
  }

  /** A socket is attached and open. */
  get isOpen(): boolean {
    return this.socket !== null && this.socket.readyState === WS_OPEN;
  }

  /** @throws MessageTooLargeError when `message` exceeds `maxMessageSize`. */
  checkSize(message: SerializedMessage): void {
    const size = messageSize(message);
    if (size > this.o.maxMessageSize) throw new MessageTooLargeError(size, this.o.maxMessageSize);
  }

  /** Why an audio chunk cannot go out now, or null when it can. */
  audioBlocked(): "not-ready" | "backpressure" | null {
    if (!this.isOpen) return "not-ready";
    return this.socket!.bufferedAmount > this.o.maxBufferedAmount ? "backpressure" : null;
  }

  /**
   * Sends `message` if the socket is open; counts it and shows `original` (or the message) to
   * inspectors. Returns false when nothing was sent.
   */
  send(message: SerializedMessage, original?: unknown): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== WS_OPEN) return false;
    try {
      socket.send(message);
    } catch (e) {
      this.o.logger.error("send failed:", e);
      return false;
    }
    const size = messageSize(message);
    this.o.counters.framesOut++;
    this.o.counters.bytesOut += size;
    if (this.o.inspector.active) this.o.inspector.frameOut(size, original, message);
    return true;
  }
}
