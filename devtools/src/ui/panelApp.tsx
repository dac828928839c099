/**
 * The open panel (loaded with `import()` on first open, so a page that never opens it never
 * loads Preact or any of this). One view per render — the live store's, or a replayed
 * session's at the scrubber's time — drawn as: header, replay bar, then either two panes
 * (statechart / context / timeline beside counters and the frame log) when the panel is wide,
 * or one pane with tabs when it is narrow.
 */
import { render } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { describeMachine, type MachineDescription } from "../../../machines/describeMachine.js";
import type { DevtoolsStore } from "../store.js";
import type { DevtoolsOptions } from "../options.js";
import type { InspectableTransport } from "../types.js";
import { ReplaySession } from "../model/replay.js";
import { EMPTY_STATS, type SessionView } from "../model/sessionView.js";
import { ZERO_RATES } from "../model/rates.js";
import { PANEL_CSS } from "./styles.js";
import { useSize, useTicker } from "./hooks.js";
import { useStoreVersion } from "./useStore.js";
import { Header } from "./Header.js";
import { StatechartView } from "./StatechartView.js";
import { ContextView } from "./ContextView.js";
import { TimelineView } from "./TimelineView.js";
import { StatsView } from "./StatsView.js";
import { FrameLogView } from "./FrameLogView.js";
import { ReplayBar } from "./ReplayBar.js";
import { downloadText, exportStore, sessionFileName } from "./exportLive.js";
import { openStatelyInspector, type StopInspecting } from "./stately.js";

export interface PanelProps {
  store: DevtoolsStore | null;
  transport: InspectableTransport | null;
  options: DevtoolsOptions;
  placement: "bottom" | "right" | "container";
  /** A session file to replay (`seq` changes when another one is opened). */
  replay: { text: string; name: string; seq: number } | null;
  shortcut: string | null;
  onClose?: (() => void) | undefined;
  onDock?: ((side: "bottom" | "right") => void) | undefined;
  onExitReplay: () => void;
  onOpenFile: (file: Blob) => void;
}

export interface PanelHandle {
  update(props: PanelProps): void;
  unmount(): void;
}

/** Panels at least this wide show two panes side by side. */
export const WIDE_PANEL = 1280;
/** Panels narrower than this fold the counters and the kind filters away. */
export const COMPACT_PANEL = 600;

type Tab = "chart" | "frames" | "context" | "timeline";

function emptyView(): SessionView {
  return {
    mode: "live", origin: 0, now: 0, state: "—", failed: false, enteredAt: null, attempt: 0, maxAttempts: null, retryAt: null,
    timeline: [], rows: [], buffer: { size: 0, capacity: 0, evicted: 0 }, stats: EMPTY_STATS, rates: ZERO_RATES,
    mic: { level: 0, time: -Infinity }, bot: { level: 0, time: -Infinity }, context: null, url: null, paused: false, skippedWhilePaused: 0,
  };
}

function safeDescribe(transport: InspectableTransport | null): MachineDescription | null {
  try {
    return transport?.machine ? describeMachine(transport.machine) : null;
  } catch {
    return null;
  }
}

function PanelApp(props: PanelProps) {
  const { store, transport, options } = props;
  useStoreVersion(store);
  useTicker(250, true); // countdowns and "in state for"
  const root = useRef<HTMLDivElement>(null);
  const size = useSize(root);
  const [tab, setTab] = useState<Tab>("chart");
  // The scrubber's position and play state belong to one replayed file (`seq`): a new file starts at its end, paused.
  const [position, setPosition] = useState<{ seq: number; time: number; playing: boolean } | null>(null);
  const [speed, setSpeed] = useState(1);
  const stately = useRef<StopInspecting | null>(null);
  useEffect(() => () => stately.current?.(), []);

  const description = useMemo(() => safeDescribe(transport), [transport]);
  const replay = useMemo(() => {
    if (!props.replay) return null;
    try {
      return { session: ReplaySession.parse(props.replay.text), error: null };
    } catch (e) {
      return { session: null, error: `${props.replay.name}: ${(e as Error).message}` };
    }
  }, [props.replay?.seq]);

  const session = replay?.session ?? null;
  const seq = props.replay?.seq ?? 0;
  const current = position?.seq === seq ? position : null;
  const time = current ? current.time : (session?.durationMs ?? 0);
  const playing = current?.playing ?? false;
  const setTime = (t: number) => setPosition((p) => ({ seq, time: t, playing: p?.seq === seq ? p.playing : false }));
  const setPlaying = (on: boolean) => setPosition((p) => ({ seq, time: p?.seq === seq ? p.time : time, playing: on }));
  // A replay's view depends only on the position: computed when it moves, not on every tick.
  const replayView = useMemo(() => session?.viewAt(time) ?? null, [session, time]);
  const view = replayView ?? (store ? store.view() : emptyView());
  const chart = session ? (session.machine ?? description) : description;
  const wide = size.width >= WIDE_PANEL;
  const compact = size.width > 0 && size.width < COMPACT_PANEL;

  const onExport = store && !session
    ? () => {
        const json = exportStore(store, description);
        if (options.onExport) options.onExport(json);
        else downloadText(root.current!.ownerDocument, sessionFileName(), json);
      }
    : undefined;
  const actor = transport?.actorRef;
  const onStately = actor && options.stately !== false && !session
    ? () => {
        stately.current?.();
        openStatelyInspector(actor).then(
          (stop) => (stately.current = stop),
          (e: unknown) => console.warn("[pipecat-ws-transport devtools] could not open the Stately inspector:", e),
        );
      }
    : undefined;

  const content = (which: Tab) => {
    switch (which) {
      case "chart":
        return chart ? <StatechartView description={chart} view={view} /> : <div class="empty">the transport exposes no machine</div>;
      case "context":
        return <ContextView view={view} />;
      case "timeline":
        return <TimelineView entries={view.timeline} origin={view.origin} onSeek={session ? (t) => setTime(t) : undefined} />;
      default:
        return (
          <>
            <StatsView stats={view.stats} rates={view.rates} compact={compact} />
            <FrameLogView view={view} compact={compact} actions={store && !session ? { setPaused: (p) => store.setPaused(p), clear: () => store.clear() } : {}} />
          </>
        );
    }
  };
  const tabs: Tab[] = wide ? ["chart", "context", "timeline"] : ["chart", "frames", "context", "timeline"];
  const shownTab = tabs.includes(tab) ? tab : "chart";
  const names: Record<Tab, string> = { chart: "statechart", frames: "frames", context: "context", timeline: "timeline" };
  const tabBar = (
    <div class="tabs" role="tablist">
      {tabs.map((t) => (
        <button key={t} role="tab" aria-selected={t === shownTab} class={t === shownTab ? "on" : ""} data-tab={t} onClick={() => setTab(t)}>
          {names[t]}
          {t === "frames" && view.rows.length ? ` (${view.buffer.size})` : ""}
        </button>
      ))}
    </div>
  );

  return (
    <div class={`panel ${wide ? "wide" : "narrow"}`} ref={root} data-state={view.state} data-mode={view.mode} data-placement={props.placement}>
      <Header
        view={view}
        compact={compact}
        placement={props.placement}
        shortcut={props.shortcut}
        onOpenFile={props.onOpenFile}
        onExport={onExport}
        onStately={onStately}
        onDock={props.onDock}
        onClose={props.onClose}
      />
      {replay?.error && (
        <div class="error-banner" data-role="replay-error">
          could not replay {replay.error}{" "}
          <button onClick={props.onExitReplay}>dismiss</button>
        </div>
      )}
      {session && props.replay && (
        <ReplayBar
          name={props.replay.name}
          time={time}
          duration={session.durationMs}
          playing={playing}
          speed={speed}
          onTime={setTime}
          onPlaying={setPlaying}
          onSpeed={setSpeed}
          onExit={props.onExitReplay}
          live={!!store}
        />
      )}
      <div class="body">
        {wide ? (
          <>
            <section class="pane left">
              {tabBar}
              <div class="tab-body">{content(shownTab)}</div>
            </section>
            <section class="pane right">{content("frames")}</section>
          </>
        ) : (
          <section class="pane">
            {tabBar}
            <div class="tab-body">{content(shownTab)}</div>
          </section>
        )}
      </div>
    </div>
  );
}

export function renderPanel(root: HTMLElement, shadow: ShadowRoot, props: PanelProps): PanelHandle {
  const style = root.ownerDocument.createElement("style");
  style.textContent = PANEL_CSS;
  shadow.append(style);
  render(<PanelApp {...props} />, root);
  return {
    update: (next) => render(<PanelApp {...next} />, root),
    unmount: () => {
      render(null, root);
      style.remove();
    },
  };
}
