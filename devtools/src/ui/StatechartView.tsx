/**
 * The connection statechart, drawn from the machine's definition: one box per state (children
 * nested), each with its outgoing transitions; the current state highlighted, the state just
 * left outlined, and the transition just taken flashed.
 */
import { useMemo } from "preact/hooks";
import type { ChartNode, ChartTransition } from "../model/statechart.js";
import { findTakenTransition, isWithin } from "../model/statechart.js";
import type { TimelineEntry } from "../model/timeline.js";

interface Props {
  chart: ChartNode;
  /** Show every state's transitions, not only those of the active states and the state just left. */
  showAll?: boolean;
  state: string;
  last: TimelineEntry | undefined;
  attempt: number;
  maxAttempts: number | null;
}

function Edge(props: { t: ChartTransition; taken: boolean }) {
  const { t } = props;
  const target = t.targets.length ? t.targets.join(", ") : "↺";
  const guard = t.guard ? ` [${t.guard}]` : "";
  return (
    <span class={`edge${t.targets.length ? "" : " internal"}${props.taken ? " taken" : ""}`} title={`${t.event}${guard} → ${target}`}>
      {t.label}
      {guard} → {target}
    </span>
  );
}

function StateBox(props: { node: ChartNode } & Omit<Props, "chart"> & { takenKey: string | null }) {
  const { node, state, last } = props;
  const active = isWithin(state, node.path);
  const current = state === node.path;
  const was = !active && last !== undefined && last.from === node.path;
  const cls = ["state", node.type, node.key, active ? "active" : "", current ? "current" : "", was ? "was" : ""].filter(Boolean).join(" ");
  // Edges where they matter: what can happen next (active states), and the one just taken.
  const edges = props.showAll || active ? node.transitions : node.transitions.filter((t) => t.key === props.takenKey);
  const attempt = node.key === "reconnecting" && active && props.attempt > 0;
  return (
    <div class={cls} data-state={node.path} key={current ? `${node.path}@${last?.id ?? 0}` : node.path}>
      <span class="name">{node.key}</span>
      {attempt && (
        <span class="attempt">
          {" "}attempt {props.attempt}
          {props.maxAttempts !== null ? `/${props.maxAttempts}` : ""}
        </span>
      )}
      {edges.length > 0 && (
        <div class="edges">
          {edges.map((t) => (
            <Edge key={t.key} t={t} taken={t.key === props.takenKey} />
          ))}
        </div>
      )}
      {node.children.length > 0 && (
        <div class="children">
          {node.children.map((child) => (
            <StateBox {...props} key={child.path} node={child} />
          ))}
        </div>
      )}
    </div>
  );
}

export function StatechartView(props: Props) {
  const { chart, last } = props;
  const taken = useMemo(
    () => (last ? findTakenTransition(chart, last.from, last.to, last.event) : null),
    [chart, last?.id],
  );
  const takenKey = taken?.key ?? null;
  return (
    <div class="chart">
      {chart.transitions.length > 0 && (
        <div class="any">
          from any state:{" "}
          {chart.transitions.map((t) => (
            <Edge key={t.key} t={t} taken={t.key === takenKey} />
          ))}
        </div>
      )}
      {chart.children.map((node) => (
        <StateBox {...props} key={node.path} node={node} takenKey={takenKey} />
      ))}
    </div>
  );
}
