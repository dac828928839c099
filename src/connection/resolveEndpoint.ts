/**
 * Resolves a bot endpoint: POST `requestData` as JSON, expect `{ ws_url }` (or `wsUrl`),
 * optionally with a `token` that is appended to the URL. Errors say what was wrong.
 */
import type { EndpointRequest } from "../../machines/connectionMachine.js";
import { appendToken } from "./appendToken.js";

/** Default time allowed for the endpoint request. */
export const DEFAULT_ENDPOINT_TIMEOUT_MS = 15_000;

export async function resolveEndpoint(
  request: EndpointRequest,
  fetchImpl: typeof fetch = globalThis.fetch,
  signal?: AbortSignal,
): Promise<string> {
  if (typeof fetchImpl !== "function") throw new Error("no fetch() on this platform; pass a wsUrl instead of an endpoint");
  const timeoutMs = request.timeoutMs ?? DEFAULT_ENDPOINT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  const onAbort = () => controller.abort(new Error("aborted"));
  signal?.addEventListener("abort", onAbort);
  try {
    let response: Response;
    try {
      response = await fetchImpl(request.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...request.headers },
        body: JSON.stringify(request.requestData ?? {}),
        signal: controller.signal,
      });
    } catch (e) {
      const reason = controller.signal.aborted ? controller.signal.reason : e;
      throw new Error(`POST ${String(request.endpoint)} failed: ${(reason as Error)?.message ?? String(reason)}`, { cause: e });
    }
    if (!response.ok) throw new Error(`POST ${String(request.endpoint)} answered HTTP ${response.status}`);
    let body: unknown;
    try {
      body = await response.json();
    } catch (e) {
      throw new Error(`POST ${String(request.endpoint)} did not answer JSON`, { cause: e });
    }
    const obj = (body ?? {}) as Record<string, unknown>;
    const url = obj.ws_url ?? obj.wsUrl;
    if (typeof url !== "string" || url === "") {
      throw new Error(`POST ${String(request.endpoint)} answered without a "ws_url" string`);
    }
    return typeof obj.token === "string" ? appendToken(url, obj.token) : url;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
