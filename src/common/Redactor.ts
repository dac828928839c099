/**
 * A transport's own redactor: the patterns of redactPatterns.ts plus the literal secrets this
 * transport was given (its token, the secret parameters of its URLs, its endpoint's auth
 * headers). A server that closes with `4001 "invalid token <our token>"` or echoes the token in
 * an error message cannot put it into our logs, errors or inspection events.
 *
 * Literal search is `String.prototype.indexOf` per secret: V8 searches long patterns with
 * Boyer-Moore(-Horspool) and short ones with a linear scan, so each secret costs one pass over
 * the text (at most MAX_SECRETS passes, measured in bench/redact.ts). Secrets are matched before
 * the patterns, so a secret containing `&` or `;` cannot be split by a pattern and half leak.
 */
import type { Logger } from "./logging.js";
import { isSecretKey, redactCopy, type RedactLimits } from "./redactCopy.js";
import { isSecretParamName, MAX_CUTS, redactPatterns, stitch } from "./redactPatterns.js";

/**
 * Shortest literal secret honoured. A shorter value (`1`, `test`, `abc`) occurs by chance in
 * ordinary text, so replacing every occurrence would garble unrelated words and numbers, and
 * each spurious `***` would tell the reader the secret's value. Six characters of a random
 * token are 36 bits, and such values are still caught by the patterns (`token=…`, `Bearer …`).
 */
export const MIN_SECRET_LENGTH = 6;
/**
 * Most literal forms kept (a secret has up to five: as given, URL-encoded, form-encoded,
 * JSON-escaped, URL-decoded). Past it, the least recently added go first: tokens are renewed
 * on each reconnect and the old ones are spent; adding a value again refreshes it.
 */
export const MAX_SECRETS = 16;

const SCHEME_CREDENTIALS = /^(?:bearer|basic|token)\s+(\S+)$/i;

/** Header collections accepted by {@link Redactor.addHeaderSecrets}. */
export type HeaderSource = Headers | Record<string, string | readonly string[] | undefined> | Iterable<readonly [string, string]>;

/** Redacts patterns and registered literal secrets from text and values. One per transport. */
export class Redactor {
  /** Registered forms, in least-recently-added order, each with its UTF-8 bytes for {@link maskBytes} (encoded once). */
  private readonly secrets = new Map<string, Uint8Array>();
  private shortest = Infinity;

  /** How many literal forms are registered. */
  get secretCount(): number {
    return this.secrets.size;
  }

  /**
   * Registers a literal secret: from now on every occurrence of it, of its URL-encoded,
   * form-encoded (`+` for space) and JSON-escaped forms and, if it is percent-encoded, of its
   * decoded form is replaced by `***`. Values shorter than {@link MIN_SECRET_LENGTH} and
   * non-strings are ignored.
   */
  addSecret(value: string | null | undefined): void {
    if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) return;
    const forms = new Set<string>([value, encodeURIComponent(value), new URLSearchParams([["a", value]]).toString().slice(2), JSON.stringify(value).slice(1, -1)]);
    if (/%[0-9a-f]{2}/i.test(value)) {
      try {
        forms.add(decodeURIComponent(value.replace(/\+/g, " ")));
        forms.add(decodeURIComponent(value));
      } catch {}
    }
    const encoder = new TextEncoder();
    for (const form of forms) {
      if (form.length < MIN_SECRET_LENGTH) continue;
      this.secrets.delete(form);
      this.secrets.set(form, encoder.encode(form));
    }
    while (this.secrets.size > MAX_SECRETS) this.secrets.delete(this.secrets.keys().next().value!);
    this.shortest = Math.min(...Array.from(this.secrets.keys(), (s) => s.length));
  }

  /**
   * A copy of `bytes` with every registered literal secret (as UTF-8) replaced by `*` bytes of
   * the same length, for raw views (hex dumps) where the length matters. Patterns are not
   * applied: raw bytes have no reliable text structure; callers that show text use `string`.
   */
  maskBytes(bytes: Uint8Array): Uint8Array {
    const out = bytes.slice();
    if (this.secrets.size === 0 || out.length < this.shortest) return out;
    for (const needle of this.secrets.values()) {
      if (needle.length > out.length) continue;
      for (let i = out.indexOf(needle[0]!); i >= 0 && i <= out.length - needle.length; i = out.indexOf(needle[0]!, i + 1)) {
        let j = 1;
        while (j < needle.length && out[i + j] === needle[j]) j++;
        if (j === needle.length) out.fill(0x2a, i, i + needle.length);
      }
    }
    return out;
  }

  /**
   * Registers the secrets of a URL: the values of its secret query and fragment parameters
   * (`token`, `api_key`, `sig`, `X-Amz-Signature`...; see redactPatterns.ts) and its userinfo
   * (`wss://user:pass@host`). Never throws, whatever the text.
   */
  addUrlSecrets(url: string | URL | null | undefined): void {
    if (url === null || url === undefined) return;
    const text = String(url);
    const scheme = text.indexOf("://");
    if (scheme >= 0) {
      const authorityEnd = text.slice(scheme + 3).search(/[/?#]/);
      const authority = text.slice(scheme + 3, authorityEnd < 0 ? undefined : scheme + 3 + authorityEnd);
      const at = authority.lastIndexOf("@");
      if (at > 0) for (const part of authority.slice(0, at).split(":")) this.addSecret(part);
    }
    const query = text.search(/[?#]/);
    if (query < 0) return;
    for (const pair of text.slice(query + 1).split(/[?&#;]/)) {
      const eq = pair.indexOf("=");
      if (eq > 0 && isSecretParamName(safeDecode(pair.slice(0, eq)))) this.addSecret(pair.slice(eq + 1));
    }
  }

  /**
   * Registers the values of secret headers (`Authorization`, `X-Api-Key`, `Cookie`... per
   * `isSecretKey`), and for `Bearer x` / `Basic x` / `Token x` the credentials `x` alone too.
   */
  addHeaderSecrets(headers: HeaderSource | null | undefined): void {
    if (!headers) return;
    // Headers and Maps iterate as [name, value] pairs.
    const entries: Iterable<readonly [string, unknown]> = Symbol.iterator in headers ? (headers as Iterable<readonly [string, string]>) : Object.entries(headers);
    for (const [name, raw] of entries) {
      if (!isSecretKey(String(name))) continue;
      for (const value of Array.isArray(raw) ? raw : [raw]) {
        if (typeof value !== "string") continue;
        this.addSecret(value.trim());
        const credentials = SCHEME_CREDENTIALS.exec(value.trim());
        if (credentials) this.addSecret(credentials[1]);
      }
    }
  }

  /**
   * Registers the secrets inside a value such as connect params or a start-bot reply
   * (`{ wsUrl, token, sessionId }`): string values under secret keys (`token`, `api_key`,
   * `headers.Authorization`...), and the secrets of every string that looks like a URL.
   * Walks at most 8 levels and 1,000 values.
   */
  addSecretsFrom(value: unknown): void {
    let budget = 1000;
    const walk = (v: unknown, depth: number, secretKey: boolean): void => {
      if (--budget < 0 || depth > 8) return;
      if (typeof v === "string") {
        if (secretKey) {
          this.addSecret(v);
          const credentials = SCHEME_CREDENTIALS.exec(v.trim());
          if (credentials) this.addSecret(credentials[1]);
        }
        if (v.includes("://") || /^[^\s]*\?/.test(v)) this.addUrlSecrets(v);
        return;
      }
      if (v instanceof URL) return this.addUrlSecrets(v);
      if (v === null || typeof v !== "object" || ArrayBuffer.isView(v)) return;
      try {
        if (Array.isArray(v)) for (const item of v.slice(0, 1000)) walk(item, depth + 1, secretKey);
        else for (const k of Object.keys(v).slice(0, 1000)) walk((v as Record<string, unknown>)[k], depth + 1, isSecretKey(k));
      } catch {}
    };
    walk(value, 0, false);
  }

  /**
   * `text` with registered secrets, then secret patterns, replaced by `***`. Linear time;
   * returns `text` itself when nothing matched. Bound: `deps.redact = redactor.string` works.
   */
  readonly string = (text: string): string => redactPatterns(this.literals(String(text)));

  /**
   * A redacted, bounded deep copy of `value` for inspection and logs (see redactCopy.ts for
   * the bounds; a number is `maxDepth`). Keys like `__proto__` stay data. Bound, like `string`.
   */
  readonly value = (value: unknown, limits?: RedactLimits | number): unknown => redactCopy(value, this.string, limits);

  /**
   * A logger that redacts every argument before passing it to `logger`: strings through
   * {@link string}, errors as errors with a redacted message and stack, other objects through
   * {@link value}.
   */
  wrapLogger(logger: Logger): Logger {
    const redactArgs = (args: unknown[]): unknown[] => args.map((a) => this.logArgument(a));
    return {
      debug: (...args) => logger.debug(...redactArgs(args)),
      info: (...args) => logger.info(...redactArgs(args)),
      warn: (...args) => logger.warn(...redactArgs(args)),
      error: (...args) => logger.error(...redactArgs(args)),
    };
  }

  private logArgument(arg: unknown): unknown {
    if (typeof arg === "string") return this.string(arg);
    if (arg instanceof Error) {
      const copy = new Error(this.string(String(arg.message)));
      copy.name = this.string(String(arg.name));
      copy.stack = arg.stack === undefined ? undefined : this.string(String(arg.stack));
      return copy;
    }
    return arg !== null && typeof arg === "object" ? this.value(arg) : arg;
  }

  /**
   * Replaces every occurrence of every registered form (overlaps merged) in one stitch. Past
   * MAX_CUTS occurrences of one form, the rest of the text is hidden (see redactPatterns.ts).
   */
  private literals(text: string): string {
    if (this.secrets.size === 0 || text.length < this.shortest) return text;
    let mask: Uint8Array | null = null;
    let limit = text.length;
    for (const secret of this.secrets.keys()) {
      if (secret.length > limit) continue;
      let count = 0;
      for (let at = text.indexOf(secret); at !== -1 && at < limit; at = text.indexOf(secret, at + secret.length)) {
        if (++count > MAX_CUTS) {
          limit = at;
          break;
        }
        (mask ??= new Uint8Array(text.length)).fill(1, at, at + secret.length);
      }
    }
    if (!mask) return text;
    const cuts: number[] = [];
    for (let start = mask.indexOf(1); start !== -1 && start < limit; ) {
      const end = mask.indexOf(0, start);
      cuts.push(start, end === -1 ? text.length : end);
      start = end === -1 ? -1 : mask.indexOf(1, end);
    }
    return stitch(text, cuts, limit < text.length ? limit : -1);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
