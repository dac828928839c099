/**
 * The statechart as a diagram, laid out from the machine's own definition (`describeMachine`),
 * so a new state or transition appears without anyone touching this file. States are boxes
 * (compound states contain their children, laid out as a level of their own), every transition
 * with a target is an arrow with its label (event, guard, delay), every targetless or self
 * transition is a row with a loop arrow inside its state, and each compound state has an
 * initial-state dot. Transitions defined on a compound state for its own descendants (the
 * machine root's "from any state") leave from an `any` chip inside it.
 *
 * Pure: numbers in, numbers out; the SVG view only draws what this returns.
 */
import type { MachineDescription, StateDescription, TransitionDescription } from "../../../../machines/describeMachine.js";
import { layered, type Direction, type LayeredEdge, type LayeredNode, type PlacedNode } from "./layered.js";
import { LABEL_FONT, NAME_FONT, labelLines, textWidth, transitionText } from "./labels.js";
import { attach, edgePath, loopGlyph, spreadAttachments, type Attachment, type Box, type Waypoint } from "./routes.js";
import { isWithin } from "../statechart.js";

export type { Box } from "./routes.js";
export type { Direction } from "./layered.js";

export interface DiagramOptions {
  /** Flow of the top level. */
  direction: Direction;
  /** Flow inside compound states. */
  innerDirection: Direction;
  /** Labels wrap (between words) past this many characters. */
  labelChars: number;
}

export interface DiagramState extends Box {
  path: string;
  key: string;
  depth: number;
  compound: boolean;
  /** Where the name's baseline starts. */
  nameX: number;
  nameY: number;
}

/** A targetless or self transition, drawn as a row inside its state (or the `any` chip). */
export interface DiagramRow {
  /** The describeMachine transition id. */
  id: string;
  /** State path, or pseudo id, of the box it sits in. */
  owner: string;
  text: string;
  /** Baseline start of the text. */
  x: number;
  y: number;
  /** The loop arrow before the text. */
  d: string;
  head: string;
  /** True for a self transition (exits and re-enters), false for a targetless one. */
  self: boolean;
}

/**
 * A transition with a target: one arrow per target. Transitions with the same source and target
 * share a route and a label box (`bundle`), each with its own lines in it.
 */
export interface DiagramEdge {
  /** The describeMachine transition id (a multi-target transition has one edge per target). */
  id: string;
  source: string;
  target: string;
  /** Index of the route shared with the other transitions between the same two states. */
  bundle: number;
  lines: string[];
  /** This transition's lines in its bundle's label box: where the first baseline is. */
  textX: number;
  textY: number;
  /** The bundle's label box. */
  label: Box;
  d: string;
  head: string;
}

/** An initial-state marker: a dot and an arrow into the initial child. */
export interface DiagramInitial {
  parent: string;
  target: string;
  cx: number;
  cy: number;
  d: string;
  head: string;
}

/** The `any` chip transitions of a compound state to its own descendants leave from. */
export interface DiagramPseudo extends Box {
  id: string;
  parent: string;
  text: string;
}

export interface Diagram {
  width: number;
  height: number;
  states: DiagramState[];
  edges: DiagramEdge[];
  rows: DiagramRow[];
  initials: DiagramInitial[];
  pseudos: DiagramPseudo[];
  options: DiagramOptions;
}

// Geometry (SVG user units).
const PAD = 8; // inside a compound state, around its children
const NAME_LINE = 20; // a state's name line
const ROW = 13; // one transition row
const PAD_X = 8; // text inset in an atomic state
const RANK_GAP = 18;
const NODE_GAP = 10;
const LABEL_LINE = 12;
const DOT = 10;
const GLYPH = 13; // loop arrow + space before a row's text

const anyId = (state: string) => `any:${state}`;

interface EdgeSpec {
  t: TransitionDescription;
  target: string;
  lines: string[];
}

/** Transitions between the same two boxes of a level: one route, one label box. */
interface Bundle {
  from: string; // node id at the level (a child path or an `any:` id)
  to: string;
  source: string; // the box the arrow leaves (a state path or an `any:` id)
  target: string;
  members: EdgeSpec[];
}

interface LevelLayout {
  out: ReturnType<typeof layered>;
  /** Offset of the level's content inside the state box. */
  ox: number;
  oy: number;
  bundles: Bundle[];
  direction: Direction;
}

function bundleLines(b: Bundle): number {
  return b.members.reduce((n, m) => n + m.lines.length, 0);
}

function bundleSize(b: Bundle): { w: number; h: number } {
  return {
    w: Math.max(...b.members.flatMap((m) => m.lines.map((l) => textWidth(l, LABEL_FONT)))) + 8,
    h: bundleLines(b) * LABEL_LINE + (b.members.length - 1) * 2 + 4,
  };
}

/** The child of `level` on the way down to `path` (which lies strictly inside `level`). */
function childOf(level: string, path: string): string {
  const rest = level === "" ? path : path.slice(level.length + 1);
  const head = rest.split(".")[0]!;
  return level === "" ? head : `${level}.${head}`;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf(".");
  return i < 0 ? "" : path.slice(0, i);
}

/** The deepest state that strictly contains both `a` and `b` (the root contains everything). */
function strictCommonAncestor(a: string, b: string): string {
  let level = parentOf(a);
  while (level !== "" && !(isWithin(b, level) && b !== level)) level = parentOf(level);
  return level;
}

export function layoutDiagram(description: MachineDescription, options: DiagramOptions): Diagram {
  const states = new Map<string, StateDescription>(description.states.map((s) => [s.path, s]));
  const rowsOf = new Map<string, { t: TransitionDescription; self: boolean }[]>();
  const addRow = (owner: string, t: TransitionDescription, self: boolean) => (rowsOf.get(owner) ?? rowsOf.set(owner, []).get(owner)!).push({ t, self });
  const bundlesAt = new Map<string, Bundle[]>();
  const needsAny = new Set<string>();

  for (const t of description.transitions) {
    if (!states.has(t.source)) continue;
    if (t.targets.length === 0) {
      if (t.source === "") needsAny.add("");
      addRow(t.source === "" ? anyId("") : t.source, t, false);
      continue;
    }
    for (const target of t.targets) {
      if (!states.has(target)) continue;
      let level: string;
      let from: string;
      if (target === t.source) {
        addRow(t.source === "" ? anyId("") : t.source, t, true);
        continue;
      } else if (isWithin(target, t.source)) {
        level = t.source; // to its own descendant: from the `any` chip inside it
        from = anyId(level);
        needsAny.add(level);
      } else {
        level = strictCommonAncestor(t.source, target);
        from = childOf(level, t.source);
      }
      const to = childOf(level, target);
      if (from === to) {
        addRow(to, t, true); // leaves and re-enters this child (e.g. a child targets its parent)
        continue;
      }
      const source = from.startsWith("any:") ? from : t.source;
      const list = bundlesAt.get(level) ?? bundlesAt.set(level, []).get(level)!;
      let bundle = list.find((b) => b.source === source && b.target === target);
      if (!bundle) list.push((bundle = { from, to, source, target, members: [] }));
      bundle.members.push({ t, target, lines: labelLines(t, options.labelChars) });
    }
  }

  const rowWidth = (owner: string) => Math.max(0, ...(rowsOf.get(owner) ?? []).map((r) => GLYPH + textWidth(transitionText(r.t), LABEL_FONT)));
  const rowCount = (owner: string) => rowsOf.get(owner)?.length ?? 0;
  const anyText = (state: string) => (state === "" ? "any state" : "any");

  // Bottom-up sizes; compound states lay their children out as a level.
  const size = new Map<string, { w: number; h: number }>();
  const levels = new Map<string, LevelLayout>();
  const sizeOf = (path: string): { w: number; h: number } => {
    const known = size.get(path);
    if (known) return known;
    const s = states.get(path)!;
    let result: { w: number; h: number };
    if (!s.children.length) {
      const rows = rowCount(path);
      result = {
        w: Math.max(textWidth(s.key, NAME_FONT), rowWidth(path)) + 2 * PAD_X,
        h: NAME_LINE + 4 + rows * ROW + (rows ? 3 : 0),
      };
    } else {
      const direction = path === "" ? options.direction : options.innerDirection;
      const nodes: LayeredNode[] = [];
      const edges: LayeredEdge[] = [];
      const initial = s.initial ? (path === "" ? s.initial : `${path}.${s.initial}`) : null;
      if (initial && states.has(initial)) {
        nodes.push({ id: `init:${path}`, w: DOT, h: DOT });
        edges.push({ from: `init:${path}`, to: initial });
      }
      for (const key of s.children) {
        const child = path === "" ? key : `${path}.${key}`;
        nodes.push({ id: child, ...sizeOf(child) });
      }
      if (needsAny.has(path)) {
        const rows = rowCount(anyId(path));
        nodes.push({
          id: anyId(path),
          w: Math.max(textWidth(anyText(path), LABEL_FONT) + 14, rowWidth(anyId(path)) + 12),
          h: 18 + rows * ROW + (rows ? 2 : 0),
        });
      }
      const bundles = bundlesAt.get(path) ?? [];
      for (const b of bundles) edges.push({ from: b.from, to: b.to, label: bundleSize(b) });
      const out = layered({ nodes, edges, direction, rankGap: RANK_GAP, nodeGap: NODE_GAP, first: new Set([`init:${path}`]) });
      if (path === "") {
        levels.set(path, { out, ox: 0, oy: 0, bundles, direction });
        result = { w: out.width, h: out.height };
      } else {
        const rows = rowCount(path);
        const headerW = Math.max(textWidth(s.key, NAME_FONT), rowWidth(path)) + 2 * PAD_X;
        const headerH = NAME_LINE + rows * ROW + (rows ? 2 : 0);
        const w = Math.max(out.width + 2 * PAD, headerW);
        levels.set(path, { out, ox: (w - out.width) / 2, oy: headerH, bundles, direction });
        result = { w, h: headerH + out.height + PAD };
      }
    }
    size.set(path, result);
    return result;
  };
  const total = sizeOf("");

  // Top-down absolute positions.
  const boxes = new Map<string, Box>([["", { x: 0, y: 0, w: total.w, h: total.h }]]);
  const diagramStates: DiagramState[] = [];
  const pseudos: DiagramPseudo[] = [];
  const placeLevel = (path: string) => {
    const level = levels.get(path);
    if (!level) return;
    const box = boxes.get(path)!;
    const origin = { x: box.x + level.ox, y: box.y + level.oy };
    const boxOf = (n: PlacedNode): Box => ({ x: origin.x + n.x - n.w / 2, y: origin.y + n.y - n.h / 2, w: n.w, h: n.h });
    for (const n of level.out.nodes.values()) {
      boxes.set(n.id, boxOf(n));
      if (n.id.startsWith("any:")) pseudos.push({ id: n.id, parent: path, text: anyText(path), ...boxOf(n) });
    }
    for (const key of states.get(path)!.children) placeLevel(path === "" ? key : `${path}.${key}`);
  };
  placeLevel("");
  for (const s of description.states) {
    if (s.path === "") continue;
    const b = boxes.get(s.path)!;
    diagramStates.push({
      path: s.path, key: s.key, depth: s.depth, compound: s.children.length > 0, ...b,
      nameX: b.x + PAD_X, nameY: b.y + 15,
    });
  }

  // Arrows: anchors first (so edges sharing a side spread out), then paths.
  const pending: { bundle: Bundle; start: Attachment; end: Attachment; waypoints: Waypoint[]; dir: Direction; label: Box }[] = [];
  const attachments: Attachment[] = [];
  const initials: { parent: string; target: string; dot: Box; end: Attachment; dir: Direction }[] = [];
  for (const [path, level] of levels) {
    const box = boxes.get(path)!;
    const origin = { x: box.x + level.ox, y: box.y + level.oy };
    const initNode = level.out.nodes.get(`init:${path}`);
    if (initNode) {
      const s = states.get(path)!;
      const target = path === "" ? s.initial! : `${path}.${s.initial}`;
      const dot = boxes.get(`init:${path}`)!;
      const end = attach(target, boxes.get(target)!, { x: dot.x + DOT / 2, y: dot.y + DOT / 2 }, level.direction);
      attachments.push(end);
      initials.push({ parent: path, target, dot, end, dir: level.direction });
    }
    // Edges of this level, in the order layered() got them (after the initial edge).
    const offset = initNode ? 1 : 0;
    level.bundles.forEach((bundle, i) => {
      const raw = level.out.waypoints[i + offset]!;
      const labelNode = raw.find((w) => w.label);
      const { w, h } = bundleSize(bundle);
      const waypoints: Waypoint[] = raw.map((p) => ({ x: origin.x + p.x, y: origin.y + p.y, ...(p.label ? { label: { w, h } } : {}) }));
      const labelCentre = labelNode ? { x: origin.x + labelNode.x, y: origin.y + labelNode.y } : waypoints[0]!;
      const sourceBox = boxes.get(bundle.source)!;
      const targetBox = boxes.get(bundle.target)!;
      const start = attach(bundle.source, sourceBox, waypoints[0] ?? centre(targetBox), level.direction);
      const end = attach(bundle.target, targetBox, waypoints[waypoints.length - 1] ?? centre(sourceBox), level.direction);
      attachments.push(start, end);
      pending.push({ bundle, start, end, waypoints, dir: level.direction, label: { x: labelCentre.x - w / 2, y: labelCentre.y - h / 2, w, h } });
    });
  }
  spreadAttachments(attachments);

  const edges: DiagramEdge[] = [];
  pending.forEach(({ bundle, start, end, waypoints, dir, label }, index) => {
    const path = edgePath(start, waypoints, end, dir);
    let y = label.y + 2 + LABEL_LINE - 3;
    for (const m of bundle.members) {
      edges.push({ id: m.t.id, source: m.t.source, target: m.target, bundle: index, lines: m.lines, textX: label.x + label.w / 2, textY: y, label, ...path });
      y += m.lines.length * LABEL_LINE + 2;
    }
  });
  const diagramInitials: DiagramInitial[] = initials.map(({ parent, target, dot, end, dir }) => {
    const c = centre(dot);
    const start: Attachment = { box: { x: c.x, y: c.y, w: 0, h: 0 }, boxId: `init:${parent}`, side: dir === "LR" ? "right" : "bottom", wish: 0, at: dir === "LR" ? c.y : c.x };
    return { parent, target, cx: c.x, cy: c.y, ...edgePath(start, [], end, dir) };
  });

  const rows: DiagramRow[] = [];
  for (const [owner, list] of rowsOf) {
    const box = boxes.get(owner);
    if (!box) continue;
    const isPseudo = owner.startsWith("any:");
    const top = box.y + (isPseudo ? 16 : NAME_LINE + 1);
    list.forEach((r, i) => {
      const y = top + i * ROW + 9;
      const x = box.x + (isPseudo ? 6 : PAD_X);
      rows.push({ id: r.t.id, owner, text: transitionText(r.t), x: x + GLYPH, y, self: r.self, ...loopGlyph(x + 4, y - 3.5) });
    });
  }

  return { width: total.w, height: total.h, states: diagramStates, edges, rows, initials: diagramInitials, pseudos, options };
}

function centre(b: Box) {
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}
