/**
 * One frame-log row and, when expanded, its detail: every kind expands (errors and drops too)
 * to its facts with units, the redacted JSON of a message, the hex of the raw bytes when the
 * transport gave them, and "copy as JSON". Re-renders only when its row changed or toggled.
 */
import { Component } from "preact";
import { meanLevel, type LogRow } from "../model/frameLog.js";
import { exportRow } from "../model/exportSession.js";
import { formatBytes, formatDuration, formatLevel, formatOffset } from "../model/format.js";
import { hexDump } from "../model/hex.js";
import { copyText } from "./clipboard.js";

/** 0..1 on a −60..0 dBFS scale, like the meters. */
function levelFraction(level: number): number {
  return level > 0 ? Math.max(0, Math.min(1, (20 * Math.log10(level) + 60) / 60)) : 0;
}

function audioMs(row: { samples: number; numChannels: number; sampleRate: number }): number {
  return row.sampleRate ? (row.samples / Math.max(1, row.numChannels) / row.sampleRate) * 1000 : 0;
}

export function rowSummary(row: LogRow): string {
  switch (row.kind) {
    case "audio": {
      const who = row.direction === "in" ? "bot" : "mic";
      return `${who} ${row.count} frame${row.count === 1 ? "" : "s"} · ${row.sampleRate} Hz${row.numChannels > 1 ? ` ×${row.numChannels}` : ""} · ${Math.round(audioMs(row))} ms`;
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

function facts(row: LogRow): [string, string][] {
  switch (row.kind) {
    case "audio":
      return [
        ["direction", row.direction === "in" ? "bot → client" : "mic → server"],
        ["frames", `${row.count} in this second`],
        ["bytes", formatBytes(row.bytes)],
        ["audio", `${formatDuration(audioMs(row))} · ${row.samples} samples · ${row.sampleRate} Hz · ${row.numChannels} ch`],
        ["level", `mean ${formatLevel(meanLevel(row))}, peak ${formatLevel(row.levelPeak)}`],
      ];
    case "drop":
      return [["dropped", `${row.count} × ${row.what} in this second`], ["reason", row.reason]];
    case "error":
      return [["message", row.message], ["fatal", row.fatal ? "yes: the session ended" : "no: the session goes on"]];
    default: {
      const out: [string, string][] = [["size", formatBytes(row.size)]];
      if (row.malformed) out.push(["rejected", row.malformed.reason], ["detail", row.malformed.detail]);
      else if (row.json === undefined) out.push([row.kind === "interruption" ? "meaning" : "text", row.kind === "interruption" ? "barge-in: buffered bot audio dropped" : row.summary]);
      if (row.truncated) out.push(["note", "message JSON cut at the per-row limit (maxJsonPerRow)"]);
      return out;
    }
  }
}

export interface RowProps {
  row: LogRow;
  /** The row's revision: audio rows grow in place, so identity alone does not say "unchanged". */
  rev: number;
  origin: number;
  expanded: boolean;
  onToggle: (id: number, element: HTMLElement) => void;
}

export class LogRowView extends Component<RowProps, { copied: boolean }> {
  override state = { copied: false };

  override shouldComponentUpdate(next: RowProps, nextState: { copied: boolean }): boolean {
    const p = this.props;
    return p.row !== next.row || p.rev !== next.rev || p.expanded !== next.expanded || p.origin !== next.origin || this.state.copied !== nextState.copied;
  }

  private copy = (e: Event) => {
    e.stopPropagation();
    const json = JSON.stringify(exportRow(this.props.row, this.props.origin), null, 2);
    void copyText(json, e.currentTarget as Element).then((ok) => {
      this.setState({ copied: ok });
      setTimeout(() => this.setState({ copied: false }), 1500);
    });
  };

  override render() {
    const { row, expanded, origin } = this.props;
    const wire = "wire" in row ? row.wire : undefined;
    const framed = row.kind !== "drop" && row.kind !== "error";
    return (
      <>
        <div
          class={`row ${row.kind}${expanded ? " open" : ""}`}
          data-kind={row.kind}
          data-dir={row.direction}
          data-row={row.id}
          role="button"
          aria-expanded={expanded}
          onClick={(e) => this.props.onToggle(row.id, e.currentTarget as HTMLElement)}
        >
          <span class="t">{formatOffset(row.time, origin)}</span>
          <span class={`dir ${row.direction}`}>{row.direction === "in" ? "↓" : "↑"}</span>
          <span class="kind">
            {expanded ? "▾ " : "▸ "}
            {row.kind}
          </span>
          <span class="size">{rowSize(row)}</span>
          <span class="sum">
            {row.kind === "audio" && (
              <span class="lvl" title={`mean ${formatLevel(meanLevel(row))}, peak ${formatLevel(row.levelPeak)}`}>
                <i style={{ width: `${(levelFraction(meanLevel(row)) * 100).toFixed(0)}%` }} />
              </span>
            )}
            {rowSummary(row)}
          </span>
        </div>
        {expanded && (
          <div class="detail" data-detail={row.id}>
            <div class="facts">
              {facts(row).map(([k, v]) => [
                <span class="k" key={`${k}k`}>
                  {k}
                </span>,
                <span class="v" key={`${k}v`}>
                  {v}
                </span>,
              ])}
            </div>
            {"json" in row && row.json !== undefined && <pre class="json">{row.json}</pre>}
            {framed &&
              (wire ? (
                <>
                  <span class="note">
                    raw bytes{row.kind === "audio" ? " (first frame)" : ""}: {wire.length} of {formatBytes(row.kind === "audio" ? row.bytes / Math.max(1, row.count) : row.size)}
                  </span>
                  <pre class="hex" data-role="hex">{hexDump(wire)}</pre>
                </>
              ) : (
                <span class="note" data-role="no-hex">raw bytes: not provided by this transport (or hidden: they look like they carry a secret)</span>
              ))}
            <div class="buttons">
              <button data-action="copy-row" onClick={this.copy}>
                {this.state.copied ? "copied ✓" : "copy as JSON"}
              </button>
            </div>
          </div>
        )}
      </>
    );
  }
}
