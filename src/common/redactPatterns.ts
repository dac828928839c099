/**
 * The pattern half of redaction: finds secrets by their shape in text (`?token=…`, `api_key: "…"`,
 * `Bearer …`, `wss://user:pass@`), in one left-to-right pass. Literal secrets (our own token
 * echoed back) are the other half, in Redactor.ts.
 *
 * Why a hand-written scanner and not regexes: this runs on every inbound message while an
 * inspector listens, on text a hostile server controls. V8's regex engine backtracks; the old
 * `\b[a-z][a-z0-9+.-]*:\/\/…` rescanned the rest of a run like `a-a-a-…` from every word start
 * (quadratic: 256 KiB took 30 s). Linearity of a set of regexes depends on every alternative's
 * failure cost, which is easy to get wrong and hard to test. Here each character is looked at a
 * bounded number of times, which is visible in the code:
 * - the main loop visits each character once, as part of a word or as a separator;
 * - after a word, lookaheads skip whitespace (so whitespace is read at most three times) or take
 *   a value, and scanning resumes after the value, so a value is read once;
 * - the userinfo lookahead after `scheme://` stops at the first `/`, and every `://` contains a
 *   `/`, so lookahead regions never overlap: their total length is at most the text's.
 * A word is a run of `[A-Za-z0-9_-]`; only a word followed by `=`, `:`, a quote or whitespace,
 * and that could be a secret's name, a scheme or an auth scheme, is looked at further, so
 * ordinary text costs a table lookup or two per character. At most MAX_CUTS secrets are replaced
 * per text (past that the rest is hidden), so the output is built in bounded time too.
 * Measured in bench/redact.ts: 1.3–12 ms of CPU per hostile MiB, where the regexes took 30 s
 * for 256 KiB.
 */

/** Replacement for a secret. */
export const REDACTED = "***";

// Character classes of ASCII codes (bit flags); codes >= 128 have none (see isSpace).
const WORD = 1; // [A-Za-z0-9_-]: names (token, X-Amz-Signature), schemes' tails
const TOKEN68 = 2; // [A-Za-z0-9._~+/=-]: the credentials after `Bearer ` (RFC 7235 token68)
const VALUE_STOP = 4; // ends an unquoted value: whitespace & # ; , " ' < > ( ) [ ] { } \ `
const USERINFO_STOP = 8; // ends a URL's userinfo: / ? # @ whitespace " < > \ [ ] { } | ^ `
const SPACE = 16; // ASCII whitespace
const QUERY = 64; // ? & # ; — what precedes a URL parameter
const AFTER_WORD = 128; // : = " ' \ and whitespace: what may follow a name or a scheme

const CLASS = new Uint8Array(128);
function mark(chars: string, flag: number): void {
  for (let i = 0; i < chars.length; i++) CLASS[chars.charCodeAt(i)]! |= flag;
}
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const ASCII_SPACE = " \t\n\v\f\r";
mark(ALNUM + "_-", WORD);
mark(ALNUM + "._~+/=-", TOKEN68);
mark(ASCII_SPACE + "&#;,\"'<>()[]{}\\`", VALUE_STOP);
mark(ASCII_SPACE + "/?#@\"<>\\[]{}|^`", USERINFO_STOP);
mark(ASCII_SPACE, SPACE);
mark("?&#;", QUERY);
mark(ASCII_SPACE + ":=\"'\\", AFTER_WORD);

const C_EQ = 0x3d;
const C_COLON = 0x3a;
const C_SLASH = 0x2f;
const C_AT = 0x40;
const C_DQUOTE = 0x22;
const C_SQUOTE = 0x27;
const C_BACKSLASH = 0x5c;
const C_LF = 0x0a;
const C_CR = 0x0d;

/** JavaScript's `\s` beyond ASCII. */
function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
function isHSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
function has(c: number, flag: number): boolean {
  return c < 128 && c >= 0 && (CLASS[c]! & flag) !== 0;
}
function isSpace(c: number): boolean {
  return c < 128 ? c >= 0 && (CLASS[c]! & SPACE) !== 0 : isUnicodeSpace(c);
}
function stops(c: number, flag: number): boolean {
  return c < 128 ? (CLASS[c]! & flag) !== 0 : isUnicodeSpace(c);
}

/**
 * Names whose value is a secret wherever `name=value` or `name: value` appears, matched
 * case-insensitively as the end of the name: `token`, `access_token`, `authToken`,
 * `X-Amz-Security-Token`, `OPENAI_API_KEY`, `X-Amz-Signature`, `X-Goog-Credential`, `jwt`...
 * Not `tokens` or `prompt_tokens` (LLM usage counts), not `tokenizer`.
 */
const SECRET_NAME_ENDINGS = [
  "token", "apikey", "api_key", "api-key", "privatekey", "private_key", "private-key", "password", "passwd",
  "secret", "signature", "credential", "credentials", "jwt", "authorization",
].map((s) => Array.from(s, (ch) => ch.charCodeAt(0)));
/** Names too common in prose to redact everywhere: secrets only as URL parameters (`&sig=`). */
const URL_PARAM_NAMES = ["key", "auth", "sig"];
/** Auth schemes whose credentials follow after whitespace, in free text (case as written). */
const FREE_TEXT_SCHEMES = ["Bearer", "bearer", "BEARER", "Basic", "BASIC", "Token"];
/** Auth schemes after `Authorization:` (any case: `token ghp_…` is GitHub's). */
const HEADER_SCHEMES = ["bearer", "basic", "token"];

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

// Last characters of the endings (lower case): a quick reject for most words.
const ENDING_LAST = new Uint8Array(128);
for (const e of SECRET_NAME_ENDINGS) ENDING_LAST[e[e.length - 1]!] = 1;

/** True if `text[start, end)` ends with one of the secret name endings. */
function endsWithSecretName(text: string, start: number, end: number): boolean {
  const last = lower(text.charCodeAt(end - 1));
  if (last >= 128 || ENDING_LAST[last] === 0) return false;
  for (const ending of SECRET_NAME_ENDINGS) {
    const len = ending.length;
    if (end - start < len) continue;
    let k = 0;
    while (k < len && lower(text.charCodeAt(end - len + k)) === ending[k]) k++;
    if (k === len) return true;
  }
  return false;
}

/** True if `text[start, end)` is one of `words` (`fold`: case-insensitively). */
function isOneOf(text: string, start: number, end: number, words: readonly string[], fold: boolean): boolean {
  const len = end - start;
  if (len > 6) return false; // the longest scheme or URL-only name
  for (const w of words) {
    if (w.length !== len) continue;
    let k = 0;
    while (k < len && (fold ? lower(text.charCodeAt(start + k)) : text.charCodeAt(start + k)) === w.charCodeAt(k)) k++;
    if (k === len) return true;
  }
  return false;
}

/** True if a URL query/fragment parameter of this name carries a secret (`token`, `sig`, `X-Amz-Signature`...). */
export function isSecretParamName(name: string): boolean {
  return name.length > 0 && (endsWithSecretName(name, 0, name.length) || isOneOf(name, 0, name.length, URL_PARAM_NAMES, true));
}

// The one range a step wants replaced by the marker, `[CUT[0], CUT[1])` (empty when
// CUT[1] <= CUT[0]). Module state instead of an object per call, and a typed array rather than
// `let`s (no hole checks): the helpers below stay small, monomorphic and inlined.
const CUT = new Int32Array(2);

function code(text: string, n: number, k: number): number {
  return k < n ? text.charCodeAt(k) : -1;
}

/**
 * `text` with secrets found by shape replaced by `***`: secret URL parameters and `name=value`
 * pairs (`?token=…`, `token=…` in free text, `X-Amz-Signature=…`, `jwt=…`), `name: value` and
 * JSON `"name": "value"` pairs (`api_key: "…"`), auth schemes (`Bearer …`) and URL userinfo
 * (`wss://user:pass@host` becomes `wss://***@host`). Empty values stay empty (`token=` shows that
 * no token was sent). Linear time; returns `text` itself when nothing matched; idempotent.
 */
export function redactPatterns(text: string): string {
  const n = text.length;
  let cuts: number[] | null = null;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128 || (CLASS[c]! & WORD) === 0) {
      i++;
      continue;
    }
    let j = i + 1;
    let d = -1;
    while (j < n) {
      d = text.charCodeAt(j);
      if (d >= 128 || (CLASS[d]! & WORD) === 0) break;
      j++;
    }
    // Only a word followed by `:`, `=`, a quote, a backslash or whitespace can start a secret,
    // and only if it may be a secret name, a scheme before `://`, a URL-only name after `?&#;`
    // or an auth scheme: most words stop here, after one or two table lookups.
    if (j >= n || (d < 128 ? (CLASS[d]! & AFTER_WORD) === 0 : !isUnicodeSpace(d))) {
      i = j;
      continue;
    }
    const tail = lower(text.charCodeAt(j - 1));
    const len = j - i;
    if (
      !(tail < 128 && ENDING_LAST[tail] === 1) &&
      !(d === C_COLON && code(text, n, j + 1) === C_SLASH) &&
      !(d === C_EQ && len <= 4 && i > 0 && has(text.charCodeAt(i - 1), QUERY)) &&
      !(len >= 5 && len <= 6 && isSpace(d))
    ) {
      i = j;
      continue;
    }
    i = afterWord(text, n, i, j);
    if (CUT[1]! > CUT[0]! && (cuts ??= []).push(CUT[0]!, CUT[1]!) >= 2 * MAX_CUTS) return stitch(text, cuts, i);
  }
  return cuts ? stitch(text, cuts) : text;
}

/**
 * Most secrets replaced in one text. No real text holds this many; a hostile one can hold
 * 150,000 per MiB (`Bearer Bearer …`), so past it the rest of the text is hidden unread, which
 * bounds the cost and never shows a secret.
 */
export const MAX_CUTS = 10_000;

const MANY_CUTS = 64;
let utf16: TextDecoder | null | undefined;

/**
 * `text` with each range `[cuts[2k], cuts[2k+1])` (sorted, disjoint) replaced by `***`, and,
 * if `hiddenFrom` is given, everything after the last cut and from `hiddenFrom` on replaced by
 * a note. A few cuts are joined as slices; many are written into one UTF-16 buffer and decoded
 * at once, about twice as fast as joining thousands of pieces. Text with lone surrogates
 * always takes the first path (decoding would replace them).
 */
export function stitch(text: string, cuts: readonly number[], hiddenFrom = -1): string {
  if (hiddenFrom >= 0) {
    const from = Math.max(hiddenFrom, cuts.length ? cuts[cuts.length - 1]! : 0);
    const note = `${REDACTED}(${text.length - from} more characters hidden: over ${MAX_CUTS} secrets)`;
    return from >= text.length ? stitch(text, cuts) : stitch(text.slice(0, from), cuts) + note;
  }
  const count = cuts.length >> 1;
  if (count > MANY_CUTS) {
    utf16 ??= typeof TextDecoder === "function" ? new TextDecoder("utf-16le") : null;
    const wellFormed = (text as { isWellFormed?: () => boolean }).isWellFormed;
    if (utf16 && wellFormed && wellFormed.call(text)) {
      const buf = new Uint16Array(text.length + count * REDACTED.length);
      let o = 0;
      let last = 0;
      for (let k = 0; k <= cuts.length; k += 2) {
        const end = k < cuts.length ? cuts[k]! : text.length;
        for (let x = last; x < end; x++) buf[o++] = text.charCodeAt(x);
        if (k === cuts.length) break;
        for (let r = 0; r < REDACTED.length; r++) buf[o++] = REDACTED.charCodeAt(r);
        last = cuts[k + 1]!;
      }
      return utf16.decode(buf.subarray(0, o));
    }
  }
  let out = "";
  let last = 0;
  for (let k = 0; k < cuts.length; k += 2) {
    out += text.slice(last, cuts[k]) + REDACTED;
    last = cuts[k + 1]!;
  }
  return out + text.slice(last);
}

/**
 * Looks at what follows the word `text[i, j)`: sets the range to cut (if any) and returns
 * where scanning resumes (> i).
 */
function afterWord(text: string, n: number, i: number, j: number): number {
  CUT[0] = CUT[1] = 0;
  const next = text.charCodeAt(j);
  if (next === C_COLON) {
    if (code(text, n, j + 1) === C_SLASH && code(text, n, j + 2) === C_SLASH) return userinfo(text, n, j + 3);
  } else if (next === C_EQ) {
    // A URL-only name (`sig`) needs `?&#;` before it and `=` right after it.
    if (i > 0 && has(text.charCodeAt(i - 1), QUERY) && isOneOf(text, i, j, URL_PARAM_NAMES, true)) return value(text, n, j + 1);
  } else if (isSpace(next) && isOneOf(text, i, j, FREE_TEXT_SCHEMES, false)) {
    const end = credentials(text, n, j);
    if (end > j) return end;
  }
  // `name=value`, `password = "…"`, `name: value`, `"name": "value"`, `\"name\": \"value\"`.
  let k = j;
  if (code(text, n, k) === C_BACKSLASH) k++;
  const q = code(text, n, k);
  if (q === C_DQUOTE || q === C_SQUOTE) k++;
  while (k < n && isHSpace(text.charCodeAt(k))) k++;
  const sep = code(text, n, k);
  if ((sep === C_COLON || (sep === C_EQ && code(text, n, k + 1) !== C_EQ)) && endsWithSecretName(text, i, j)) {
    k++;
    while (k < n && isHSpace(text.charCodeAt(k))) k++;
    return sep === C_COLON ? headerValue(text, n, k) : value(text, n, k);
  }
  return j;
}

/** After `scheme://`: a userinfo (`user:pass@`, `token@`) is cut; resumes at the host. */
function userinfo(text: string, n: number, k: number): number {
  let m = k;
  while (m < n && !stops(text.charCodeAt(m), USERINFO_STOP)) m++;
  if (m > k && m < n && text.charCodeAt(m) === C_AT) {
    CUT[0] = k;
    CUT[1] = m;
    return m + 1;
  }
  return k;
}

/** After `Bearer`: whitespace, then token68 credentials (cut). Returns the end, or `j` if none. */
function credentials(text: string, n: number, j: number): number {
  let k = j;
  while (k < n && isSpace(text.charCodeAt(k))) k++;
  let m = k;
  while (m < n && has(text.charCodeAt(m), TOKEN68)) m++;
  if (m === k) return j;
  CUT[0] = k;
  CUT[1] = m;
  return m;
}

/** A secret value after `name=` (cut): quoted, or up to a stop character. Returns its end. */
function value(text: string, n: number, k: number): number {
  const q = code(text, n, k);
  if (q === C_DQUOTE || q === C_SQUOTE) return quoted(text, n, k + 1, q, false);
  if (q === C_BACKSLASH) {
    const q2 = code(text, n, k + 1);
    if (q2 === C_DQUOTE || q2 === C_SQUOTE) return quoted(text, n, k + 2, q2, true);
  }
  let m = k;
  while (m < n && !stops(text.charCodeAt(m), VALUE_STOP)) m++;
  CUT[0] = k;
  CUT[1] = m;
  return m;
}

/** A secret value after `name:` (cut); an auth scheme keeps its name (`Authorization: Bearer ***`). */
function headerValue(text: string, n: number, k: number): number {
  let w = k;
  while (w < n && has(text.charCodeAt(w), WORD)) w++;
  // A scheme with nothing token68 after it (`Bearer ***`, already redacted) is left as it is.
  if (w > k && w < n && isSpace(text.charCodeAt(w)) && isOneOf(text, k, w, HEADER_SCHEMES, true)) return credentials(text, n, w);
  return value(text, n, k);
}

/**
 * A quoted value from `k` (after the opening quote) to the closing quote `q`, or to the end of
 * the line if it never closes (redacting too much beats leaking). In a plain string `\x` is an
 * escape; in an escaped one (`\"…\"`, JSON inside JSON) the first quote closes it.
 */
function quoted(text: string, n: number, k: number, q: number, escaped: boolean): number {
  let m = k;
  while (m < n) {
    const c = text.charCodeAt(m);
    if (c === q || c === C_LF || c === C_CR) break;
    if (c === C_BACKSLASH && !escaped) m++;
    m++;
  }
  if (m > n) m = n;
  let end = m;
  const closed = m < n && text.charCodeAt(m) === q;
  if (escaped && closed && end > k && text.charCodeAt(end - 1) === C_BACKSLASH) end--;
  CUT[0] = k;
  CUT[1] = end;
  return closed ? m + 1 : m;
}
