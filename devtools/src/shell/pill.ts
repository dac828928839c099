/**
 * The pill: the panel's closed form, a small button in a corner showing the state at a glance.
 * Plain DOM (no Preact: the panel's UI loads only when opened). Click or Enter opens the panel;
 * dragging moves it, and where it was left is remembered.
 */
import type { Tone } from "../model/tone.js";
import { followPointer } from "./followPointer.js";

export interface PillView {
  state: string;
  tone: Tone;
  attempt: number;
  maxAttempts: number | null;
}

export interface Pill {
  element: HTMLButtonElement;
  update(view: PillView): void;
  /** Moves it to `right`/`bottom` px from the viewport's edges, kept inside the viewport. */
  place(pos: { right: number; bottom: number }): { right: number; bottom: number };
  /** True from a press on it to the release: it may be being dragged, so nothing else moves it. */
  readonly held: boolean;
}

/** Movement (px) past which a press on the pill is a drag, not a click. */
const DRAG_SLOP = 4;

export function createPill(doc: Document, opts: { title: string; onOpen: () => void; onMoved: (pos: { right: number; bottom: number }) => void }): Pill {
  const el = doc.createElement("button");
  el.className = "pill";
  el.type = "button";
  el.dataset.action = "open";
  el.title = opts.title;
  const dot = doc.createElement("span");
  dot.className = "dot";
  const name = doc.createElement("span");
  name.className = "name";
  name.textContent = "pipecat";
  const state = doc.createElement("span");
  state.className = "state";
  state.dataset.role = "pill-state";
  const attempt = doc.createElement("span");
  attempt.className = "attempt";
  el.append(dot, name, state, attempt);

  const win = doc.defaultView ?? window;
  let current = { right: 12, bottom: 12 };
  const place = (pos: { right: number; bottom: number }) => {
    const w = el.offsetWidth || 160;
    const h = el.offsetHeight || 26;
    current = {
      right: Math.round(Math.max(0, Math.min(win.innerWidth - w, pos.right))),
      bottom: Math.round(Math.max(0, Math.min(win.innerHeight - h, pos.bottom))),
    };
    el.style.right = `${current.right}px`;
    el.style.bottom = `${current.bottom}px`;
    return current;
  };

  let dragged = false;
  let held = false;
  el.addEventListener("pointerdown", (down) => {
    if (down.button !== 0) return;
    dragged = false;
    held = true;
    const start = { ...current };
    const move = (e: PointerEvent) => {
      const dx = e.clientX - down.clientX;
      const dy = e.clientY - down.clientY;
      if (!dragged && Math.hypot(dx, dy) < DRAG_SLOP) return;
      dragged = true;
      el.classList.add("dragging");
      place({ right: start.right - dx, bottom: start.bottom - dy });
    };
    followPointer(win, move, () => {
      held = false;
      el.classList.remove("dragging");
      if (dragged) opts.onMoved(current);
    });
  });
  el.addEventListener("click", (e) => {
    if (dragged) {
      dragged = false;
      e.preventDefault();
      return;
    }
    opts.onOpen();
  });

  let last = "";
  return {
    element: el,
    place,
    get held() {
      return held;
    },
    update(view) {
      const leaf = view.state.split(".").pop() || view.state;
      const key = `${view.state}|${view.tone}|${view.attempt}|${view.maxAttempts}`;
      if (key === last) return;
      last = key;
      el.dataset.tone = view.tone;
      el.dataset.state = view.state;
      state.textContent = leaf;
      attempt.textContent = view.attempt > 0 ? `${view.attempt}/${view.maxAttempts ?? "?"}` : "";
      el.setAttribute("aria-label", `pipecat devtools: ${view.state}. Open the panel`);
    },
  };
}
