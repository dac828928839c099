/**
 * `pipecat-ws-transport/devtools`: a panel that shows a transport's statechart, frames, levels
 * and counters live. A separate entry point: the main entry never imports it, and importing it
 * does nothing until `mountDevtools` is called.
 */
import type { InspectableTransport } from "./types.js";
import type { DevtoolsOptions } from "./options.js";
import { mount } from "./ui/mount.js";

export type { DevtoolsOptions } from "./options.js";
export type { InspectableTransport, MachineLike, ActorLike } from "./types.js";
export { redactString, redactValue } from "../../src/common/redact.js";

/**
 * Mounts the devtools panel for `transport` (a `WebSocketTransport`, or anything with
 * `inspect()` and `getStats()`). Renders into `options.container`, or floats over the page.
 * Subscribes once to the transport's inspection events; updates are batched per animation frame;
 * memory is bounded by ring buffers; secrets are redacted. Returns the function that unmounts it.
 *
 * ```ts
 * import { mountDevtools } from "pipecat-ws-transport/devtools";
 * const unmount = mountDevtools(transport);
 * ```
 */
export function mountDevtools(transport: InspectableTransport, options: DevtoolsOptions = {}): () => void {
  if (!transport || typeof transport.inspect !== "function" || typeof transport.getStats !== "function") {
    throw new TypeError("mountDevtools(transport): pass a WebSocketTransport (or an object with inspect() and getStats())");
  }
  if (typeof document === "undefined") {
    throw new Error("mountDevtools needs a DOM (document is undefined): call it in a browser");
  }
  return mount(transport, options);
}
