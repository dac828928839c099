/**
 * The keyboard shortcut that opens and closes the panel, written like `Alt+Shift+D`. Matched on
 * the physical key (`KeyboardEvent.code`), so it works whatever character the layout types.
 */

export interface Shortcut {
  alt: boolean;
  shift: boolean;
  ctrl: boolean;
  meta: boolean;
  /** `KeyboardEvent.code`, e.g. `KeyD`, `Digit1`, `F2`. */
  code: string;
  /** As written, for titles. */
  text: string;
}

/** Parses `Alt+Shift+D`; throws an Error naming the option on anything else. */
export function parseShortcut(text: string): Shortcut {
  const parts = text.split("+").map((p) => p.trim()).filter(Boolean);
  const key = parts.pop();
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  const known = new Set(["alt", "option", "shift", "ctrl", "control", "meta", "cmd"]);
  const unknown = [...mods].filter((m) => !known.has(m));
  if (!key || unknown.length) {
    throw new TypeError(`mountDevtools: shortcut "${text}" is not a key combination like "Alt+Shift+D" (modifiers: Alt, Shift, Ctrl, Meta)`);
  }
  const code = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : /^\d$/.test(key) ? `Digit${key}` : key;
  return {
    alt: mods.has("alt") || mods.has("option"),
    shift: mods.has("shift"),
    ctrl: mods.has("ctrl") || mods.has("control"),
    meta: mods.has("meta") || mods.has("cmd"),
    code,
    text,
  };
}

export function matchesShortcut(e: KeyboardEvent, s: Shortcut): boolean {
  return e.code === s.code && e.altKey === s.alt && e.shiftKey === s.shift && e.ctrlKey === s.ctrl && e.metaKey === s.meta;
}
