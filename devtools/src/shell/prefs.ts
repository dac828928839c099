/**
 * What the panel remembers between page loads (localStorage): open or not, docked bottom or
 * right, the dock's size on each side, and where the pill was dragged. Read defensively: storage
 * may be unavailable (sandboxed frames, privacy modes) or hold anything.
 */

export type DockSide = "bottom" | "right";

export interface Prefs {
  open: boolean;
  dock: DockSide;
  /** Dock height when at the bottom, width when on the right, in CSS px. */
  size: { bottom: number; right: number };
  /**
   * The pill's distance from the viewport's right and bottom edges, in CSS px; `user` once the
   * user dragged it there (else the pill finds a spot that covers no control by itself).
   */
  pill: { right: number; bottom: number; user: boolean };
}

/** Defaults for a viewport: wide screens dock right (the diagram is tall), others at the bottom. */
export function defaultPrefs(viewport: { width: number; height: number }): Prefs {
  return {
    open: false,
    dock: viewport.width >= 1200 && viewport.width / Math.max(1, viewport.height) >= 1.3 ? "right" : "bottom",
    size: {
      bottom: Math.round(Math.min(560, Math.max(240, viewport.height * 0.55))),
      right: Math.round(Math.min(720, Math.max(360, viewport.width * 0.4))),
    },
    pill: { right: 12, bottom: 12, user: false },
  };
}

const finite = (v: unknown, fallback: number) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : fallback);

/** Merges stored JSON over the defaults, field by field (a bad field keeps its default). */
export function parsePrefs(stored: string | null, defaults: Prefs): Prefs {
  if (!stored) return defaults;
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return defaults;
  }
  if (!raw || typeof raw !== "object") return defaults;
  const r = raw as Record<string, unknown>;
  const size = (r.size && typeof r.size === "object" ? r.size : {}) as Record<string, unknown>;
  const pill = (r.pill && typeof r.pill === "object" ? r.pill : {}) as Record<string, unknown>;
  return {
    open: typeof r.open === "boolean" ? r.open : defaults.open,
    dock: r.dock === "right" || r.dock === "bottom" ? r.dock : defaults.dock,
    size: { bottom: finite(size.bottom, defaults.size.bottom), right: finite(size.right, defaults.size.right) },
    pill: { right: finite(pill.right, defaults.pill.right), bottom: finite(pill.bottom, defaults.pill.bottom), user: pill.user === true },
  };
}

export function loadPrefs(key: string | null, defaults: Prefs): Prefs {
  if (!key) return defaults;
  try {
    return parsePrefs(globalThis.localStorage?.getItem(key) ?? null, defaults);
  } catch {
    return defaults;
  }
}

export function savePrefs(key: string | null, prefs: Prefs): void {
  if (!key) return;
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(prefs));
  } catch {
    // Storage full or forbidden: the panel still works, it just forgets.
  }
}
