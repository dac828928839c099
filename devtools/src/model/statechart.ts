/**
 * The statechart view's model, read from the machine's own definition (through
 * `describeMachine`, which walks XState 5's `machine.root` / `.states` / `.transitions`), never
 * from a hand-copied list, so the panel stays true when the machine changes.
 */
import type { AnyStateMachine } from "xstate";
import { describeMachine } from "../../../machines/describeMachine.js";
import type { MachineLike } from "../types.js";

/** One transition out of a state, ready to draw. */
export interface ChartTransition {
  /** Unique key (describeMachine's id: `source|eventType|index`). */
  key: string;
  /** Dotted path of the source state (`""` for the machine root: "from any state"). */
  source: string;
  /** Raw event type. */
  event: string;
  /** Human label: `SOCKET.CLOSE`, `after connectTimeout`, `done resolveEndpoint`. */
  label: string;
  /** Guard name, if any. */
  guard: string | null;
  /** Dotted target paths; empty for a targetless (internal) transition. */
  targets: string[];
}

/** One state, with its children and outgoing transitions. */
export interface ChartNode {
  key: string;
  /** Dotted path from the root (`""` for the root). */
  path: string;
  type: string;
  children: ChartNode[];
  transitions: ChartTransition[];
}

/** Strips XState's internal prefixes from an event type, for people. */
export function eventLabel(event: string, sourceId?: string): string {
  if (event.startsWith("xstate.after.")) {
    let rest = event.slice("xstate.after.".length);
    if (sourceId && rest.endsWith(`.${sourceId}`)) rest = rest.slice(0, -(sourceId.length + 1));
    else rest = rest.split(".")[0] ?? rest;
    return /^\d+$/.test(rest) ? `after ${rest} ms` : `after ${rest}`;
  }
  const done = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event);
  if (done) return `${done[1]} ${done[2]}`;
  if (event.startsWith("xstate.done.state.")) return "done";
  if (event === "xstate.init") return "start";
  return event;
}

/** The machine's states and transitions, in document order (read by `describeMachine`). */
export function chartFromMachine(machine: MachineLike): ChartNode {
  const description = describeMachine(machine as unknown as AnyStateMachine);
  const machineId = machine.id ?? machine.root.key;
  const nodes = new Map<string, ChartNode>();
  for (const state of description.states) {
    nodes.set(state.path, { key: state.key, path: state.path, type: state.children.length ? "compound" : "atomic", children: [], transitions: [] });
  }
  for (const state of description.states) {
    if (state.parent !== null) nodes.get(state.parent)?.children.push(nodes.get(state.path)!);
  }
  for (const t of description.transitions) {
    const node = nodes.get(t.source);
    if (!node) continue;
    const sourceId = [machineId, ...(t.source ? t.source.split(".") : [])].join(".");
    node.transitions.push({
      key: t.id,
      source: t.source,
      event: t.eventType,
      label: t.delay !== null ? (/^\d+$/.test(t.delay) ? `after ${t.delay} ms` : `after ${t.delay}`) : t.eventType === "" ? "always" : eventLabel(t.eventType, sourceId),
      guard: t.guard,
      targets: t.targets,
    });
  }
  return nodes.get("")!;
}

/** Every node of the chart, depth first (root first). */
export function allNodes(root: ChartNode): ChartNode[] {
  const out: ChartNode[] = [];
  const walk = (n: ChartNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  walk(root);
  return out;
}

/** True if the dotted `path` is `ancestor` or lies inside it (`""` contains everything). */
export function isWithin(path: string, ancestor: string): boolean {
  return ancestor === "" || path === ancestor || path.startsWith(`${ancestor}.`);
}

function depth(path: string): number {
  return path === "" ? 0 : path.split(".").length;
}

/**
 * The transition that moved the machine from `from` to `to` on `event`: the first one, in
 * document order from the deepest source outwards (XState's priority), whose source contains
 * `from` and whose target contains `to`. Null if none matches (e.g. the chart is of another machine).
 */
export function findTakenTransition(root: ChartNode, from: string, to: string, event: string): ChartTransition | null {
  const sources = allNodes(root)
    .filter((n) => isWithin(from, n.path))
    .sort((a, b) => depth(b.path) - depth(a.path));
  for (const node of sources) {
    for (const t of node.transitions) {
      if (t.event === event && t.targets.some((target) => isWithin(to, target))) return t;
    }
  }
  return null;
}
