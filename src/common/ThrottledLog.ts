/**
 * Logs repeated events without flooding: the first of each kind is logged at once, later ones
 * are summarised at most once per `intervalMs` per kind. A hostile server can send thousands of
 * bad frames a second; the log must stay readable and cheap.
 */
import type { Logger } from "./logging.js";

export class ThrottledLog<K extends string> {
  private readonly last = new Map<K, { at: number; count: number }>();
  private readonly totals = new Map<K, number>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Records one event of kind `key`. `first` is logged for the first event; afterwards
   * `summary(sinceLastLine, total)` at most once per interval. Never throws.
   */
  report(key: K, level: "warn" | "error", first: () => unknown[], summary: (since: number, total: number) => string): void {
    const total = (this.totals.get(key) ?? 0) + 1;
    this.totals.set(key, total);
    const last = this.last.get(key);
    const now = this.now();
    try {
      if (!last) {
        this.logger[level](...first());
        this.last.set(key, { at: now, count: total });
      } else if (now - last.at >= this.intervalMs) {
        this.logger[level](summary(total - last.count, total));
        this.last.set(key, { at: now, count: total });
      }
    } catch {
      // a logger that throws must not take the socket handler with it
    }
  }
}
