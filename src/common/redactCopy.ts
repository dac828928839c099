/**
 * Redacted copies of values for inspection (devtools, messages.jsonl, the Stately inspector):
 * secret-named keys lose their values, every string and key goes through a text redactor, and
 * the copy is bounded whatever the input (depth, entries, values, string lengths), because the
 * input is often a message a hostile server wrote.
 *
 * Keys are data: `__proto__` is defined as an own property (plain assignment would set the
 * copy's prototype and drop the key, silently emptying the copy), so `JSON.stringify` of the
 * copy shows it. Copies are plain objects (not null-prototype ones), so consumers can still
 * `String()` them or call `hasOwnProperty` on them.
 */
import { REDACTED } from "./redactPatterns.js";

/** Bounds of a redacted copy. Every default fits a 1 MiB inbound message (the size limit). */
export interface RedactLimits {
  /** Nesting depth kept; values deeper become `"[…]"`. Default 12. */
  maxDepth?: number;
  /** Entries kept per object or array; the rest become one `"…": "N more"` entry. Default 10,000. */
  maxEntries?: number;
  /** Values copied in all (objects, arrays, strings, numbers...); past it, `"[…]"`. Default 100,000. */
  maxNodes?: number;
  /**
   * Characters kept per string, after redaction (longer strings are cut, with a note of how much
   * was cut). Default 1,048,576 (1 MiB, the inbound message size limit).
   */
  maxStringLength?: number;
  /**
   * Characters of strings and keys redacted in one copy; a string that does not fit in what is
   * left becomes `"[N chars]"` (never half-redacted). Default 4,194,304 (4 MiB).
   */
  maxTotalChars?: number;
}

/** The bounds used when none are given. */
export const DEFAULT_REDACT_LIMITS: Readonly<Required<RedactLimits>> = Object.freeze({
  maxDepth: 12,
  maxEntries: 10_000,
  maxNodes: 100_000,
  maxStringLength: 1 << 20,
  maxTotalChars: 4 << 20,
});

/** What stands for a value that was not copied (too deep, a cycle, over the budget, unreadable). */
export const ELIDED = "[…]";

// `token`, `access_token`, `authToken` but not `prompt_tokens` (LLM usage counts are not secrets).
const SECRET_KEY = /(?:token$|authorization|api[_-]?key|apikey|private[_-]?key|secret|password|passwd|credential|cookie|signature$|jwt|^sig$|^bearer$)/i;

/** True if an object key names a secret (`token`, `access_token`, `Authorization`, `api_key`, `X-Amz-Signature`...). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Resolves `limits` (a number is `maxDepth`, for older callers). */
function resolveLimits(limits?: RedactLimits | number): Required<RedactLimits> {
  if (typeof limits === "number") return { ...DEFAULT_REDACT_LIMITS, maxDepth: limits };
  return { ...DEFAULT_REDACT_LIMITS, ...limits };
}

/**
 * A deep copy of `value` with secret-named keys' values replaced by `***` and every string and
 * key passed through `redactText`. Bigints become strings, typed arrays `"[N bytes]"`, errors
 * `{ name, message, ... }`, dates ISO strings; cycles and anything past `limits` become `"[…]"`.
 * Never throws (getters that throw give `"[…]"`); the input is not modified.
 */
export function redactCopy(value: unknown, redactText: (text: string) => string, limits?: RedactLimits | number): unknown {
  const { maxDepth, maxEntries, maxNodes, maxStringLength, maxTotalChars } = resolveLimits(limits);
  const ancestors = new Set<object>();
  let nodes = 0;
  let chars = 0;

  const text = (s: string): string => {
    if (s.length > maxTotalChars - chars) return `[${s.length} chars]`;
    chars += s.length;
    const out = redactText(s);
    return out.length > maxStringLength ? `${out.slice(0, maxStringLength)}… (${out.length - maxStringLength} more characters)` : out;
  };

  const walk = (v: unknown, depth: number): unknown => {
    if (++nodes > maxNodes) return ELIDED;
    if (typeof v === "string") return text(v);
    if (typeof v === "bigint") return v.toString();
    if (v === null || typeof v !== "object") return v;
    if (depth >= maxDepth || ancestors.has(v)) return ELIDED;
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return `[${v.byteLength} bytes]`;
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
    ancestors.add(v);
    try {
      return Array.isArray(v) ? copyArray(v, depth) : copyObject(v, depth);
    } catch {
      return ELIDED; // a throwing getter or proxy trap
    } finally {
      ancestors.delete(v);
    }
  };

  const copyArray = (a: readonly unknown[], depth: number): unknown[] => {
    const n = Math.min(a.length, maxEntries);
    const out: unknown[] = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = walk(a[i], depth + 1);
    if (a.length > n) out.push(`… ${a.length - n} more items`);
    return out;
  };

  const copyObject = (o: object, depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const source = o as Record<string, unknown>;
    if (o instanceof Error) {
      setKey(out, "name", text(String(o.name)));
      setKey(out, "message", text(String(o.message)));
    }
    const keys = Object.keys(o);
    const n = Math.min(keys.length, maxEntries);
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      setKey(out, text(k), isSecretKey(k) ? REDACTED : walk(source[k], depth + 1));
    }
    if (keys.length > n) setKey(out, "…", `${keys.length - n} more keys`);
    return out;
  };

  return walk(value, 0);
}
