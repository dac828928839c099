/**
 * One line that names why a call failed: connection refused (host:port), the endpoint's HTTP
 * status, a TLS/scheme mismatch, a missing or wrong token, no bot-ready in time. The one place
 * that maps errors to causes, so it can follow the transport's error codes as they change.
 *
 * What it reads (each optional, falling back to the message):
 * - `code` from the transport: "endpoint-failed" | "connect-timeout" | "connect-failed" |
 *   "ready-timeout" | "reconnect-failed" | "aborted";
 * - `status` (an EndpointError's or client-js's StartBotError's HTTP status), `httpStatus` (the
 *   handshake's HTTP status on connect-failed, when Node's `ws` saw one);
 * - Node's errno `code` on the error or its `cause` chain (ECONNREFUSED, ENOTFOUND, EPROTO, …),
 *   and the `reason` of the close record the transport puts in `cause` ("connect ECONNREFUSED …");
 * - what the endpoint really answered ({@link EndpointObservation}), since client-js drops it;
 * - the message: `ws` says "Unexpected server response: 401", TLS says "wrong version number".
 */
import { StartBotError } from "@pipecat-ai/client-js";
import type { CallFailure } from "../../machines/callMachine.js";
import { redactString } from "../common/redact.js";
import type { EndpointObservation } from "./observeEndpoint.js";
import { printable } from "./printable.js";

/** What the call tried to reach. */
export interface FailureTarget {
  /** `--ws-url` or `--endpoint`, as given. */
  url: string;
  via: "ws-url" | "endpoint";
  /** A token was given (--token, PIPECAT_WS_TOKEN, or `token=` in the URL). */
  tokenGiven: boolean;
  connectTimeoutMs: number;
  /** The endpoint's last answer, when `via` is "endpoint". */
  endpoint?: EndpointObservation | null;
  /** Redaction of printed text (the call's Redactor knows its token). Default: the patterns only. */
  redact?: (text: string) => string;
}

interface ErrorFields {
  code?: unknown;
  /** A close record's reason (the transport's `cause` on connect-failed: `{ code, reason, status? }`). */
  reason?: unknown;
  status?: unknown;
  httpStatus?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The line after `pipecat-ws call: error: ` for `failure`. */
export function describeFailure(failure: CallFailure, target: FailureTarget): string {
  const redact = target.redact ?? redactString;
  // Redacted before it is cut, so a cut can never leave half a secret.
  const clean: Clean = (text, max = 300) => printable(redact(text), max);
  switch (failure.kind) {
    case "connect-timeout":
      return `no bot-ready within ${failure.ms} ms (--connect-timeout-ms)`;
    case "fatal":
      return connectionLost(failure.message, clean);
    case "input-error":
      return `cannot send --in: ${clean(messageOf(failure.error))}`;
    case "connect-error":
      return describeConnectError(failure.error, target, clean);
  }
}

/** Redacts, makes printable and cuts to `max` characters. */
type Clean = (text: string, max?: number) => string;

/** "connection lost: …", without saying it twice ("connection lost (code 1006: …); gave up …"). */
function connectionLost(message: string, clean: Clean): string {
  const m = /^connection lost\s*(?:\((.*?)\))?[:;,]?\s*(.*)$/s.exec(message);
  const rest = m ? [m[1], m[2]].filter(Boolean).join("; ") : message;
  return `connection lost: ${clean(rest || "the server closed the connection")}`;
}

function describeConnectError(error: unknown, target: FailureTarget, clean: Clean): string {
  const e = (error ?? {}) as ErrorFields;
  const code = typeof e.code === "string" ? e.code : undefined;
  if (code === "ready-timeout") return `no bot-ready within ${target.connectTimeoutMs} ms (--connect-timeout-ms): the WebSocket opened, the bot never answered client-ready`;
  if (code === "aborted") return "the connection was cancelled";
  if (code === "reconnect-failed") return connectionLost(messageOf(error), clean);
  const prefix = `could not connect to ${clean(target.url)}: `;
  // The endpoint first: client-js reports its failures without the cause.
  const seen = target.via === "endpoint" ? target.endpoint : null;
  if (seen) {
    const endpointCause = describeEndpoint(seen, target, error, clean);
    if (endpointCause) return prefix + endpointCause;
  }
  // After a good endpoint answer, the socket went to the ws_url it gave (which we did not see).
  const url = target.via === "ws-url" || !seen ? parseUrl(target.url) : null;
  const network = describeNetwork(error, url, clean);
  if (network) return prefix + network;
  if (code === "endpoint-failed") {
    // A reconnect's endpoint request (the transport's EndpointError: `status`, also as `httpStatus`).
    const status = [e.status, e.httpStatus, (e.cause as ErrorFields | undefined)?.status].find((s) => typeof s === "number") as number | undefined;
    return prefix + (status === undefined ? `the endpoint request failed: ${clean(messageOf(error))}` : describeHttp(status, undefined, undefined, clean));
  }
  const status = handshakeStatus(e);
  if (status !== null) return prefix + describeHandshakeStatus(status, target);
  if (error instanceof StartBotError && target.via === "endpoint" && !seen) return prefix + `the endpoint failed: ${clean(messageOf(error))}`;
  if (code === "connect-timeout") return prefix + `the WebSocket did not open in time (${clean(messageOf(error))})`;
  return prefix + clean(messageOf(error));
}

/** The endpoint's own failure, if its answer shows one. */
function describeEndpoint(seen: EndpointObservation, target: FailureTarget, error: unknown, clean: Clean): string | null {
  if (seen.error !== undefined) return describeNetwork(seen.error, parseUrl(seen.url), clean) ?? `the endpoint request failed: ${clean(messageOf(seen.error))}`;
  if (seen.status === undefined) return null;
  if (seen.status < 200 || seen.status > 299) {
    return describeHttp(seen.status, seen.statusText, detailOf(seen.bodyStart, clean) ?? detailFromError(error, clean), clean);
  }
  if (!/\bjson\b/i.test(seen.contentType ?? "") && /JSON/.test(messageOf(error))) {
    return `the endpoint answered HTTP ${seen.status} with ${clean(seen.contentType ?? "no content type")}, not JSON { ws_url }: is ${clean(target.url)} a bot runner's start URL?`;
  }
  return null;
}

function describeHttp(status: number, statusText: string | undefined, detail: string | undefined, clean: Clean): string {
  const what = `the endpoint answered HTTP ${status}${statusText ? ` ${clean(statusText)}` : ""}`;
  const hint =
    status === 404 || status === 405
      ? "check the URL"
      : status === 401 || status === 403
        ? "it wants credentials this CLI did not send"
        : status >= 500
          ? "the bot runner failed; see its log"
          : "";
  return `${what}${hint ? `: ${hint}` : ""}${detail ? ` (the server says: ${detail})` : ""}`;
}

/** Refused, unresolvable, TLS mismatch or bad certificate, from errno codes or messages. */
function describeNetwork(error: unknown, url: URL | null, clean: Clean): string | null {
  const chain = causes(error);
  const codes = chain.map((c) => (typeof c.code === "string" ? c.code : "")).filter(Boolean);
  const text = chain.map((c) => [messageOf(c), typeof c.reason === "string" ? c.reason : ""].join(" ")).join(" | ");
  const where = url ? `${url.hostname.includes(":") ? `[${url.hostname}]` : url.hostname}:${url.port || (url.protocol === "https:" || url.protocol === "wss:" ? 443 : 80)}` : "the server";
  const secure = url?.protocol === "https:" || url?.protocol === "wss:";
  const tlsError = codes.some((c) => /SSL|EPROTO/.test(c)) || /wrong version number|before secure TLS connection|EPROTO/i.test(text);
  const hangUp = codes.some((c) => c === "ECONNRESET" || c === "UND_ERR_SOCKET") || /socket hang up|other side closed|ECONNRESET/.test(text);
  if (codes.includes("ECONNREFUSED") || /\bECONNREFUSED\b/.test(text)) {
    const address = /ECONNREFUSED ([^\s)]+)/.exec(text)?.[1];
    return `connection refused by ${url || !address ? where : clean(address)}: is the bot running there?`;
  }
  if (codes.includes("ENOTFOUND") || codes.includes("EAI_AGAIN") || /\bENOTFOUND\b/.test(text)) return `cannot resolve the host '${clean(url?.hostname ?? "?")}' (DNS)`;
  if (/\bbad port\b/.test(text)) return `fetch refuses port ${url?.port ?? "?"} (it is on the list of unsafe ports); use another port`;
  // `ws` passes on only the message ("self-signed certificate"); fetch keeps the code.
  const certCode = codes.find((c) => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT/.test(c)) ??
    /self[- ]signed certificate[^;|)]*|certificate has expired|unable to (?:verify|get) [^;|)]*certificate[^;|)]*|Hostname\/IP does not match[^;|)]*/i.exec(text)?.[0];
  if (certCode) return `the TLS certificate of ${where} was rejected (${certCode}); to trust it, set NODE_EXTRA_CA_CERTS=<its CA file>`;
  if (url && secure && tlsError) {
    return `TLS handshake with ${where} failed: the server does not speak TLS; use ${url.protocol === "wss:" ? "ws" : "http"}:// instead of ${url.protocol}//`;
  }
  if (url && !secure && hangUp) {
    return `${where} closed the connection without an HTTP answer: if it expects TLS, use ${url.protocol === "ws:" ? "wss" : "https"}:// instead of ${url.protocol}//`;
  }
  if (!url && tlsError) return `the TLS handshake failed (the ws_url's scheme does not match the server): ${clean(text, 160)}`;
  if (codes.includes("ETIMEDOUT") || codes.includes("UND_ERR_CONNECT_TIMEOUT")) return `no answer from ${where} (timed out): is the host reachable?`;
  return null;
}

/** The HTTP status of a refused handshake: `httpStatus`, else "Unexpected server response: 401". */
function handshakeStatus(e: ErrorFields): number | null {
  if (typeof e.httpStatus === "number") return e.httpStatus;
  const m = /Unexpected server response: (\d{3})/.exec(causes(e).map((c) => messageOf(c)).join(" "));
  return m ? Number(m[1]) : null;
}

function describeHandshakeStatus(status: number, target: FailureTarget): string {
  const refused = `the server refused the WebSocket (HTTP ${status})`;
  switch (status) {
    case 401:
      return target.tokenGiven
        ? `${refused}: wrong token (check --token / PIPECAT_WS_TOKEN, or use --endpoint to get a fresh URL)`
        : `${refused}: missing token; pass --token (or PIPECAT_WS_TOKEN), or use --endpoint to get a URL with one`;
    case 403:
      return `${refused}: forbidden (origin or credentials); see the server's log`;
    case 404:
      return `${refused}: no WebSocket at this path; check the URL (the dev bot's is /ws)`;
    case 503:
      return `${refused}: the server is unavailable or at its connection limit`;
    default:
      return `${refused}; see the server's log`;
  }
}

/** The error and its `cause` chain (and AggregateError members), at most 6 deep. */
function causes(error: unknown): ErrorFields[] {
  const out: ErrorFields[] = [];
  const visit = (e: unknown, depth: number): void => {
    if (!e || typeof e !== "object" || depth > 5 || out.length > 12) return;
    const f = e as ErrorFields;
    out.push(f);
    if (Array.isArray(f.errors)) for (const inner of f.errors) visit(inner, depth + 1);
    visit(f.cause, depth + 1);
  };
  visit(error, 0);
  return out;
}

/** `detail`, `info`, `error` or `message` of a JSON error body, or the body's text. */
function detailOf(body: string | undefined, clean: Clean): string | undefined {
  if (!body?.trim()) return undefined;
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const d = j.detail ?? j.info ?? j.error ?? j.message;
    if (typeof d === "string" && d.trim()) return clean(d, 160);
  } catch {
    // not JSON: the text itself
  }
  return clean(body.trim(), 160);
}

function detailFromError(error: unknown, clean: Clean): string | undefined {
  const m = messageOf(error);
  return m && !/JSON|fetch failed/.test(m) ? clean(m, 160) : undefined;
}

function messageOf(error: unknown): string {
  if (error && typeof error === "object") return typeof (error as ErrorFields).message === "string" ? (error as { message: string }).message : "";
  return String(error);
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

