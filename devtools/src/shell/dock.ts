/**
 * The dock: the open panel's frame along the bottom or the right edge, resizable from its inner
 * edge, and (optionally) padding the page's body by its size so what it covers can be scrolled
 * into view — the way browser devtools shrink the page, as near as a page can do it.
 */
import type { DockSide } from "./prefs.js";
import { followPointer } from "./followPointer.js";

export interface Dock {
  element: HTMLDivElement;
  /** Where the Preact panel renders. */
  mount: HTMLDivElement;
  /** Shows the dock on `side` at `size` px (clamped to the viewport); returns the size used. `"container"` fills its parent. */
  show(side: DockSide | "container", size: number): number;
  hide(): void;
  destroy(): void;
}

/** Smallest and largest dock sizes: enough for the header and a few rows; never the whole page. */
export function clampDockSize(side: DockSide, size: number, viewport: { width: number; height: number }): number {
  const extent = side === "bottom" ? viewport.height : viewport.width;
  const min = side === "bottom" ? 200 : 320;
  return Math.round(Math.max(Math.min(min, extent), Math.min(size, extent * 0.92)));
}

export function createDock(doc: Document, opts: { padPage: boolean; onResized: (side: DockSide, size: number) => void }): Dock {
  const win = doc.defaultView ?? window;
  const el = doc.createElement("div");
  el.className = "dock";
  el.hidden = true;
  const handle = doc.createElement("div");
  handle.className = "resize";
  handle.dataset.action = "resize";
  handle.title = "drag to resize";
  const mount = doc.createElement("div");
  mount.className = "mount";
  el.append(handle, mount);

  let side: DockSide | "container" = "bottom";
  let size = 0;
  // The body's own inline padding, restored when the dock closes.
  let padded: { prop: "paddingBottom" | "paddingRight"; inline: string } | null = null;

  const unpad = () => {
    if (padded) doc.body.style[padded.prop] = padded.inline;
    padded = null;
  };
  const pad = () => {
    if (!opts.padPage || side === "container") return;
    unpad();
    const prop = side === "bottom" ? "paddingBottom" : "paddingRight";
    const inline = doc.body.style[prop];
    const base = parseFloat(win.getComputedStyle(doc.body)[prop]) || 0;
    padded = { prop, inline };
    doc.body.style[prop] = `${base + size}px`;
  };
  const apply = () => {
    el.dataset.side = side;
    el.style.height = side === "bottom" ? `${size}px` : "";
    el.style.width = side === "right" ? `${size}px` : "";
  };

  handle.addEventListener("pointerdown", (down) => {
    if (down.button !== 0 || side === "container") return;
    const docked = side;
    down.preventDefault();
    const start = size;
    handle.classList.add("active");
    const move = (e: PointerEvent) => {
      const delta = side === "bottom" ? down.clientY - e.clientY : down.clientX - e.clientX;
      size = clampDockSize(docked, start + delta, { width: win.innerWidth, height: win.innerHeight });
      apply();
    };
    followPointer(win, move, () => {
      handle.classList.remove("active");
      pad();
      opts.onResized(docked, size);
    });
  });

  return {
    element: el,
    mount,
    show(nextSide, nextSize) {
      side = nextSide;
      size = side === "container" ? 0 : clampDockSize(side, nextSize, { width: win.innerWidth, height: win.innerHeight });
      apply();
      el.hidden = false;
      pad();
      return size;
    },
    hide() {
      el.hidden = true;
      unpad();
    },
    destroy() {
      unpad();
      el.remove();
    },
  };
}
