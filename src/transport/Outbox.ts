/**
 * The outbox: RTVI messages the app sends while the bot is not ready (handshaking, or
 * reconnecting), kept in order and bounded, and sent after the next bot-ready. Bounded because a
 * long outage must not grow memory without limit; when full, the oldest message goes (the newest
 * is the one the app cares about now), and the drop is reported.
 */
import type { SerializedMessage } from "../serializers/WebSocketSerializer.js";

export class Outbox {
  private readonly queue: SerializedMessage[] = [];

  /**
   * @param limit Messages kept (0: nothing is kept, every message is dropped).
   * @param onDrop Called once for every message dropped because the outbox was full.
   */
  constructor(
    private readonly limit: number,
    private readonly onDrop: () => void,
  ) {}

  /** Messages waiting. */
  get size(): number {
    return this.queue.length;
  }

  /** Queues `message`; when full, drops the oldest first (or `message` itself if the limit is 0). */
  push(message: SerializedMessage): void {
    if (this.limit === 0) return this.onDrop();
    if (this.queue.length >= this.limit) {
      this.queue.shift();
      this.onDrop();
    }
    this.queue.push(message);
  }

  /** Hands every queued message to `send`, oldest first, and empties the outbox. */
  flush(send: (message: SerializedMessage) => void): void {
    for (const message of this.queue.splice(0)) send(message);
  }

  /** Forgets every queued message. */
  clear(): void {
    this.queue.length = 0;
  }
}
