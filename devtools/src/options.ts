/** Options of `mountDevtools`. */
import type { StoreOptions } from "./store.js";

export interface DevtoolsOptions extends Pick<StoreOptions, "maxRows" | "maxJsonChars" | "maxJsonPerRow" | "maxTransitions" | "statsIntervalMs"> {
  /** Render inside this element (filling it). Default: a floating panel over the page. */
  container?: HTMLElement;
  /** Start collapsed to the header. Default false. */
  collapsed?: boolean;
  /** Show "Open in Stately inspector" when the transport exposes its actor. Default true. */
  stately?: boolean;
  /** Receives the exported session JSON instead of downloading a file. */
  onExport?: (json: string) => void;
}
