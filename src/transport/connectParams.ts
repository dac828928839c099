/**
 * The params given to `client.connect(params)` / `transport.connect(params)`, as Pipecat servers
 * and client-js hand them over: `{ ws_url | wsUrl, token? }`, a start-bot reply such as Pipecat's
 * runner's `{ wsUrl, sessionId, token }` (client-js's `startBotAndConnect` passes the whole reply),
 * or `{ endpoint, headers?, requestData?, timeout? }`. Keys we do not use are ignored (and named
 * in a debug line); keys we use must have the right type, or the error names the key and the fix.
 */
import type { EndpointRequest } from "../../machines/connectionMachine.js";
import { TransportOptionError } from "../common/errors.js";
import { redactString } from "../common/redact.js";

/** Validated connect params. `ignored` lists keys that were present and not used. */
export type ConnectParams =
  | { kind: "url"; wsUrl?: string; token?: string; ignored: string[] }
  | { kind: "endpoint"; endpoint: EndpointRequest; ignored: string[] };

const URL_KEYS = new Set(["ws_url", "wsUrl", "token"]);
const ENDPOINT_KEYS = new Set(["endpoint", "headers", "requestData", "timeout"]);

function fail(message: string): never {
  throw new TransportOptionError("invalid-connect-params", message);
}

/** Headers as a plain record (client-js passes a `Headers` object). */
export function headersToRecord(headers: unknown, name = "headers"): Record<string, string> {
  if (headers === undefined || headers === null) return {};
  if (typeof Headers !== "undefined" && headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (typeof headers === "object" && Object.values(headers).every((v) => typeof v === "string")) {
    return { ...(headers as Record<string, string>) };
  }
  fail(`'${name}' must be a Headers object or a record of strings`);
}

/**
 * A WebSocket URL from what a user or server wrote: `ws://` and `wss://` as they are, `http://`
 * and `https://` mapped to `ws://` and `wss://` (browsers accept both in `new WebSocket()`), and a
 * relative URL resolved against the page's location. Throws an error naming `name` otherwise.
 */
export function normalizeWsUrl(name: string, url: string, fail: (message: string) => never): string {
  const shown = JSON.stringify(redactString(url));
  const base = (globalThis as { location?: { href?: unknown } }).location?.href;
  let parsed: URL;
  try {
    parsed = typeof base === "string" ? new URL(url, base) : new URL(url);
  } catch {
    fail(
      typeof base === "string" || /^[a-z][a-z0-9+.-]*:/i.test(url)
        ? `'${name}' is not a valid URL: ${shown}`
        : `'${name}' is not a valid URL: ${shown} (a relative URL needs a page to resolve against; pass ws://host:port/path)`,
    );
  }
  if (parsed.protocol === "http:") parsed.protocol = "ws:";
  else if (parsed.protocol === "https:") parsed.protocol = "wss:";
  else if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") {
    fail(`'${name}' must be a ws://, wss://, http:// or https:// URL, got ${parsed.protocol}//`);
  }
  return parsed.href;
}

const validated = new WeakSet<object>();

/** Validates `connect()` params; `undefined`/`null` means "use the constructor's wsUrl". Idempotent. */
export function validateConnectParams(params: unknown): ConnectParams {
  if (params && typeof params === "object" && validated.has(params)) return params as ConnectParams;
  const out = validate(params);
  validated.add(out);
  return out;
}

function validate(params: unknown): ConnectParams {
  if (params === undefined || params === null) return { kind: "url", ignored: [] };
  if (typeof params !== "object" || Array.isArray(params)) {
    fail(`expected an object like { wsUrl } or { endpoint }, got ${Array.isArray(params) ? "array" : typeof params}`);
  }
  const p = params as Record<string, unknown>;
  const keys = Object.keys(p);
  if ("endpoint" in p) {
    const endpoint = p.endpoint;
    const isRequest = typeof Request !== "undefined" && endpoint instanceof Request;
    if (!(typeof endpoint === "string" || (typeof URL !== "undefined" && endpoint instanceof URL) || isRequest)) {
      fail("'endpoint' must be a URL string (http:// or https://), a URL or a Request that answers POST with { wsUrl }");
    }
    if (p.timeout !== undefined && (typeof p.timeout !== "number" || !(p.timeout > 0))) fail("'timeout' must be a positive number of milliseconds");
    const request: EndpointRequest = { endpoint: endpoint as EndpointRequest["endpoint"], headers: headersToRecord(p.headers), requestData: p.requestData };
    if (typeof p.timeout === "number") request.timeoutMs = p.timeout;
    return { kind: "endpoint", endpoint: request, ignored: keys.filter((k) => !ENDPOINT_KEYS.has(k)) };
  }
  if (p.ws_url !== undefined && p.wsUrl !== undefined && p.ws_url !== p.wsUrl) fail("'wsUrl' and 'ws_url' disagree; pass only 'wsUrl'");
  const wsUrl = p.wsUrl ?? p.ws_url;
  if (wsUrl !== undefined && wsUrl !== null && typeof wsUrl !== "string") fail(`'wsUrl' must be a string, got ${typeof wsUrl}`);
  // A start-bot reply says `token: null` when the server needs none.
  if (p.token !== undefined && p.token !== null && typeof p.token !== "string") fail(`'token' must be a string, got ${typeof p.token}`);
  const out: ConnectParams = { kind: "url", ignored: keys.filter((k) => !URL_KEYS.has(k)) };
  if (typeof wsUrl === "string" && wsUrl !== "") out.wsUrl = normalizeWsUrl("wsUrl", wsUrl, fail);
  if (typeof p.token === "string" && p.token !== "") out.token = p.token;
  return out;
}
