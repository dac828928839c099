/**
 * Arrows of the diagram: where an edge leaves and enters a box, the smooth path through its
 * waypoints (interrupted by its label), and the arrowhead. Edges that share a side of a box
 * are spread along it, so each arrow can be told apart. Pure geometry on plain numbers.
 */
import type { Direction } from "./layered.js";

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export type Side = "left" | "right" | "top" | "bottom";

/** Length of an arrowhead along its edge, and half its width. */
export const HEAD_LENGTH = 7;
const HEAD_HALF = 3.5;
/** Keep anchors this far from a box's corners (its rounded corners). */
const CORNER = 6;
/** Spacing of anchors that share a side. */
const SPREAD = 9;

const round = (v: number) => Math.round(v * 10) / 10;

/** The side of `box` an edge towards `p` should use, preferring the sides across the flow. */
export function sideFacing(box: Box, p: Point, dir: Direction): Side {
  const right = box.x + box.w;
  const bottom = box.y + box.h;
  if (dir === "LR") {
    if (p.x >= right) return "right";
    if (p.x <= box.x) return "left";
    return p.y < box.y + box.h / 2 ? "top" : "bottom";
  }
  if (p.y >= bottom) return "bottom";
  if (p.y <= box.y) return "top";
  return p.x < box.x + box.w / 2 ? "left" : "right";
}

/** Outward unit normal of a side. */
export function normal(side: Side): Point {
  return side === "left" ? { x: -1, y: 0 } : side === "right" ? { x: 1, y: 0 } : side === "top" ? { x: 0, y: -1 } : { x: 0, y: 1 };
}

/** The range along a side where anchors may sit, and the point at `t` in it. */
function sideRange(box: Box, side: Side): [number, number] {
  const vertical = side === "left" || side === "right";
  const lo = (vertical ? box.y : box.x) + CORNER;
  const hi = (vertical ? box.y + box.h : box.x + box.w) - CORNER;
  return lo <= hi ? [lo, hi] : [(lo + hi) / 2, (lo + hi) / 2];
}

export function pointOnSide(box: Box, side: Side, t: number): Point {
  switch (side) {
    case "left":
      return { x: box.x, y: t };
    case "right":
      return { x: box.x + box.w, y: t };
    case "top":
      return { x: t, y: box.y };
    default:
      return { x: t, y: box.y + box.h };
  }
}

/** One end of an edge on a box side, before its position along the side is settled. */
export interface Attachment {
  box: Box;
  boxId: string;
  side: Side;
  /** Where along the side it would like to be (the other end's coordinate). */
  wish: number;
  /** Settled position along the side. */
  at: number;
}

export function attach(boxId: string, box: Box, towards: Point, dir: Direction): Attachment {
  const side = sideFacing(box, towards, dir);
  const wish = side === "left" || side === "right" ? towards.y : towards.x;
  return { box, boxId, side, wish, at: wish };
}

/** Settles anchors: alone on its side, an anchor faces its wish; shared sides spread evenly. */
export function spreadAttachments(all: Attachment[]): void {
  const groups = new Map<string, Attachment[]>();
  for (const a of all) (groups.get(`${a.boxId}|${a.side}`) ?? groups.set(`${a.boxId}|${a.side}`, []).get(`${a.boxId}|${a.side}`)!).push(a);
  for (const group of groups.values()) {
    const [lo, hi] = sideRange(group[0]!.box, group[0]!.side);
    const clamp = (v: number) => Math.max(lo, Math.min(hi, v));
    if (group.length === 1) {
      group[0]!.at = clamp(group[0]!.wish);
      continue;
    }
    group.sort((a, b) => a.wish - b.wish);
    const step = Math.min(SPREAD, (hi - lo) / (group.length - 1));
    const span = step * (group.length - 1);
    const mean = group.reduce((s, a) => s + clamp(a.wish), 0) / group.length;
    const start = Math.max(lo, Math.min(hi - span, mean - span / 2));
    group.forEach((a, i) => (a.at = start + i * step));
  }
}

interface Stop {
  p: Point;
  /** Direction of travel at this stop (unit). */
  t: Point;
  /** The path is interrupted after this stop (the label's box follows). */
  gapAfter?: boolean;
}

function unitAlongFlow(from: Point, to: Point, dir: Direction): Point {
  const d = dir === "LR" ? to.x - from.x : to.y - from.y;
  if (Math.abs(d) > 0.5) return dir === "LR" ? { x: Math.sign(d), y: 0 } : { x: 0, y: Math.sign(d) };
  const c = dir === "LR" ? to.y - from.y : to.x - from.x;
  return dir === "LR" ? { x: 0, y: Math.sign(c) || 1 } : { x: Math.sign(c) || 1, y: 0 };
}

/** A waypoint of an edge: the centre of a dummy, or of the label (with its size). */
export interface Waypoint extends Point {
  label?: { w: number; h: number };
}

/** The SVG path (`d`) of an edge and its arrowhead (a closed `d`), between settled anchors. */
export function edgePath(start: Attachment, waypoints: Waypoint[], end: Attachment, dir: Direction): { d: string; head: string } {
  const a = pointOnSide(start.box, start.side, start.at);
  const b = pointOnSide(end.box, end.side, end.at);
  const nIn = normal(end.side);
  const arrive = { x: -nIn.x, y: -nIn.y };
  const stops: Stop[] = [{ p: a, t: normal(start.side) }];
  const points: Point[] = [a, ...waypoints, b];
  waypoints.forEach((w, i) => {
    const t = unitAlongFlow(points[i]!, points[i + 2]!, dir);
    if (w.label) {
      const halfAlong = (t.x !== 0 ? w.label.w : w.label.h) / 2 + 2;
      stops.push({ p: { x: w.x - t.x * halfAlong, y: w.y - t.y * halfAlong }, t, gapAfter: true });
      stops.push({ p: { x: w.x + t.x * halfAlong, y: w.y + t.y * halfAlong }, t });
    } else {
      stops.push({ p: { x: w.x, y: w.y }, t });
    }
  });
  const tip = b;
  const base = { x: b.x - arrive.x * HEAD_LENGTH, y: b.y - arrive.y * HEAD_LENGTH };
  stops.push({ p: base, t: arrive });

  let d = `M${round(stops[0]!.p.x)} ${round(stops[0]!.p.y)}`;
  for (let i = 1; i < stops.length; i++) {
    const prev = stops[i - 1]!;
    const cur = stops[i]!;
    if (prev.gapAfter) {
      d += ` M${round(cur.p.x)} ${round(cur.p.y)}`;
      continue;
    }
    const dist = Math.hypot(cur.p.x - prev.p.x, cur.p.y - prev.p.y);
    const k = Math.max(4, Math.min(60, dist * 0.45));
    d +=
      ` C${round(prev.p.x + prev.t.x * k)} ${round(prev.p.y + prev.t.y * k)}` +
      ` ${round(cur.p.x - cur.t.x * k)} ${round(cur.p.y - cur.t.y * k)} ${round(cur.p.x)} ${round(cur.p.y)}`;
  }
  return { d, head: arrowHead(tip, arrive) };
}

/** A closed triangle with its tip at `tip`, pointing along unit `dir`. */
export function arrowHead(tip: Point, dir: Point): string {
  const bx = tip.x - dir.x * HEAD_LENGTH;
  const by = tip.y - dir.y * HEAD_LENGTH;
  const px = -dir.y * HEAD_HALF;
  const py = dir.x * HEAD_HALF;
  return `M${round(tip.x)} ${round(tip.y)} L${round(bx + px)} ${round(by + py)} L${round(bx - px)} ${round(by - py)} Z`;
}

/** The small loop arrow drawn before a targetless (or self) transition's row: centred at (x, y). */
export function loopGlyph(x: number, y: number): { d: string; head: string } {
  const r = 3.5;
  // Three quarters of a circle, clockwise from the left, ending pointing down on the left side.
  const d = `M${round(x - r)} ${round(y + 1)} A${r} ${r} 0 1 1 ${round(x + 1)} ${round(y + r)}`;
  const tip = { x: x - 1.5, y: y + r };
  return { d, head: `M${round(tip.x - 2.5)} ${round(tip.y - 2.5)} L${round(tip.x)} ${round(tip.y)} L${round(tip.x - 2.5)} ${round(tip.y + 2.5)} Z` };
}
