/**
 * A small layered ("Sugiyama") layout for one level of the statechart: nodes of known size and
 * directed edges in, ranks, an order within each rank and centre coordinates out. Cycles are
 * broken by a depth-first search in document order, ranks are longest paths tightened towards
 * the side with more edges, orders come from barycentre sweeps (keeping the one with fewest
 * crossings), and positions within a rank from an exact least-squares fit to the neighbours
 * (pool-adjacent-violators), so long chains run straight. Deterministic and pure: the same
 * input always gives the same picture.
 */

/** Flow of a level: ranks left to right, or top to bottom. */
export type Direction = "LR" | "TB";

export interface LayeredNode {
  id: string;
  /** Extent along x and y. */
  w: number;
  h: number;
}

export interface LayeredEdge {
  from: string;
  to: string;
  /** Size of the edge's label: it becomes a node of its own, in the rank next to the edge's source. */
  label?: { w: number; h: number };
}

export interface LayeredInput {
  nodes: LayeredNode[];
  /** Edges between distinct nodes; each becomes a chain through one node per rank it spans. */
  edges: LayeredEdge[];
  direction: Direction;
  /** Gap between ranks (along the flow) and between nodes of a rank (across it). */
  rankGap: number;
  nodeGap: number;
  /** Nodes that must stay in the first rank (the initial-state dot). */
  first?: ReadonlySet<string>;
}

export interface PlacedNode extends LayeredNode {
  rank: number;
  /** Centre, relative to the level's top-left corner. */
  x: number;
  y: number;
}

export interface LayeredOutput {
  nodes: Map<string, PlacedNode>;
  /**
   * Per input edge, in order: the centres it passes through from source to target — one per rank
   * it spans; `label` marks the centre of its label.
   */
  waypoints: { x: number; y: number; label: boolean }[][];
  /** Per input edge: true if it runs against the flow (it closed a cycle). */
  reversed: boolean[];
  width: number;
  height: number;
}

interface Item {
  id: string;
  w: number;
  h: number;
  rank: number;
  pos: number; // centre across the flow
  dummy: boolean;
}

/** Extent of an item along the flow (`along`) and across it (`across`). */
const along = (n: { w: number; h: number }, dir: Direction) => (dir === "LR" ? n.w : n.h);
const across = (n: { w: number; h: number }, dir: Direction) => (dir === "LR" ? n.h : n.w);

/** Edges that close a cycle, found by DFS from `first` nodes, then the rest, in input order. */
function backEdges(ids: string[], edges: LayeredEdge[], first: ReadonlySet<string>): boolean[] {
  const out = new Map<string, number[]>();
  edges.forEach((e, i) => (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(i));
  const state = new Map<string, 1 | 2>(); // 1 on stack, 2 done
  const reversed = edges.map(() => false);
  const visit = (id: string) => {
    state.set(id, 1);
    for (const i of out.get(id) ?? []) {
      const to = edges[i]!.to;
      const s = state.get(to);
      if (s === 1) reversed[i] = true;
      else if (s === undefined) visit(to);
    }
    state.set(id, 2);
  };
  for (const id of [...ids.filter((id) => first.has(id)), ...ids]) if (!state.has(id)) visit(id);
  return reversed;
}

/** An arc of the acyclic orientation, spanning at least `min` ranks. */
type Arc = [from: string, to: string, min: number];

/** Longest-path ranks on the acyclic orientation, then slack removed node by node. */
function assignRanks(ids: string[], arcs: Arc[], first: ReadonlySet<string>): Map<string, number> {
  const preds = new Map<string, { id: string; min: number }[]>(ids.map((id) => [id, []]));
  const succs = new Map<string, { id: string; min: number }[]>(ids.map((id) => [id, []]));
  for (const [a, b, min] of arcs) {
    succs.get(a)!.push({ id: b, min });
    preds.get(b)!.push({ id: a, min });
  }
  const rank = new Map<string, number>();
  const resolve = (id: string): number => {
    const known = rank.get(id);
    if (known !== undefined) return known;
    rank.set(id, 0); // acyclic, but guard against surprises
    const r = Math.max(0, ...preds.get(id)!.map((p) => resolve(p.id) + p.min));
    rank.set(id, r);
    return r;
  };
  ids.forEach(resolve);
  // Pull each node towards the side with more edges, within its feasible interval.
  for (let pass = 0; pass < 8; pass++) {
    let moved = false;
    for (const id of [...ids].reverse()) {
      if (first.has(id)) continue;
      const p = preds.get(id)!;
      const s = succs.get(id)!;
      const lo = p.length ? Math.max(...p.map((q) => rank.get(q.id)! + q.min)) : -Infinity;
      const hi = s.length ? Math.min(...s.map((q) => rank.get(q.id)! - q.min)) : Infinity;
      const r = rank.get(id)!;
      const want = s.length > p.length && Number.isFinite(hi) ? hi : p.length > s.length && Number.isFinite(lo) ? lo : r;
      if (want !== r && want >= 0) {
        rank.set(id, want);
        moved = true;
      }
    }
    if (!moved) break;
  }
  // First-rank nodes sit just before their successors, which may have moved.
  for (const id of ids) {
    if (!first.has(id)) continue;
    const s = succs.get(id)!;
    if (s.length) rank.set(id, Math.max(0, Math.min(...s.map((q) => rank.get(q.id)! - q.min))));
  }
  const min = Math.min(0, ...rank.values());
  for (const [id, r] of rank) rank.set(id, r - min);
  return rank;
}

function countCrossings(ranks: Item[][], arcs: [Item, Item][]): number {
  let crossings = 0;
  const index = new Map<Item, number>();
  ranks.forEach((r) => r.forEach((item, i) => index.set(item, i)));
  const byRank = new Map<number, [number, number][]>();
  for (const [a, b] of arcs) (byRank.get(a.rank) ?? byRank.set(a.rank, []).get(a.rank)!).push([index.get(a)!, index.get(b)!]);
  for (const list of byRank.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a1, b1] = list[i]!;
        const [a2, b2] = list[j]!;
        if ((a1 - a2) * (b1 - b2) < 0) crossings++;
      }
    }
  }
  return crossings;
}

/** Barycentre sweeps; returns the ordering with the fewest crossings seen. */
function orderRanks(ranks: Item[][], arcs: [Item, Item][]): Item[][] {
  const up = new Map<Item, Item[]>();
  const down = new Map<Item, Item[]>();
  for (const [a, b] of arcs) {
    (down.get(a) ?? down.set(a, []).get(a)!).push(b);
    (up.get(b) ?? up.set(b, []).get(b)!).push(a);
  }
  let best = ranks.map((r) => [...r]);
  let bestCrossings = countCrossings(best, arcs);
  const current = best.map((r) => [...r]);
  for (let sweep = 0; sweep < 12 && bestCrossings > 0; sweep++) {
    const downward = sweep % 2 === 0;
    const sequence = downward ? current.map((_, i) => i).slice(1) : current.map((_, i) => i).reverse().slice(1);
    for (const r of sequence) {
      const neighbourRank = current[downward ? r - 1 : r + 1]!;
      const at = new Map(neighbourRank.map((item, i) => [item, i]));
      const keyed = current[r]!.map((item, i) => {
        const ns = (downward ? up : down).get(item)?.filter((n) => at.has(n)) ?? [];
        return { item, key: ns.length ? ns.reduce((sum, n) => sum + at.get(n)!, 0) / ns.length : i, i };
      });
      keyed.sort((a, b) => a.key - b.key || a.i - b.i);
      current[r] = keyed.map((k) => k.item);
    }
    const crossings = countCrossings(current, arcs);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = current.map((r) => [...r]);
    }
  }
  return best;
}

/**
 * Positions minimising Σ w·(p − desired)² with p[i+1] − p[i] ≥ sep[i] (order kept):
 * isotonic regression on shifted targets, by pool-adjacent-violators.
 */
export function fitPositions(desired: number[], weights: number[], sep: number[]): number[] {
  const offset = [0];
  for (let i = 1; i < desired.length; i++) offset.push(offset[i - 1]! + sep[i - 1]!);
  const blocks: { value: number; weight: number; count: number }[] = [];
  desired.forEach((d, i) => {
    blocks.push({ value: d - offset[i]!, weight: weights[i]!, count: 1 });
    while (blocks.length > 1 && blocks[blocks.length - 2]!.value > blocks[blocks.length - 1]!.value) {
      const b = blocks.pop()!;
      const a = blocks.pop()!;
      const weight = a.weight + b.weight;
      blocks.push({ value: (a.value * a.weight + b.value * b.weight) / weight, weight, count: a.count + b.count });
    }
  });
  const out: number[] = [];
  for (const b of blocks) for (let k = 0; k < b.count; k++) out.push(b.value + offset[out.length]!);
  return out;
}

export function layered(input: LayeredInput): LayeredOutput {
  const { direction: dir, rankGap, nodeGap } = input;
  const first = input.first ?? new Set<string>();
  const ids = input.nodes.map((n) => n.id);
  const reversed = backEdges(ids, input.edges, first);
  const oriented: Arc[] = input.edges.map((e, i) => {
    const min = e.label ? 2 : 1;
    return reversed[i] ? [e.to, e.from, min] : [e.from, e.to, min];
  });
  const rank = assignRanks(ids, oriented, first);

  const items = new Map<string, Item>(input.nodes.map((n) => [n.id, { id: n.id, w: n.w, h: n.h, rank: rank.get(n.id)!, pos: 0, dummy: false }]));
  const arcs: [Item, Item][] = []; // between consecutive ranks
  const chains: Item[][] = [];
  const labelItems: (Item | null)[] = [];
  oriented.forEach(([a, b], i) => {
    const from = items.get(a)!;
    const to = items.get(b)!;
    const label = input.edges[i]!.label;
    // The label sits next to the edge's own source: first after it, or last before it if reversed.
    const labelRank = label ? (reversed[i] ? to.rank - 1 : from.rank + 1) : -1;
    const chain: Item[] = [];
    let labelItem: Item | null = null;
    let prev = from;
    for (let r = from.rank + 1; r < to.rank; r++) {
      const isLabel = r === labelRank && label !== undefined;
      const d: Item = { id: `~${i}:${r}`, w: isLabel ? label.w : 2, h: isLabel ? label.h : 2, rank: r, pos: 0, dummy: !isLabel };
      if (isLabel) labelItem = d;
      chain.push(d);
      arcs.push([prev, d]);
      prev = d;
    }
    arcs.push([prev, to]);
    chains.push(chain);
    labelItems.push(labelItem);
  });

  const rankCount = Math.max(0, ...[...items.values()].map((it) => it.rank + 1));
  const initial: Item[][] = Array.from({ length: rankCount }, () => []);
  // Initial order: nodes in input order, dummies after the node they leave.
  for (const id of ids) initial[items.get(id)!.rank]!.push(items.get(id)!);
  chains.forEach((chain) => chain.forEach((d) => initial[d.rank]!.push(d)));
  const ranks = orderRanks(initial, arcs);

  // Across the flow: packed first, then relaxed towards neighbours, several sweeps.
  const neighbours = new Map<Item, Item[]>();
  for (const [a, b] of arcs) {
    (neighbours.get(a) ?? neighbours.set(a, []).get(a)!).push(b);
    (neighbours.get(b) ?? neighbours.set(b, []).get(b)!).push(a);
  }
  const sepOf = (r: Item[]) => r.slice(1).map((item, i) => (across(r[i]!, dir) + across(item, dir)) / 2 + (item.dummy || r[i]!.dummy ? nodeGap / 2 : nodeGap));
  for (const r of ranks) {
    const sep = sepOf(r);
    let p = across(r[0] ?? { w: 0, h: 0 }, dir) / 2;
    r.forEach((item, i) => {
      if (i > 0) p += sep[i - 1]!;
      item.pos = p;
    });
  }
  for (let sweep = 0; sweep < 16; sweep++) {
    const order = sweep % 2 === 0 ? ranks : [...ranks].reverse();
    for (const r of order) {
      if (!r.length) continue;
      const desired = r.map((item) => {
        const ns = neighbours.get(item) ?? [];
        if (!ns.length) return item.pos;
        // Dummies pull harder, so long edges stay straight.
        let sum = 0;
        let weight = 0;
        for (const n of ns) {
          const w = n.dummy && item.dummy ? 4 : n.dummy || item.dummy ? 2 : 1;
          sum += n.pos * w;
          weight += w;
        }
        return sum / weight;
      });
      const weights = r.map((item) => (item.dummy ? 1 : 2));
      const fitted = fitPositions(desired, weights, sepOf(r));
      r.forEach((item, i) => (item.pos = fitted[i]!));
    }
  }

  // Along the flow: each rank as thick as its thickest item.
  const thickness = ranks.map((r) => Math.max(0, ...r.map((item) => along(item, dir))));
  const start: number[] = [];
  let cursor = 0;
  thickness.forEach((t, i) => {
    start.push(cursor);
    cursor += t + (i < thickness.length - 1 ? rankGap : 0);
  });
  const all = ranks.flat();
  const minPos = Math.min(0, ...all.map((item) => item.pos - across(item, dir) / 2));
  const maxPos = Math.max(0, ...all.map((item) => item.pos + across(item, dir) / 2));
  const centre = (item: Item) => {
    const a = start[item.rank]! + thickness[item.rank]! / 2;
    const c = item.pos - minPos;
    return dir === "LR" ? { x: a, y: c } : { x: c, y: a };
  };

  const nodes = new Map<string, PlacedNode>();
  input.nodes.forEach((n) => {
    const item = items.get(n.id)!;
    nodes.set(n.id, { ...n, rank: item.rank, ...centre(item) });
  });
  const waypoints = chains.map((chain, i) => {
    const points = chain.map((item) => ({ ...centre(item), label: item === labelItems[i] }));
    return reversed[i] ? points.reverse() : points;
  });
  const length = cursor;
  const breadth = maxPos - minPos;
  return { nodes, waypoints, reversed, width: dir === "LR" ? length : breadth, height: dir === "LR" ? breadth : length };
}
