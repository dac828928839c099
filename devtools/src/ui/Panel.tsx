/**
 * The whole panel: a header (state, meters, actions), the statechart and its timeline on the
 * left, live counters and the frame log on the right. Collapsible to its header.
 */
import { useState } from "preact/hooks";
import type { DevtoolsStore } from "../store.js";
import type { ChartNode } from "../model/statechart.js";
import { useStoreVersion } from "./useStore.js";
import { Meter } from "./Meter.js";
import { StatechartView } from "./StatechartView.js";
import { TimelineView } from "./TimelineView.js";
import { StatsView } from "./StatsView.js";
import { FrameLogView } from "./FrameLogView.js";

export interface PanelProps {
  store: DevtoolsStore;
  chart: ChartNode | null;
  floating: boolean;
  initiallyCollapsed: boolean;
  /** Present when the transport exposes its actor: opens the Stately inspector. */
  onOpenStately?: (() => void) | undefined;
  /** Export handler (default: download a file). */
  onExport?: ((json: string) => void) | undefined;
  /** Pointer-down on the resize grip of a floating panel. */
  onGripPointerDown?: ((e: PointerEvent) => void) | undefined;
  /** Pointer-down on the header, to drag a floating panel. */
  onHeaderPointerDown?: ((e: PointerEvent) => void) | undefined;
}

export function Panel(props: PanelProps) {
  const { store, chart } = props;
  useStoreVersion(store);
  const [collapsed, setCollapsed] = useState(props.initiallyCollapsed);
  const [allEdges, setAllEdges] = useState(false);
  const now = store.currentTime();
  const state = store.state;
  const top = state.split(".")[0] ?? state;
  const leaf = state.split(".").pop() ?? state;
  const entries = store.timeline.entries.toArray();
  const last = entries[entries.length - 1];
  const failed = top === "disconnected" && entries.some((e) => e.to === "disconnected" && e.from !== "disconnecting" && e.from !== "idle");
  const cls = `panel${props.floating ? " floating" : ""}${collapsed ? " collapsed" : ""}`;

  return (
    <div class={cls} data-state={state}>
      {props.onGripPointerDown && !collapsed && <div class="grip" title="resize" onPointerDown={props.onGripPointerDown} />}
      <div class="header" onPointerDown={props.onHeaderPointerDown}>
        <span class="title">pipecat ws</span>
        <span class={`badge ${top} ${leaf}${failed ? " error" : ""}`} data-role="state">
          {state}
          {top === "reconnecting" && store.attempt > 0 && ` · attempt ${store.attempt}${store.maxAttempts !== null ? `/${store.maxAttempts}` : ""}`}
        </span>
        <Meter label="mic" reading={store.mic} now={now} />
        <Meter label="bot" reading={store.bot} now={now} />
        <span class="spacer" />
        {props.onOpenStately && !collapsed && (
          <button data-action="stately" title="Open the live machine in the Stately inspector (dev only)" onClick={props.onOpenStately}>
            Stately ↗
          </button>
        )}
        <button data-action="collapse" title={collapsed ? "expand" : "collapse"} onClick={() => setCollapsed(!collapsed)}>
          {collapsed ? "▴" : "▾"}
        </button>
      </div>
      {!collapsed && (
        <div class="body">
          <div class="left">
            <div>
              <h3>
                statechart
                {chart && (
                  <button class={allEdges ? "on" : ""} data-action="all-edges" title="show every state's transitions" onClick={() => setAllEdges(!allEdges)}>
                    all transitions
                  </button>
                )}
              </h3>
              {chart ? (
                <StatechartView chart={chart} showAll={allEdges} state={state} last={last} attempt={store.attempt} maxAttempts={store.maxAttempts} />
              ) : (
                <div class="empty">the transport exposes no machine</div>
              )}
            </div>
            <div>
              <h3>transitions</h3>
              <TimelineView entries={entries} origin={store.origin} />
            </div>
          </div>
          <div class="right">
            <StatsView stats={store.stats} rates={store.rates} />
            <FrameLogView store={store} onExport={props.onExport} />
          </div>
        </div>
      )}
    </div>
  );
}
