/**
 * Resolves a bot endpoint: POST `requestData` as JSON, expect a start-bot reply — `{ ws_url }`,
 * `{ wsUrl }` or Pipecat's runner / Pipecat Cloud `{ wsUrl, sessionId, token }` (extra keys are
 * fine) — and turn it into the WebSocket URL to open (the token appended as `?token=`). Errors
 * are `EndpointError`s that say what was wrong, with the HTTP status when the server answered.
 */
import type { EndpointRequest } from "../../machines/connectionMachine.js";
import { EndpointError } from "../common/errors.js";
import { redactString } from "../common/redact.js";
import { appendToken } from "./appendToken.js";

/** Default time allowed for the endpoint request. */
export const DEFAULT_ENDPOINT_TIMEOUT_MS = 15_000;

/** The endpoint's URL as text (redacted by the caller's `redact`, which knows its literal secrets). */
function describeEndpoint(endpoint: EndpointRequest["endpoint"]): string {
  return typeof Request !== "undefined" && endpoint instanceof Request ? endpoint.url : String(endpoint);
}

/**
 * The WebSocket URL of a start-bot reply (`ws_url`/`wsUrl`, plus `token` when it is a string).
 * @throws EndpointError naming what the reply lacks.
 */
export function urlFromStartBotReply(reply: unknown, from: string): string {
  const obj = (reply && typeof reply === "object" ? reply : {}) as Record<string, unknown>;
  const url = obj.ws_url ?? obj.wsUrl;
  if (typeof url !== "string" || url === "") {
    const keys = Object.keys(obj);
    const hint =
      "sessionId" in obj
        ? "; a Pipecat runner started for another transport answers like this: start it with -t websocket, or pass requestData { transport: \"websocket\" }"
        : "";
    throw new EndpointError(`${from} answered without a "ws_url" or "wsUrl" string (keys: ${keys.length ? keys.join(", ") : "none"})${hint}`);
  }
  return typeof obj.token === "string" && obj.token !== "" ? appendToken(url, obj.token) : url;
}

/**
 * POSTs the endpoint and resolves the WebSocket URL of its reply. `redact` cleans what the error
 * messages quote (the URL, the server's detail); pattern-only by default.
 */
export async function resolveEndpoint(
  request: EndpointRequest,
  fetchImpl: typeof fetch = globalThis.fetch,
  signal?: AbortSignal,
  redact: (text: string) => string = redactString,
): Promise<string> {
  const shown = `POST ${redact(describeEndpoint(request.endpoint))}`;
  if (typeof fetchImpl !== "function") throw new EndpointError("no fetch() on this platform; pass a wsUrl instead of an endpoint, or the 'fetch' option");
  const timeoutMs = request.timeoutMs ?? DEFAULT_ENDPOINT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  const onAbort = () => controller.abort(new Error("aborted"));
  signal?.addEventListener("abort", onAbort);
  try {
    // A Request body can be read once: every attempt posts its own copy.
    const endpoint = typeof Request !== "undefined" && request.endpoint instanceof Request ? request.endpoint.clone() : request.endpoint;
    let response: Response;
    try {
      response = await fetchImpl(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...request.headers },
        body: JSON.stringify(request.requestData ?? {}),
        signal: controller.signal,
      });
    } catch (e) {
      const reason = controller.signal.aborted ? controller.signal.reason : e;
      const cause = (reason as { cause?: { code?: unknown; message?: unknown } })?.cause;
      const detail = typeof cause?.code === "string" ? `${(reason as Error).message} (${cause.code})` : ((reason as Error)?.message ?? String(reason));
      throw new EndpointError(`${shown} failed: ${redact(detail)}`, undefined, { cause: e });
    }
    if (!response.ok) {
      const detail = redact(await errorDetail(response));
      throw new EndpointError(`${shown} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${detail}`, response.status);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (e) {
      throw new EndpointError(`${shown} did not answer JSON`, response.status, { cause: e });
    }
    return urlFromStartBotReply(body, shown);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/** `: <detail>` from a JSON error body (FastAPI's `detail`, Pipecat Cloud's `info`), else "". */
async function errorDetail(response: Response): Promise<string> {
  try {
    const text = (await response.text()).slice(0, 2000);
    const parsed = JSON.parse(text) as { detail?: unknown; info?: unknown; error?: unknown };
    const detail = parsed.detail ?? parsed.info ?? parsed.error;
    return typeof detail === "string" ? `: ${detail.slice(0, 200)}` : "";
  } catch {
    return "";
  }
}
