/** Adds `token=<value>` to a WebSocket URL's query, as Pipecat servers expect. */
export function appendToken(url: string, token: string): string {
  const separator = url.includes("?") ? "&" : "?";
  return `${url}${separator}token=${encodeURIComponent(token)}`;
}
