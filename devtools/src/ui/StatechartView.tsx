/**
 * The statechart pane: lays the machine's definition out in a few shapes (flowing down or
 * across, children across or down), keeps the one that is largest in the pane (switching only
 * for a clear gain, so the picture does not jump), and fits it. "−", "+" and "fit" zoom; a
 * zoomed diagram scrolls, pans by dragging, and keeps the current state in view as it moves.
 * A status line says the state, the reconnect attempt and the countdown in words.
 */
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { MachineDescription } from "../../../machines/describeMachine.js";
import { layoutDiagram, type Diagram, type DiagramOptions } from "../model/diagram/diagramLayout.js";
import { takenTransitionId } from "../model/statechart.js";
import { formatDuration } from "../model/format.js";
import { stateTone } from "../model/tone.js";
import type { SessionView } from "../model/sessionView.js";
import { summarizeContext } from "../model/contextView.js";
import { DIAGRAM_MARGIN, DiagramSvg } from "./DiagramSvg.js";
import { useSize } from "./hooks.js";
import { followPointer } from "../shell/followPointer.js";

/** The shapes tried, best first when they fit equally. */
export const DIAGRAM_VARIANTS: readonly DiagramOptions[] = [
  { direction: "TB", innerDirection: "LR", labelChars: 24 },
  { direction: "TB", innerDirection: "LR", labelChars: 14 },
  { direction: "LR", innerDirection: "TB", labelChars: 10 },
  { direction: "LR", innerDirection: "TB", labelChars: 18 },
  { direction: "TB", innerDirection: "TB", labelChars: 24 },
  { direction: "LR", innerDirection: "LR", labelChars: 14 },
];
/** Another shape replaces the current one only if it is this much larger. */
const SWITCH_GAIN = 1.1;
/** A fitted diagram is not drawn larger than this. */
const MAX_FIT = 1.5;

export function fitScale(d: Diagram, width: number, height: number): number {
  const w = d.width + 2 * DIAGRAM_MARGIN;
  const h = d.height + 2 * DIAGRAM_MARGIN;
  return Math.max(0.05, Math.min(MAX_FIT, (width - 4) / w, (height - 4) / h));
}

/**
 * `attempt 2/3 in 0.8 s` during a backoff (the attempt about to start, and when), `attempt 2/3`
 * while it runs — only while on the way to a connection (a state that reads `warn`): once ready
 * or disconnected the count is history (the context pane still has it).
 */
export function attemptText(view: Pick<SessionView, "attempt" | "maxAttempts" | "retryAt" | "now" | "state" | "failed">): string | null {
  if (stateTone(view.state, view.failed) !== "warn") return null;
  const max = view.maxAttempts ?? "?";
  if (view.retryAt !== null && view.retryAt > view.now) return `attempt ${view.attempt + 1}/${max} in ${formatDuration(view.retryAt - view.now)}`;
  return view.attempt > 0 ? `attempt ${view.attempt}/${max}` : null;
}

function lastFatal(view: SessionView): string | null {
  for (let i = view.rows.length - 1; i >= 0; i--) {
    const r = view.rows[i]!;
    if (r.kind === "error" && r.fatal) return r.message;
  }
  return null;
}

/** The diagram's layouts per machine description, computed once: the view remounts on tab and width changes. */
const LAYOUTS = new WeakMap<MachineDescription, Diagram[]>();
function layoutsOf(description: MachineDescription): Diagram[] {
  let layouts = LAYOUTS.get(description);
  if (!layouts) LAYOUTS.set(description, (layouts = DIAGRAM_VARIANTS.map((v) => layoutDiagram(description, v))));
  return layouts;
}

export function StatechartView(props: { description: MachineDescription; view: SessionView }) {
  const { description, view } = props;
  const box = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const size = useSize(box);
  const [zoom, setZoom] = useState<number | null>(null); // null: fit
  const chosen = useRef(0);
  const layouts = layoutsOf(description);

  if (size.width > 0 && size.height > 0) {
    const scales = layouts.map((d) => fitScale(d, size.width, size.height));
    const best = scales.indexOf(Math.max(...scales));
    if (scales[best]! > scales[chosen.current]! * SWITCH_GAIN) chosen.current = best;
  }
  const diagram = layouts[chosen.current]!;
  const fit = size.width > 0 ? fitScale(diagram, size.width, size.height) : 1;
  const scale = zoom ?? fit;
  const last = view.timeline[view.timeline.length - 1];
  const taken = takenTransitionId(description, last);
  const badge = attemptText(view);
  const failure = view.failed ? (summarizeContext(view.context).failure ?? lastFatal(view)) : null;

  // Zoomed in: bring the current state to the middle whenever it changes.
  useLayoutEffect(() => {
    const el = scroller.current;
    const group = el ? [...el.querySelectorAll("[data-state]")].find((g) => g.getAttribute("data-state") === view.state) : undefined;
    const node = group?.querySelector("rect");
    if (!el || !node || zoom === null) return;
    const a = el.getBoundingClientRect();
    const b = node.getBoundingClientRect();
    el.scrollLeft += b.left + b.width / 2 - (a.left + a.width / 2);
    el.scrollTop += b.top + b.height / 2 - (a.top + a.height / 2);
  }, [view.state, zoom]);

  const pan = (down: PointerEvent) => {
    const el = scroller.current;
    if (!el || zoom === null || down.button !== 0) return;
    const start = { x: el.scrollLeft, y: el.scrollTop };
    el.classList.add("panning");
    const win = el.ownerDocument.defaultView!;
    const move = (e: PointerEvent) => {
      el.scrollLeft = start.x - (e.clientX - down.clientX);
      el.scrollTop = start.y - (e.clientY - down.clientY);
    };
    followPointer(win, move, () => el.classList.remove("panning"));
    down.preventDefault();
  };

  return (
    <div class="chart-pane">
      <div class="chart-tools">
        <span class="status" data-role="chart-status">
          {view.state}
          {view.enteredAt !== null && ` for ${formatDuration(view.now - view.enteredAt)}`}
          {badge && (
            <>
              {" · "}
              <b>{badge}</b>
            </>
          )}
          {failure && <span class="failure"> · {failure}</span>}
        </span>
        <button title="zoom out" data-action="zoom-out" onClick={() => setZoom(Math.max(0.2, scale / 1.25))}>
          −
        </button>
        <button class={zoom === null ? "on" : ""} title="fit the whole statechart in the pane" data-action="zoom-fit" onClick={() => setZoom(null)}>
          fit
        </button>
        <button title="zoom in" data-action="zoom-in" onClick={() => setZoom(Math.min(3, scale * 1.25))}>
          +
        </button>
        <button class={zoom === 1 ? "on" : ""} title="actual size, following the current state" data-action="zoom-100" onClick={() => setZoom(1)}>
          100%
        </button>
      </div>
      <div class="chart-box" ref={box} style={{ flex: 1, minHeight: 0, minWidth: 0, display: "flex" }}>
        <div
          class={`chart-scroll${zoom === null && size.width > 0 ? " fit" : ""}`}
          ref={scroller}
          onPointerDown={pan}
          style={size.width > 0 ? { width: `${size.width}px`, height: `${size.height}px` } : { flex: 1 }}
        >
          {(
            <DiagramSvg
              diagram={diagram}
              scale={scale}
              highlight={{ state: view.state, tone: stateTone(view.state, view.failed), was: last?.from ?? null, taken, takenKey: last?.id ?? 0, badge }}
            />
          )}
        </div>
      </div>
    </div>
  );
}
