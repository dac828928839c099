/**
 * Counts malformed inbound messages by reason and logs them without flooding (the first of each
 * kind at once, then a summary at most every 10 s per kind).
 */
import type { Logger } from "../common/logging.js";
import { ThrottledLog } from "../common/ThrottledLog.js";
import type { MalformedFrame, MalformedReason } from "../serializers/WebSocketSerializer.js";

export class BadInputReporter {
  private readonly log: ThrottledLog<MalformedReason>;

  constructor(
    /** Counts by reason, shared with the stats. */
    readonly counts: Partial<Record<MalformedReason, number>>,
    logger: Logger,
    intervalMs = 10_000,
    now: () => number = () => Date.now(),
  ) {
    this.log = new ThrottledLog(logger, intervalMs, now);
  }

  /** Records one malformed message. Never throws. */
  report(frame: MalformedFrame): void {
    this.counts[frame.reason] = (this.counts[frame.reason] ?? 0) + 1;
    this.log.report(
      frame.reason,
      "warn",
      () => [`dropped malformed inbound message (${frame.reason}, ${frame.size} bytes): ${frame.detail}`],
      (since, total) => `dropped ${since} more malformed inbound message(s) of kind ${frame.reason} (${total} in total)`,
    );
  }
}
