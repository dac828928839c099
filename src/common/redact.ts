/**
 * The one definition of a secret, for everything that leaves the transport as text: log lines,
 * error messages, inspection events, the CLI's output, and what the devtools show or export
 * (the panel redacts again, defence in depth: a custom serializer, an app message or a URL typed
 * into the demo can carry a secret the transport never saw).
 */

/** Replacement for a secret. */
export const REDACTED = "***";

// Query/fragment parameters whose value is a secret: token=, access_token=, api_key=, ...
const SECRET_PARAM =
  /([?&#;](?:[a-z0-9_-]*token|api[_-]?key|apikey|key|auth|authorization|password|passwd|secret|client_secret|signature|sig)=)[^&#\s"']*/gi;
// `Bearer abc`, `Basic abc` in free text or header values.
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/g;
// user:password@ in URLs.
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s:]+:[^/@\s]+@/gi;
/** Object keys whose values are secrets, whatever their type. */
// `token`, `access_token`, `authToken` but not `prompt_tokens` (LLM usage counts are not secrets).
const SECRET_KEY = /(?:token$|authorization|api[_-]?key|apikey|secret|password|passwd|credential|cookie|^bearer$)/i;

/** True if an object key names a secret (`token`, `access_token`, `Authorization`, `api_key`...). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A string with secret URL parameters, auth schemes and URL credentials replaced by `***`. */
export function redactString(text: string): string {
  return text
    .replace(SECRET_PARAM, `$1${REDACTED}`)
    .replace(AUTH_SCHEME, `$1 ${REDACTED}`)
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}

/**
 * A deep copy of `value` with secret-looking keys replaced and every string passed through
 * {@link redactString}. Cycles and depth beyond `maxDepth` become `"[…]"`.
 */
export function redactValue(value: unknown, maxDepth = 12): unknown {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return redactString(v);
    if (typeof v === "bigint") return v.toString();
    if (v === null || typeof v !== "object") return v;
    if (depth >= maxDepth || seen.has(v)) return "[…]";
    seen.add(v);
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return `[${v.byteLength} bytes]`;
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) out[k] = isSecretKey(k) ? REDACTED : walk(item, depth + 1);
    return out;
  };
  return walk(value, 0);
}
