/**
 * `pipecat-ws-transport/devtools`: a panel that shows a transport's statechart, frames, levels
 * and counters live, and replays exported sessions. A separate entry point: the main entry never
 * imports it, importing it does nothing until `mountDevtools` is called, and the panel's UI
 * (Preact, the diagram, the log) loads only when the panel is first opened.
 */
import type { InspectableTransport } from "./types.js";
import type { DevtoolsOptions } from "./options.js";
import { mount } from "./shell/mount.js";

export type { DevtoolsOptions, ReplayInput } from "./options.js";
export type { InspectableTransport, MachineLike, ActorLike } from "./types.js";
export { redactString, redactValue } from "../../src/common/redact.js";

/**
 * Mounts the devtools panel for `transport` (a `WebSocketTransport`, or anything with
 * `inspect()` and `getStats()`). By default a small pill sits in the bottom-right corner and
 * covers nothing else; clicking it (or Alt+Shift+D) opens the panel docked at the bottom or
 * right. With `options.container` the panel fills that element instead. Subscribes once to the
 * transport's inspection events; updates are batched per animation frame; memory is bounded by
 * ring buffers; secrets are redacted. `transport` may be `null` when `options.replay` gives a
 * session file to open. Returns the function that unmounts it.
 *
 * ```ts
 * import { mountDevtools } from "pipecat-ws-transport/devtools";
 * const unmount = mountDevtools(transport);
 * ```
 */
export function mountDevtools(transport: InspectableTransport | null, options: DevtoolsOptions = {}): () => void {
  const isTransport = !!transport && typeof transport.inspect === "function" && typeof transport.getStats === "function";
  if (!isTransport && !(transport === null && options.replay !== undefined)) {
    throw new TypeError(
      "mountDevtools(transport): pass a WebSocketTransport (or an object with inspect() and getStats()), or null with { replay: file }",
    );
  }
  if (typeof document === "undefined") {
    throw new Error("mountDevtools needs a DOM (document is undefined): call it in a browser");
  }
  return mount(isTransport ? transport : null, options);
}
