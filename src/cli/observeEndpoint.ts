/**
 * What the start-bot endpoint really answered. client-js does the `POST` itself and keeps little
 * of a failure: a refused connection becomes "fetch failed" (the cause dropped), and an error
 * answer that is not JSON becomes "Unexpected token … is not valid JSON" (the status dropped).
 * The CLI watches `fetch` for the endpoint's URL while it connects, so its one error line can
 * name the cause. It only looks: requests and answers pass through unchanged.
 */

/** One request to the endpoint and how it ended. */
export interface EndpointObservation {
  url: string;
  /** HTTP status, when an answer arrived. */
  status?: number;
  statusText?: string;
  contentType?: string;
  /** Start of the body of an error answer (up to 1 KB), as text. */
  bodyStart?: string;
  /** The error fetch rejected with (network, TLS, DNS), when no answer arrived. */
  error?: unknown;
}

/** Watches `globalThis.fetch` for requests to `endpoint`; `stop()` restores it. */
export function observeEndpoint(endpoint: string): { last(): EndpointObservation | null; stop(): void } {
  const original = globalThis.fetch;
  let last: EndpointObservation | null = null;
  const target = normalize(endpoint);
  const watching: typeof fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (normalize(url) !== target) return original(input, init);
    try {
      const res = await original(input, init);
      last = { url, status: res.status, statusText: res.statusText, contentType: res.headers.get("content-type") ?? undefined };
      if (!res.ok) last.bodyStart = await readStart(res.clone(), 1024);
      return res;
    } catch (error) {
      last = { url, error };
      throw error;
    }
  };
  globalThis.fetch = watching;
  return {
    last: () => last,
    stop: () => {
      if (globalThis.fetch === watching) globalThis.fetch = original;
    },
  };
}

function normalize(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/** The first `max` bytes of a body as text; never throws. */
async function readStart(res: Response, max: number): Promise<string | undefined> {
  try {
    const reader = res.body?.getReader();
    if (!reader) return undefined;
    const parts: Uint8Array[] = [];
    let size = 0;
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      size += value.length;
    }
    await reader.cancel().catch(() => undefined);
    return Buffer.concat(parts).subarray(0, max).toString("utf8");
  } catch {
    return undefined;
  }
}
