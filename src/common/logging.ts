/**
 * Logging: a small logger interface, client-js's logger by default so its log level applies,
 * and the one place that puts our prefix on a line. The transport's logger is this over its
 * Redactor's `wrapLogger`, so no call site can forget the prefix or the redaction.
 */
import { logger as clientLogger } from "@pipecat-ai/client-js";

/** Where the transport writes its log lines. */
export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** client-js's logger: respects `client.setLogLevel()`. */
export const defaultLogger: Logger = clientLogger;

/** The prefix of the transport's own log lines. */
export const LOG_PREFIX = "[pipecat-ws-transport]";

const LEVELS = ["debug", "info", "warn", "error"] as const;

/** A logger that puts `prefix` in front of every line (redact below it, e.g. `Redactor.wrapLogger`). */
export function prefixedLogger(sink: Logger, prefix = LOG_PREFIX): Logger {
  const out = {} as Logger;
  for (const level of LEVELS) {
    out[level] = (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (typeof first === "string") sink[level](`${prefix} ${first}`, ...rest);
      else sink[level](prefix, ...args);
    };
  }
  return out;
}
