/**
 * The machine context as the panel shows it: a redacted, bounded plain-JSON copy (whatever the
 * machine keeps in it), and the few fields people look for first — URL, reconnect attempt, last
 * close, reconnects — picked out defensively, since the context's shape belongs to the machine
 * and changes with it. Absent or odd-typed fields read as null (shown as "—").
 */
import { redactValue } from "../../../src/common/redact.js";

/** Bounds of the context copy: a context is small; anything big in it is not worth showing whole. */
const CONTEXT_LIMITS = { maxDepth: 6, maxEntries: 200, maxNodes: 2000, maxStringLength: 2000 };

/** A redacted JSON-safe copy of a machine context (functions and actor refs do not survive JSON). */
export function sanitizeContext(context: unknown): unknown {
  if (context === undefined) return null;
  const copy = redactValue(context, CONTEXT_LIMITS);
  try {
    return JSON.parse(JSON.stringify(copy) ?? "null") as unknown;
  } catch {
    return null;
  }
}

export interface ContextSummary {
  url: string | null;
  /** The failure's message (`failure.message`, or `error.message`), if the context has one. */
  failure: string | null;
  attempt: number | null;
  maxAttempts: number | null;
  reconnects: number | null;
  lastClose: { code: number; reason: string } | null;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** The well-known fields of a (sanitized) context, each null when absent. */
export function summarizeContext(context: unknown): ContextSummary {
  const c = obj(context) ?? {};
  const close = obj(c.lastClose);
  const code = close ? num(close.code) : null;
  const failure = obj(c.failure) ?? obj(c.error);
  return {
    url: str(c.url),
    failure: failure ? (str(failure.message) ?? str(failure.code)) : null,
    attempt: num(c.attempt),
    maxAttempts: num(obj(c.reconnect)?.maxAttempts),
    reconnects: num(c.reconnects),
    lastClose: code === null ? null : { code, reason: str(close?.reason) ?? "" },
  };
}
