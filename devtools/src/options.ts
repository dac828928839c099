/** Options of `mountDevtools`. */
import type { StoreOptions } from "./store.js";
import type { ReplayInput } from "./shell/readSessionFile.js";

export type { ReplayInput } from "./shell/readSessionFile.js";

export interface DevtoolsOptions
  extends Pick<StoreOptions, "maxRows" | "maxJsonChars" | "maxJsonPerRow" | "maxBytesPerRow" | "maxTransitions" | "maxStatSamples" | "statsIntervalMs"> {
  /** Render inside this element (filling it, always open). Default: a pill docked over the page. */
  container?: HTMLElement;
  /**
   * Start open (docked) instead of as the pill. Default: as the user left it last time
   * (remembered), else closed.
   */
  open?: boolean;
  /** @deprecated Use `open`. `collapsed: true` is `open: false`. */
  collapsed?: boolean;
  /** Where the open panel docks: `"bottom"` or `"right"`. Default: remembered, else right on wide screens (≥ 1200 px), bottom otherwise. */
  dock?: "bottom" | "right";
  /** Keyboard shortcut that opens and closes the floating panel. Default `"Alt+Shift+D"`; `false` for none. */
  shortcut?: string | false;
  /** localStorage key for the remembered place, size and open state. Default `"pipecat-ws-transport:devtools"`; `null` to remember nothing. */
  storageKey?: string | null;
  /**
   * While docked open, pad the page's `<body>` by the panel's size so the page can scroll what the
   * panel covers into view (restored on close). Default true.
   */
  padPage?: boolean;
  /**
   * Show "Stately ↗" (opens the live machine in the Stately inspector, an online service at
   * stately.ai, in a new window) when the transport exposes its actor. Default true.
   */
  stately?: boolean;
  /** Receives the exported session JSON instead of downloading a file. */
  onExport?: (json: string) => void;
  /**
   * A session file to open in replay (a `File`/`Blob` from an input or a drop, its JSON text, or
   * the parsed object), e.g. from a bug report. The transport argument may then be `null`.
   */
  replay?: ReplayInput;
}
