/**
 * The one definition of a secret, for everything that leaves the transport as text: log lines,
 * error messages, inspection events, the CLI's output, and what the devtools show or export
 * (the panel redacts again, defence in depth: a custom serializer, an app message or a URL typed
 * into the demo can carry a secret the transport never saw).
 *
 * Two layers: secrets recognised by their shape (redactPatterns.ts: `?token=…`, `Bearer …`,
 * `api_key: "…"`, `wss://user:pass@`), which `redactString`/`redactValue` apply for callers
 * without a transport; and a transport's {@link Redactor}, which also knows the literal secrets
 * it was given (its token, wherever a server echoes it). Both are linear in the text's length
 * (see redactPatterns.ts for why) and bounded for values (see redactCopy.ts).
 */
import { redactCopy, type RedactLimits } from "./redactCopy.js";
import { redactPatterns } from "./redactPatterns.js";

export { REDACTED, isSecretParamName } from "./redactPatterns.js";
export { isSecretKey, DEFAULT_REDACT_LIMITS, ELIDED, type RedactLimits } from "./redactCopy.js";
export { Redactor, MIN_SECRET_LENGTH, MAX_SECRETS, type HeaderSource } from "./Redactor.js";

/**
 * A string with secrets found by their shape replaced by `***`: secret URL parameters and
 * `name=value` pairs, `name: value` and JSON `"name": "value"` pairs, auth schemes and URL
 * credentials. Linear time; returns `text` itself when nothing matched.
 */
export function redactString(text: string): string {
  return redactPatterns(text);
}

/**
 * A bounded deep copy of `value` with secret-looking keys replaced and every string passed
 * through {@link redactString}. Cycles and anything past the limits become `"[…]"` (a number
 * is `maxDepth`, default 12); `__proto__` and `constructor` keys are kept as data.
 */
export function redactValue(value: unknown, limits?: RedactLimits | number): unknown {
  return redactCopy(value, redactPatterns, limits);
}
