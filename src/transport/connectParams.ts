/**
 * Validation of the params given to `client.connect(params)`:
 * `{ ws_url | wsUrl, token? }` or `{ endpoint, headers?, requestData?, timeout? }`.
 * Unknown keys fail with a message naming them.
 */
import type { EndpointRequest } from "../../machines/connectionMachine.js";
import { TransportOptionError } from "../common/errors.js";
import { checkWsUrl } from "./options.js";

/** Validated connect params. */
export type ConnectParams =
  | { kind: "url"; wsUrl?: string; token?: string }
  | { kind: "endpoint"; endpoint: EndpointRequest };

const URL_KEYS = new Set(["ws_url", "wsUrl", "token"]);
const ENDPOINT_KEYS = new Set(["endpoint", "headers", "requestData", "timeout"]);

function fail(message: string): never {
  throw new TransportOptionError("invalid-connect-params", message);
}

function headersToRecord(headers: unknown): Record<string, string> {
  if (headers === undefined) return {};
  if (typeof Headers !== "undefined" && headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (headers && typeof headers === "object" && Object.values(headers).every((v) => typeof v === "string")) {
    return headers as Record<string, string>;
  }
  fail("'headers' must be a Headers object or a record of strings");
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
  if (params === undefined || params === null) return { kind: "url" };
  if (typeof params !== "object" || Array.isArray(params)) {
    fail(`expected an object like { wsUrl } or { endpoint }, got ${Array.isArray(params) ? "array" : typeof params}`);
  }
  const p = params as Record<string, unknown>;
  const keys = Object.keys(p);
  if ("endpoint" in p) {
    const unknown = keys.filter((k) => !ENDPOINT_KEYS.has(k));
    if (unknown.length) fail(`unknown connect param(s) ${unknown.join(", ")} with 'endpoint'; allowed: ${[...ENDPOINT_KEYS].join(", ")}`);
    const endpoint = p.endpoint;
    if (!(typeof endpoint === "string" || (typeof URL !== "undefined" && endpoint instanceof URL))) {
      fail("'endpoint' must be a URL string (http:// or https://) that answers POST with { ws_url }");
    }
    if (p.timeout !== undefined && (typeof p.timeout !== "number" || !(p.timeout > 0))) fail("'timeout' must be a positive number of milliseconds");
    const request: EndpointRequest = { endpoint, headers: headersToRecord(p.headers), requestData: p.requestData };
    if (typeof p.timeout === "number") request.timeoutMs = p.timeout;
    return { kind: "endpoint", endpoint: request };
  }
  const unknown = keys.filter((k) => !URL_KEYS.has(k));
  if (unknown.length) {
    fail(`unknown connect param(s) ${unknown.join(", ")}; pass { wsUrl, token? } or { endpoint, headers?, requestData? }`);
  }
  if (p.ws_url !== undefined && p.wsUrl !== undefined && p.ws_url !== p.wsUrl) fail("'wsUrl' and 'ws_url' disagree; pass only 'wsUrl'");
  const wsUrl = p.wsUrl ?? p.ws_url;
  if (wsUrl !== undefined && typeof wsUrl !== "string") fail(`'wsUrl' must be a string, got ${typeof wsUrl}`);
  if (p.token !== undefined && typeof p.token !== "string") fail(`'token' must be a string, got ${typeof p.token}`);
  if (typeof wsUrl === "string") checkWsUrl("wsUrl", wsUrl);
  const out: ConnectParams = { kind: "url" };
  if (typeof wsUrl === "string") out.wsUrl = wsUrl;
  if (typeof p.token === "string") out.token = p.token;
  return out;
}
