/**
 * Counts malformed inbound messages and logs them without flooding: the first of each kind
 * is logged at once, later ones are summarised at most once per `intervalMs` per kind.
 */
import type { Logger } from "../common/logging.js";
import type { MalformedFrame, MalformedReason } from "../serializers/WebSocketSerializer.js";

export class BadInputReporter {
  readonly counts: Partial<Record<MalformedReason, number>> = {};
  private readonly lastLogged = new Map<MalformedReason, { at: number; count: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records one malformed message. Never throws. */
  report(frame: MalformedFrame): void {
    const count = (this.counts[frame.reason] ?? 0) + 1;
    this.counts[frame.reason] = count;
    const last = this.lastLogged.get(frame.reason);
    const now = this.now();
    if (!last) {
      this.logger.warn(`[pipecat-ws-transport] dropped malformed inbound message (${frame.reason}, ${frame.size} bytes): ${frame.detail}`);
      this.lastLogged.set(frame.reason, { at: now, count });
    } else if (now - last.at >= this.intervalMs) {
      this.logger.warn(
        `[pipecat-ws-transport] dropped ${count - last.count} more malformed inbound message(s) of kind ${frame.reason} (${count} in total)`,
      );
      this.lastLogged.set(frame.reason, { at: now, count });
    }
  }
}
