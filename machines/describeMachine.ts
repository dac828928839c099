/**
 * Reads a machine's own definition into plain lists of states and transitions, so tools that
 * show or test the statechart (the devtools panel, the model-based test) never hand-copy it.
 * Pure: works on any XState 5 machine.
 */
import type { AnyStateMachine, AnyStateNode } from "xstate";

/** One state node. `path` is dotted from the root (`connected.ready`); the root is "". */
export interface StateDescription {
  path: string;
  /** Last path segment (the state's key). */
  key: string;
  parent: string | null;
  /** Key of the initial child, for compound states. */
  initial: string | null;
  children: string[];
  depth: number;
}

/** One transition of the definition: a candidate for `eventType` at `source`, in document order. */
export interface TransitionDescription {
  /** Stable id: `source|eventType|index`. */
  id: string;
  source: string;
  eventType: string;
  /** Position among the candidates for this event at this state (guards are tried in order). */
  index: number;
  /** Target state paths; empty for a targetless transition (actions only). */
  targets: string[];
  /** Name of the guard, if any. */
  guard: string | null;
  /** Delay name, for `after` transitions. */
  delay: string | null;
}

export interface MachineDescription {
  states: StateDescription[];
  transitions: TransitionDescription[];
}

function pathOf(node: AnyStateNode): string {
  return node.path.join(".");
}

/** The id of a transition definition as used in {@link TransitionDescription}. */
export function transitionId(source: AnyStateNode, eventType: string, index: number): string {
  return `${pathOf(source)}|${eventType}|${index}`;
}

function guardName(guard: unknown): string | null {
  if (!guard) return null;
  if (typeof guard === "string") return guard;
  if (typeof guard === "object" && guard && "type" in guard) return String((guard as { type: unknown }).type);
  return "inline";
}

/** Lists every state and transition of `machine`. */
export function describeMachine(machine: AnyStateMachine): MachineDescription {
  const states: StateDescription[] = [];
  const transitions: TransitionDescription[] = [];
  const visit = (node: AnyStateNode, depth: number) => {
    const path = pathOf(node);
    const children = Object.keys(node.states);
    states.push({
      path,
      key: node.key,
      parent: node.parent ? pathOf(node.parent) : null,
      initial: children.length ? ((node.config.initial as string | undefined) ?? children[0] ?? null) : null,
      children,
      depth,
    });
    const delays = new Map(node.after.map((a) => [a.eventType, a.delay]));
    for (const [eventType, candidates] of node.transitions) {
      candidates.forEach((t, index) => {
        const delay = delays.get(eventType);
        transitions.push({
          id: transitionId(node, eventType, index),
          source: path,
          eventType,
          index,
          targets: (t.target ?? []).map((target: AnyStateNode) => pathOf(target)),
          guard: guardName(t.guard),
          delay: delay === undefined ? null : String(delay),
        });
      });
    }
    for (const child of Object.values(node.states)) visit(child as AnyStateNode, depth + 1);
  };
  visit(machine.root, 0);
  return { states, transitions };
}
