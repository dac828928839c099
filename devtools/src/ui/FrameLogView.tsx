/**
 * The frame log: a filter bar (kinds, direction, text), pause / clear, and the newest rows that
 * pass the filter, oldest first with the newest at the bottom. It follows the newest row until
 * the user scrolls up (a "↓ newest" button brings it back). Expanding a row stops following and
 * keeps the row's header in view while its detail shows as much as fits.
 */
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { SessionView } from "../model/sessionView.js";
import { ROW_KINDS, type RowKind } from "../model/frameLog.js";
import { filterRows, type LogFilter } from "../model/logFilter.js";
import { LogRowView } from "./LogRowView.js";
import { useFollow } from "./hooks.js";

/** Rows rendered at most; the buffer may hold more (export has them all). */
const MAX_RENDERED = 300;

export interface FrameLogActions {
  setPaused?: (paused: boolean) => void;
  clear?: () => void;
}

/** Scrolls `box` so `header` stays visible and as much of the detail after it as fits. */
function revealExpanded(box: HTMLElement, header: HTMLElement): void {
  const detail = header.nextElementSibling as HTMLElement | null;
  const boxRect = box.getBoundingClientRect();
  const top = header.getBoundingClientRect().top - boxRect.top;
  const bottom = (detail ?? header).getBoundingClientRect().bottom - boxRect.top;
  if (top < 0) box.scrollTop += top;
  else if (bottom > box.clientHeight) box.scrollTop += Math.min(bottom - box.clientHeight, top);
}

export function FrameLogView(props: { view: SessionView; actions: FrameLogActions; compact?: boolean }) {
  const { view, actions } = props;
  const [showKinds, setShowKinds] = useState(false);
  const [kinds, setKinds] = useState<ReadonlySet<RowKind>>(() => new Set(ROW_KINDS));
  const [direction, setDirection] = useState<LogFilter["direction"]>("all");
  const [text, setText] = useState("");
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const logRef = useRef<HTMLDivElement>(null);
  const follow = useFollow(logRef);
  const reveal = useRef<HTMLElement | null>(null);

  const { rows, matched } = filterRows(view.rows, { kinds, direction, text }, MAX_RENDERED);

  useLayoutEffect(() => {
    const header = reveal.current;
    reveal.current = null;
    if (header && header.isConnected && logRef.current) revealExpanded(logRef.current, header);
  });

  const toggleKind = (kind: RowKind) => {
    const next = new Set(kinds);
    if (next.has(kind)) next.delete(kind);
    else next.add(kind);
    setKinds(next);
  };
  const toggleRow = (id: number, header: HTMLElement) => {
    const next = new Set(expanded);
    if (next.has(id)) next.delete(id);
    else {
      next.add(id);
      follow.unpin();
      reveal.current = header;
    }
    setExpanded(next);
  };

  return (
    <>
      <div class="toolbar">
        {props.compact && (
          <button class={showKinds ? "on" : ""} data-action="kinds" title="filter by kind" onClick={() => setShowKinds(!showKinds)}>
            kinds {kinds.size}/{ROW_KINDS.length} {showKinds ? "▴" : "▾"}
          </button>
        )}
        {(!props.compact || showKinds) && (
          <div class="kinds">
            {ROW_KINDS.map((kind) => (
              <button key={kind} class={kinds.has(kind) ? "on" : ""} data-kind-filter={kind} onClick={() => toggleKind(kind)}>
                {kind}
              </button>
            ))}
          </div>
        )}
        <select value={direction} aria-label="direction" onChange={(e) => setDirection((e.currentTarget as HTMLSelectElement).value as LogFilter["direction"])}>
          <option value="all">↕ both</option>
          <option value="in">↓ in</option>
          <option value="out">↑ out</option>
        </select>
        <input type="search" placeholder="filter text" aria-label="filter text" value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
        {actions.setPaused && (
          <button class={view.paused ? "on" : ""} data-action="pause" title="stop logging frames (drops and errors still log)" onClick={() => actions.setPaused!(!view.paused)}>
            {view.paused ? "resume" : "pause"}
          </button>
        )}
        {actions.clear && (
          <button data-action="clear" title="empty the log and the timeline" onClick={() => actions.clear!()}>
            clear
          </button>
        )}
      </div>
      <div class="log" ref={logRef} onScroll={follow.onScroll} data-pinned={follow.pinned ? "" : undefined}>
        {rows.length === 0 && <div class="empty">{view.rows.length ? "no rows match the filter" : "no frames yet"}</div>}
        {rows.map((row) => (
          <LogRowView key={row.id} row={row} rev={row.rev} origin={view.origin} expanded={expanded.has(row.id)} onToggle={toggleRow} />
        ))}
        {!follow.pinned && rows.length > 0 && (
          <button class="follow" data-action="follow" onClick={() => follow.pin()}>
            ↓ newest
          </button>
        )}
      </div>
      <div class="foot">
        <span data-role="shown">{rows.length < matched ? `last ${rows.length} of ${matched}` : `${matched}`} rows</span>
        <span data-role="buffer" data-size={view.buffer.size}>
          buffer {view.buffer.size}/{view.buffer.capacity} rows
        </span>
        {view.buffer.evicted > 0 && (
          <span data-role="evicted" data-count={view.buffer.evicted}>
            {view.buffer.evicted} older rows evicted
          </span>
        )}
        {view.paused && <span>paused: {view.skippedWhilePaused} frames not logged</span>}
      </div>
    </>
  );
}
