/**
 * Logging: a small logger interface, client-js's logger by default so its log level applies.
 * Anything that may carry a secret goes through src/common/redact.ts first.
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
