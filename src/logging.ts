/**
 * Logging: a small logger interface (client-js's logger by default, so its log level applies)
 * and redaction, so tokens never reach a log line or the devtools.
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

const SECRET_PARAM = /([?&](?:token|access_token|api_key|apikey|key|auth|authorization|password|secret)=)[^&#\s]*/gi;
const SECRET_KEY = /^(?:token|access_token|api_key|apikey|authorization|password|secret|bearer)$/i;

/** A URL with secret query parameters replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAM, "$1***");
}

/** A deep copy of `value` with secret-looking keys and URL parameters redacted. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactUrl(value);
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? "***" : redact(v, depth + 1);
  return out;
}
