/**
 * The panel's header: the state (with the reconnect attempt and countdown), mic and bot level
 * meters, and the actions — open a session file, export, the Stately inspector (online), dock
 * side, close to the pill.
 */
import { useRef } from "preact/hooks";
import type { SessionView } from "../model/sessionView.js";
import { stateTone } from "../model/tone.js";
import { Meter } from "./Meter.js";
import { attemptText } from "./StatechartView.js";

export interface HeaderProps {
  view: SessionView;
  /** Narrow panel: no title, smaller meters. */
  compact?: boolean;
  placement: "bottom" | "right" | "container";
  shortcut: string | null;
  onOpenFile: (file: Blob) => void;
  onExport?: (() => void) | undefined;
  onStately?: (() => void) | undefined;
  onDock?: ((side: "bottom" | "right") => void) | undefined;
  onClose?: (() => void) | undefined;
}

export function Header(props: HeaderProps) {
  const { view } = props;
  const file = useRef<HTMLInputElement>(null);
  const attempt = attemptText(view);
  return (
    <div class={`header${props.compact ? " compact" : ""}`}>
      {!props.compact && <span class="title">pipecat ws</span>}
      <span class="badge" data-role="state" data-tone={stateTone(view.state, view.failed)} title="state of the connection machine">
        {view.state}
      </span>
      {attempt && (
        <span class="attempt" data-role="attempt">
          {attempt}
        </span>
      )}
      <Meter label="mic" reading={view.mic} now={view.now} />
      <Meter label="bot" reading={view.bot} now={view.now} />
      <span class="spacer" />
      <span class="actions">
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          hidden
          data-role="file-input"
          onChange={(e) => {
            const f = (e.currentTarget as HTMLInputElement).files?.[0];
            if (f) props.onOpenFile(f);
            (e.currentTarget as HTMLInputElement).value = "";
          }}
        />
        <button data-action="open-file" title="open an exported session file and replay it (or drop the file on the panel)" onClick={() => file.current?.click()}>
          open…
        </button>
        {props.onExport && (
          <button data-action="export" title="download this session (redacted) as a file the panel can replay" onClick={props.onExport}>
            export
          </button>
        )}
        {props.onStately && (
          <button
            data-action="stately"
            title="open the live machine in the Stately inspector: an online service (stately.ai) in a new window; contexts and events are redacted before they leave the page"
            onClick={props.onStately}
          >
            Stately ↗
          </button>
        )}
        {props.onDock && props.placement !== "container" && (
          <button
            data-action="dock"
            title={props.placement === "bottom" ? "dock on the right" : "dock at the bottom"}
            onClick={() => props.onDock!(props.placement === "bottom" ? "right" : "bottom")}
          >
            {props.placement === "bottom" ? "dock ⇥" : "dock ⤓"}
          </button>
        )}
        {props.onClose && (
          <button data-action="close" title={`close to the pill${props.shortcut ? ` (${props.shortcut})` : ""}`} onClick={props.onClose}>
            ✕
          </button>
        )}
      </span>
    </div>
  );
}
