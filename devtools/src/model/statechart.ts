/**
 * Which transition of the definition the machine just took, for animating its arrow when the
 * transport does not name it (`StateInspection.transition` absent): the first candidate, from
 * the deepest source outwards and in document order (XState's priority), whose source contains
 * the state left and whose target contains the state entered.
 */
import type { MachineDescription, TransitionDescription } from "../../../machines/describeMachine.js";

/** True if the dotted `path` is `ancestor` or lies inside it (`""` contains everything). */
export function isWithin(path: string, ancestor: string): boolean {
  return ancestor === "" || path === ancestor || path.startsWith(`${ancestor}.`);
}

function depth(path: string): number {
  return path === "" ? 0 : path.split(".").length;
}

/** The transition that moved the machine from `from` to `to` on `event`, or null if none matches. */
export function findTakenTransition(description: MachineDescription, from: string, to: string, event: string): TransitionDescription | null {
  let best: TransitionDescription | null = null;
  for (const t of description.transitions) {
    if (t.eventType !== event || !isWithin(from, t.source)) continue;
    if (!t.targets.some((target) => isWithin(to, target))) continue;
    if (!best || depth(t.source) > depth(best.source)) best = t;
  }
  return best;
}

/** The transition id the panel animates: the transport's, if it named one, else the one found. */
export function takenTransitionId(
  description: MachineDescription,
  entry: { from: string; to: string; event: string; transition: string | null } | undefined,
): string | null {
  if (!entry) return null;
  if (entry.transition && description.transitions.some((t) => t.id === entry.transition)) return entry.transition;
  return findTakenTransition(description, entry.from, entry.to, entry.event)?.id ?? null;
}
