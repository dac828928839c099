/**
 * Where a session connects, and where its reconnects get fresh params: validated connect params
 * (plus the constructor's `wsUrl` and `token`) become the machine's target; before a reconnect
 * attempt, the app's `refreshConnectParams`, else the session's endpoint (ours, or client-js's
 * `startBot` request), yields a new URL — Pipecat's runner accepts each token once.
 */
import type { APIRequest } from "@pipecat-ai/client-js";
import type { ConnectTarget, EndpointRequest, RefreshInput } from "../../machines/connectionMachine.js";
import { TransportConnectionError } from "../common/errors.js";
import { appendToken } from "../connection/appendToken.js";
import type { Redactor } from "../common/redact.js";
import { headersToRecord, validateConnectParams, type ConnectParams } from "./connectParams.js";
import type { ReconnectInfo } from "./options.js";

/** The constructor's fallbacks. */
export interface TargetDefaults {
  wsUrl: string | null;
  token: string | null;
}

/** The machine's target for validated params. @throws TransportConnectionError when no URL is known. */
export function targetFor(params: ConnectParams, defaults: TargetDefaults): ConnectTarget {
  if (params.kind === "endpoint") return { kind: "endpoint", endpoint: params.endpoint };
  const url = params.wsUrl ?? defaults.wsUrl;
  if (!url) {
    const ignored = params.ignored.length ? ` (ignored: ${params.ignored.join(", ")})` : "";
    throw new TransportConnectionError(
      "missing-url",
      `no WebSocket URL: pass { wsUrl } to new WebSocketTransport() or to client.connect(), or use client.startBotAndConnect({ endpoint })${ignored}`,
    );
  }
  const token = params.token ?? defaults.token;
  return { kind: "url", url: token ? appendToken(url, token) : url };
}

/** client-js's start-bot request as an endpoint request we can POST again. */
export function endpointOf(request: APIRequest): EndpointRequest {
  const out: EndpointRequest = { endpoint: request.endpoint, headers: headersToRecord(request.headers), requestData: request.requestData };
  if (typeof request.timeout === "number") out.timeoutMs = request.timeout;
  return out;
}

export interface RefreshSources {
  /** The app's hook, if any. */
  hook: ((info: ReconnectInfo) => unknown) | undefined;
  /** The endpoint the current session came from, if any. */
  endpoint(): EndpointRequest | null;
  defaults: TargetDefaults;
  /** POSTs an endpoint and resolves its WebSocket URL: the transport's own resolver (timeout, fetch, redaction). */
  post(request: EndpointRequest, signal: AbortSignal): Promise<string>;
  /** Learns the secrets of the fresh params (the new token). */
  redactor: Redactor;
}

/**
 * The URL for the next reconnect attempt: the hook's params (complete ones: a URL without one
 * falls back to the constructor's `wsUrl`), else the session's endpoint again, else the same URL.
 */
export async function refreshedUrl(input: RefreshInput, s: RefreshSources, signal: AbortSignal): Promise<string> {
  if (s.hook) {
    const fresh = await s.hook({ attempt: input.attempt, lastClose: input.lastClose });
    s.redactor.addSecretsFrom(fresh);
    const params = validateConnectParams(fresh);
    if (params.kind === "endpoint") return s.post(params.endpoint, signal);
    const target = targetFor(params, s.defaults);
    return target.kind === "url" ? target.url : (input.url ?? "");
  }
  const endpoint = s.endpoint();
  if (endpoint) return s.post(endpoint, signal);
  return input.url ?? "";
}
