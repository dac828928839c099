/**
 * Redaction cost on hostile text (issue 11: a 1 MiB hostile string must cost < 20 ms). Every
 * inbound message goes through redaction while an inspector listens, and a hostile server
 * chooses the text. Each input is exactly 1 MiB (2^20 UTF-16 code units) and built to hit one
 * lookahead of the scanner (or a backtracking hazard of the regexes it replaced). Measured for
 * the pattern-only `redactString` and for a transport's `Redactor` holding the most literal
 * secrets it keeps (MAX_SECRETS), and against the regexes used before issue 11 at 64 KiB
 * (their worst case is quadratic: at 1 MiB it would run for minutes).
 */
import { MAX_SECRETS, Redactor, redactString, redactValue } from "../src/common/redact.js";
import { keep, median } from "./stats.js";

const MIB = 1 << 20;
const SECRET = "tok_9fQ2xLmA7vR3kP0s"; // the transport's own token in the literal-secret inputs

/**
 * `unit` repeated to exactly `n` code units, as a flat string: what a socket's TextDecoder or
 * JSON.parse delivers (`repeat().slice()` alone gives a sliced rope, slower to read).
 */
function fill(unit: string, n = MIB): string {
  return flat(unit.repeat(Math.ceil(n / unit.length)).slice(0, n));
}

function flat(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/** A deterministic mix of the scanner's special characters and letters. */
function mix(n = MIB): string {
  const alphabet = ":@/=&?#\"' \\aT-";
  let x = 12345;
  let s = "";
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += alphabet[(x >>> 16) % alphabet.length];
  }
  return flat(s);
}

/** The hostile inputs, by name; each is a function of the length wanted. */
export const ADVERSARIAL: Record<string, (n?: number) => string> = {
  "a run": (n) => fill("a", n),
  "a- run (scheme chars)": (n) => fill("a-", n),
  "?token= repeated": (n) => fill("?token=", n),
  "token=a  repeated": (n) => fill("token=a ", n),
  "Bearer  repeated": (n) => fill("Bearer ", n),
  "x:// repeated": (n) => fill("x://", n),
  "x://a: repeated (no @)": (n) => fill("x://a:", n),
  "a:b@ repeated": (n) => fill("a:b@", n),
  ":@/=&?#\"' mix": (n) => mix(n),
  "\"api_key\": \" repeated": (n) => fill("\"api_key\": \"", n),
  "api_key: (unclosed quote)": (n) => flat(`api_key: "${fill("a", (n ?? MIB) - 10)}`),
  "token + 1 MiB of spaces": (n) => flat(`token${fill(" ", (n ?? MIB) - 6)}=`),
  "\\\"token\\\":\\\" repeated": (n) => fill('\\"token\\":\\"', n),
  "unicode (ü€😀, nbsp)": (n) => fill("ü€😀\u00a0", n),
  "our token repeated": (n) => fill(`${SECRET} `, n),
  "our token minus 1 char repeated": (n) => fill(SECRET.slice(0, -1), n),
};

/** The redaction regexes before issue 11, for the before/after figures. */
function legacyRedactString(text: string): string {
  return text
    .replace(/([?&#;](?:[a-z0-9_-]*token|api[_-]?key|apikey|key|auth|authorization|password|passwd|secret|client_secret|signature|sig)=)[^&#\s"']*/gi, "$1***")
    .replace(/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/g, "$1 ***")
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s:]+:[^/@\s]+@/gi, "$1***@");
}

/**
 * Median CPU ms (user + system, this process) and median wall-clock ms of `runs` calls; the
 * result is read, so a rope is flattened. CPU time is the cost; on a shared, loaded machine
 * wall time also counts the time other processes had the core.
 */
function times(fn: () => unknown, runs: number): { median: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = fn();
    if (typeof out === "string") out.charCodeAt(out.length >> 1);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    keep(out);
  }
  return { median: median(wall), cpu: median(cpu) };
}

function time(fn: () => unknown, runs: number): number {
  return times(fn, runs).median;
}

export interface RedactRow {
  input: string;
  /** Median CPU and wall-clock ms for 1 MiB, `redactString` (patterns only). */
  patternsCpuMs: number;
  patternsMs: number;
  /** Median CPU and wall-clock ms for 1 MiB, a `Redactor` holding MAX_SECRETS literal forms. */
  redactorCpuMs: number;
  redactorMs: number;
  /** One run of the pre-issue-11 regexes on the first 64 KiB of the input. */
  legacy64KiBMs: number;
}

export interface RedactResult {
  rows: RedactRow[];
  /** Median CPU and wall-clock ms of `Redactor.value` on hostile values (1 MiB strings, wide, deep, cyclic). */
  values: { input: string; cpuMs: number; ms: number }[];
  secrets: number;
}

/** A redactor as full as it gets: the token plus unrelated secrets up to MAX_SECRETS forms. */
function fullRedactor(): Redactor {
  const r = new Redactor();
  for (let i = 0; r.secretCount < MAX_SECRETS - 1; i++) r.addSecret(`other-secret-${i}-${"x".repeat(i % 7)}`);
  r.addSecret(SECRET);
  return r;
}

export function benchRedact(runs = 7, withLegacy = true): RedactResult {
  const redactor = fullRedactor();
  const rows: RedactRow[] = [];
  for (const [input, make] of Object.entries(ADVERSARIAL)) {
    const text = make(MIB);
    if (text.length !== MIB) throw new Error(`${input}: ${text.length} code units, not 1 MiB`);
    time(() => redactor.string(text), 2); // warm-up (JIT)
    const small = text.slice(0, 64 * 1024);
    const patterns = times(() => redactString(text), runs);
    const literal = times(() => redactor.string(text), runs);
    rows.push({
      input,
      patternsCpuMs: patterns.cpu,
      patternsMs: patterns.median,
      redactorCpuMs: literal.cpu,
      redactorMs: literal.median,
      legacy64KiBMs: withLegacy ? time(() => legacyRedactString(small), 1) : NaN,
    });
  }
  const deep: Record<string, unknown> = {};
  let cursor = deep;
  for (let i = 0; i < 100_000; i++) cursor = (cursor.next = { token: "t" }) as Record<string, unknown>;
  const cyclic: Record<string, unknown> = { a: [] };
  for (let i = 0; i < 1000; i++) (cyclic.a as unknown[]).push(cyclic);
  const valueInputs: Record<string, unknown> = {
    "message with a 1 MiB hostile string": { label: "rtvi-ai", type: "x", data: { text: ADVERSARIAL["a- run (scheme chars)"]!(MIB) } },
    "1 MiB JSON, 20k objects, 40k strings": JSON.parse(`[${new Array(Math.floor(MIB / 52)).fill('{"token":"x","u":"wss://h/ws?room=lobby-1","t":"hello"}').join(",")}]`),
    "1 MiB JSON object of 100k keys": JSON.parse(`{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(",")}}`),
    "array of 500k numbers": new Array(500_000).fill(7),
    "100k-deep nesting": deep,
    "1,000 self references": cyclic,
  };
  const values = Object.entries(valueInputs).map(([input, v]) => {
    time(() => redactor.value(v), 1);
    const t = times(() => redactor.value(v), runs);
    return { input, cpuMs: t.cpu, ms: t.median };
  });
  keep(redactValue({}));
  return { rows, values, secrets: redactor.secretCount };
}
