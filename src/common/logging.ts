/**
 * Logging: a small logger interface, client-js's logger by default so its log level applies,
 * and the one place that puts our prefix on a line and passes its text through redaction
 * (src/common/redact.ts) — so no call site can forget either.
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

/**
 * A logger that prefixes every line with `prefix` and redacts every string argument and the
 * message of every Error argument with `redact`. Other arguments pass through unchanged.
 */
export function prefixedLogger(sink: Logger, redact: (text: string) => string, prefix = LOG_PREFIX): Logger {
  const clean = (arg: unknown): unknown => {
    if (typeof arg === "string") return redact(arg);
    if (arg instanceof Error) return redact(arg.stack ?? `${arg.name}: ${arg.message}`);
    return arg;
  };
  const out = {} as Logger;
  for (const level of LEVELS) {
    out[level] = (...args: unknown[]) => {
      const [first, ...rest] = args;
      const head = typeof first === "string" ? `${prefix} ${redact(first)}` : prefix;
      const tail = typeof first === "string" ? rest : args;
      sink[level](head, ...tail.map(clean));
    };
  }
  return out;
}
