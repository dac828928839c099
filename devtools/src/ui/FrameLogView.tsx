/**
 * The frame log: a filter bar (kinds, direction, text), pause / clear / export, and the newest
 * rows that pass the filter. Messages expand to their (redacted) JSON; malformed frames and
 * errors are highlighted with their reason.
 */
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { Component } from "preact";
import type { DevtoolsStore } from "../store.js";
import { ROW_KINDS, meanLevel, type LogRow, type RowKind } from "../model/frameLog.js";
import { filterRows, type LogFilter } from "../model/logFilter.js";
import { formatBytes, formatOffset } from "../model/format.js";

/** 0..1 on a −60..0 dBFS scale, like the meters. */
function levelFraction(level: number): number {
  return level > 0 ? Math.max(0, Math.min(1, (20 * Math.log10(level) + 60) / 60)) : 0;
}

/** Rows rendered at most; the buffer may hold more (export has them all). */
const MAX_RENDERED = 300;

function rowSummary(row: LogRow): string {
  switch (row.kind) {
    case "audio": {
      const who = row.direction === "in" ? "bot" : "mic";
      const ms = row.sampleRate ? Math.round((row.samples / row.numChannels / row.sampleRate) * 1000) : 0;
      return `${who} ${row.count} frames · ${row.sampleRate} Hz${row.numChannels > 1 ? ` ×${row.numChannels}` : ""} · ${ms} ms`;
    }
    case "drop":
      return `dropped ${row.what} ×${row.count} (${row.reason})`;
    case "error":
      return `${row.fatal ? "fatal " : ""}error: ${row.message}`;
    default:
      return row.summary;
  }
}

function rowSize(row: LogRow): string {
  if (row.kind === "audio") return formatBytes(row.bytes);
  if (row.kind === "drop" || row.kind === "error") return "";
  return formatBytes(row.size);
}

interface RowProps {
  row: LogRow;
  origin: number;
  expanded: boolean;
  /** The row's revision: audio rows grow in place, so identity alone does not say "unchanged". */
  rev: number;
  onToggle: (id: number) => void;
}

/** One log row; re-renders only when the row changed or was expanded. */
class Row extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const p = this.props;
    return p.row !== next.row || p.rev !== next.rev || p.expanded !== next.expanded || p.origin !== next.origin;
  }

  override render() {
    const props = this.props;
    const { row } = props;
    const expandable = row.kind !== "audio" && row.kind !== "drop" && row.kind !== "error" && row.json !== undefined;
    return (
      <>
        <div
          class={`row ${row.kind}${expandable ? " expandable" : ""}`}
          data-kind={row.kind}
          data-dir={row.direction}
          onClick={expandable ? () => props.onToggle(row.id) : undefined}
          title={row.kind === "malformed" && row.malformed ? `malformed: ${row.malformed.reason} — ${row.malformed.detail}` : undefined}
        >
          <span class="t">{formatOffset(row.time, props.origin)}</span>
          <span class={`dir ${row.direction}`}>{row.direction === "in" ? "↓" : "↑"}</span>
          <span class="kind">
            {expandable ? (props.expanded ? "▾ " : "▸ ") : ""}
            {row.kind}
          </span>
          <span class="size">{rowSize(row)}</span>
          <span class="sum">
            {row.kind === "audio" && (
              <span class="lvl" title={`mean ${meanLevel(row).toFixed(3)}, peak ${row.levelPeak.toFixed(3)}`}>
                <i style={{ width: `${(levelFraction(meanLevel(row)) * 100).toFixed(0)}%` }} />
              </span>
            )}
            {rowSummary(row)}
          </span>
        </div>
        {props.expanded && expandable && <pre class="json">{row.json}</pre>}
      </>
    );
  }
}

function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function FrameLogView(props: { store: DevtoolsStore; onExport?: (json: string) => void }) {
  const { store } = props;
  const [kinds, setKinds] = useState<ReadonlySet<RowKind>>(() => new Set(ROW_KINDS));
  const [direction, setDirection] = useState<LogFilter["direction"]>("all");
  const [text, setText] = useState("");
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const logRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  const { rows, matched } = filterRows(store.log.toArray(), { kinds, direction, text }, MAX_RENDERED);

  // Follow the newest row while the user is at the bottom; stay put when they scrolled up.
  useLayoutEffect(() => {
    const el = logRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  });

  const toggleKind = (kind: RowKind) => {
    const next = new Set(kinds);
    if (next.has(kind)) next.delete(kind);
    else next.add(kind);
    setKinds(next);
  };
  const toggleRow = (id: number) => {
    const next = new Set(expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  };
  const exportNow = () => {
    const json = store.exportJson();
    if (props.onExport) props.onExport(json);
    else download(`pipecat-session-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, json);
  };

  return (
    <>
      <div class="toolbar">
        <div class="kinds">
          {ROW_KINDS.map((kind) => (
            <button key={kind} class={kinds.has(kind) ? "on" : ""} data-kind-filter={kind} onClick={() => toggleKind(kind)}>
              {kind}
            </button>
          ))}
        </div>
        <select
          value={direction}
          aria-label="direction"
          onChange={(e) => setDirection((e.currentTarget as HTMLSelectElement).value as LogFilter["direction"])}
        >
          <option value="all">↕ both</option>
          <option value="in">↓ in</option>
          <option value="out">↑ out</option>
        </select>
        <input
          type="search"
          placeholder="filter text"
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        />
        <button class={store.paused ? "on" : ""} data-action="pause" onClick={() => store.setPaused(!store.paused)}>
          {store.paused ? "resume" : "pause"}
        </button>
        <button data-action="clear" onClick={() => store.clear()}>
          clear
        </button>
        <button data-action="export" onClick={exportNow}>
          export
        </button>
      </div>
      <div
        class="log"
        ref={logRef}
        onScroll={(e) => {
          const el = e.currentTarget as HTMLDivElement;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {rows.length === 0 && <div class="empty">{store.log.rows.size ? "no rows match the filter" : "no frames yet"}</div>}
        {rows.map((row) => (
          <Row key={row.id} row={row} rev={row.rev} origin={store.origin} expanded={expanded.has(row.id)} onToggle={toggleRow} />
        ))}
      </div>
      <div class="foot">
        <span data-role="shown">
          {rows.length < matched ? `last ${rows.length} of ${matched}` : `${matched}`} rows
        </span>
        <span data-role="buffer" data-size={store.log.rows.size}>
          buffer {store.log.rows.size}/{store.log.rows.capacity}
        </span>
        {store.log.rows.evicted > 0 && <span data-role="evicted" data-count={store.log.rows.evicted}>{store.log.rows.evicted} older rows evicted</span>}
        {store.paused && <span>paused: {store.skippedWhilePaused} frames not logged</span>}
      </div>
    </>
  );
}
