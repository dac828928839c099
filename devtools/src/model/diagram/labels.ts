/**
 * Words of the diagram: transition labels for people (event, guard, delay) and how much room
 * text takes. The diagram uses a monospace font, so a width is characters × a fixed advance:
 * the layout needs no DOM to measure text, and a name never outgrows its box.
 */
import type { TransitionDescription } from "../../../../machines/describeMachine.js";

/** Font sizes of the diagram, in SVG user units (px at scale 1). */
export const NAME_FONT = 12;
export const LABEL_FONT = 10;
/**
 * Advance of one character as a fraction of the font size. Monospace fonts advance 0.50–0.60 em
 * (DejaVu / Liberation / Menlo 0.60, Consolas 0.55); 0.62 leaves a margin.
 */
export const CHAR_EM = 0.62;

/** Width of `text` at `fontPx`. */
export function textWidth(text: string, fontPx: number): number {
  return Math.ceil(text.length * fontPx * CHAR_EM);
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
  if (event === "") return "always";
  return event;
}

/** The event part of a transition's label: `SOCKET.CLOSE`, `after connectTimeout`, `done resolveEndpoint`. */
export function transitionEvent(t: Pick<TransitionDescription, "eventType" | "delay">): string {
  if (t.delay !== null) return /^\d+$/.test(t.delay) ? `after ${t.delay} ms` : `after ${t.delay}`;
  return eventLabel(t.eventType);
}

/** The whole label on one line: `SOCKET.CLOSE [canReconnect]`. */
export function transitionText(t: Pick<TransitionDescription, "eventType" | "delay" | "guard">): string {
  return t.guard ? `${transitionEvent(t)} [${t.guard}]` : transitionEvent(t);
}

/**
 * The label as lines of at most `maxChars`, broken between words only (a word longer than the
 * limit keeps its own line whole): the event, then the guard on its own line.
 */
export function labelLines(t: Pick<TransitionDescription, "eventType" | "delay" | "guard">, maxChars: number): string[] {
  const lines = wrapWords(transitionEvent(t), maxChars);
  if (t.guard) lines.push(`[${t.guard}]`);
  return lines;
}

/** Greedy word wrap that never breaks inside a word. */
export function wrapWords(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}
