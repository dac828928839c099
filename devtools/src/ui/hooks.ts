/**
 * Small hooks of the panel: an element's size (ResizeObserver, falling back to the window's
 * resize), a ticker for countdowns, and "follow the newest row" scrolling like Chrome's frame
 * view: pinned to the bottom until the user scrolls up, pinned again when they come back down.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { RefObject } from "preact";

export interface Size {
  width: number;
  height: number;
}

export function useSize(ref: RefObject<HTMLElement>): Size {
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => {
      const r = el.getBoundingClientRect();
      setSize((s) => (Math.round(r.width) === s.width && Math.round(r.height) === s.height ? s : { width: Math.round(r.width), height: Math.round(r.height) }));
    };
    read();
    const win = el.ownerDocument.defaultView;
    if (typeof ResizeObserver === "function") {
      const observer = new ResizeObserver(read);
      observer.observe(el);
      return () => observer.disconnect();
    }
    win?.addEventListener("resize", read);
    return () => win?.removeEventListener("resize", read);
  }, [ref]);
  return size;
}

/** Re-renders every `ms` while `active` (countdowns, time in state). */
export function useTicker(ms: number, active: boolean): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((t) => t + 1), ms);
    return () => clearInterval(timer);
  }, [ms, active]);
}

/** Distance from the bottom (px) within which a scroll box counts as "at the newest row". */
const PINNED_WITHIN = 24;

export interface Follow {
  pinned: boolean;
  onScroll: (e: Event) => void;
  /** Stops following (e.g. a row was expanded); `pin()` follows again and jumps to the newest. */
  unpin: () => void;
  pin: () => void;
}

/** Keeps `ref` scrolled to its bottom after each render while pinned. */
export function useFollow(ref: RefObject<HTMLElement>): Follow {
  const [pinned, setPinned] = useState(true);
  const pinnedRef = useRef(true);
  // After each render, before the browser dispatches scroll events: so a scroll event that
  // follows finds the box at the bottom and keeps it pinned.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && pinnedRef.current) el.scrollTop = el.scrollHeight;
  });
  const set = (value: boolean) => {
    pinnedRef.current = value;
    setPinned(value);
  };
  const onScroll = useCallback((e: Event) => {
    const el = e.currentTarget as HTMLElement;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < PINNED_WITHIN;
    if (atBottom !== pinnedRef.current) set(atBottom);
  }, []);
  return { pinned, onScroll, unpin: () => set(false), pin: () => set(true) };
}
