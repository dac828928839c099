/**
 * The statechart diagram's layout, checked on the real connection machine (whatever states it
 * has today) and on synthetic machines with states and transition shapes it does not have yet
 * (deeper nesting, parallel regions, eventless and numeric-delay transitions, self and
 * child-to-parent transitions, a compound targeting its own child), in every layout variant:
 * every state drawn once and inside its parent, every transition drawn (an arrow, or a row in its
 * state), no overlaps, names that fit their boxes, and the same picture for the same input.
 */
import { describe, expect, it } from "vitest";
import { createMachine } from "xstate";
import { connectionMachine } from "../../machines/connectionMachine.js";
import { describeMachine, type MachineDescription } from "../../machines/describeMachine.js";
import { layoutDiagram, type Box, type Diagram } from "../../devtools/src/model/diagram/diagramLayout.js";
import { fitPositions, layered } from "../../devtools/src/model/diagram/layered.js";
import { NAME_FONT, labelLines, textWidth, wrapWords } from "../../devtools/src/model/diagram/labels.js";
import { DIAGRAM_VARIANTS } from "../../devtools/src/ui/StatechartView.js";

/** A machine with what the connection machine may grow into, and shapes it does not have. */
const synthetic = createMachine({
  id: "synthetic",
  initial: "idle",
  on: { RESET: ".idle", PING: {} },
  states: {
    idle: { on: { GO: "work", GO_DEEP: "work.phase.b", NOOP: { actions: [] } } },
    work: {
      initial: "phase",
      on: { JUMP: ".phase.c", ABORT: "#synthetic.failed" },
      states: {
        phase: {
          initial: "a",
          states: {
            a: { on: { NEXT: "b" }, after: { 500: "c" } },
            b: { always: [{ guard: () => false, target: "c" }], on: { UP: "#synthetic.work" } },
            c: { on: { AGAIN: { target: "c", reenter: true }, DONE: "#synthetic.work.both" } },
          },
        },
        both: {
          type: "parallel",
          states: {
            left: { initial: "l1", states: { l1: { on: { L: "l2" } }, l2: {} } },
            right: { initial: "r1", states: { r1: { on: { R: "r2" } }, r2: {} } },
          },
          on: { FINISH: "#synthetic.done" },
        },
      },
    },
    lonely: {},
    failed: { on: { RETRY: [{ guard: () => true, target: "work" }, { target: "idle" }] } },
    done: { type: "final" },
  },
});

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.01 && inner.y >= outer.y - 0.01 && inner.x + inner.w <= outer.x + outer.w + 0.01 && inner.y + inner.h <= outer.y + outer.h + 0.01;
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;

function checkDiagram(description: MachineDescription, d: Diagram): void {
  const byPath = new Map(d.states.map((s) => [s.path, s]));
  // Every state (but the root) exactly once, inside its parent.
  expect(d.states.map((s) => s.path).sort()).toEqual(description.states.filter((s) => s.path !== "").map((s) => s.path).sort());
  for (const s of description.states) {
    if (!s.parent) continue;
    expect(inside(byPath.get(s.path)!, byPath.get(s.parent)!), `${s.path} inside ${s.parent}`).toBe(true);
  }
  // Siblings never overlap.
  for (const s of description.states) {
    const kids = s.children.map((k) => byPath.get(s.path ? `${s.path}.${k}` : k)!);
    for (let i = 0; i < kids.length; i++) for (let j = i + 1; j < kids.length; j++) expect(overlaps(kids[i]!, kids[j]!), `${kids[i]!.path} / ${kids[j]!.path}`).toBe(false);
  }
  // Every transition is drawn: an arrow per target, or a row in its state for targetless / self ones.
  const drawn = [...d.edges.map((e) => e.id), ...d.rows.map((r) => r.id)];
  for (const t of description.transitions) {
    expect(drawn.filter((id) => id === t.id).length, t.id).toBe(Math.max(1, t.targets.length));
  }
  expect(drawn.length).toBe(description.transitions.reduce((n, t) => n + Math.max(1, t.targets.length), 0));
  // Names fit in their boxes; labels sit on no state box except their containers.
  for (const s of d.states) expect(s.nameX - s.x + textWidth(s.key, NAME_FONT), s.path).toBeLessThanOrEqual(s.w);
  const labels = new Map(d.edges.map((e) => [e.bundle, e]));
  for (const e of labels.values()) {
    for (const s of d.states) {
      if (inside(e.label, s)) continue; // the compound state the label lives in
      expect(overlaps(e.label, s), `label of ${e.id} over ${s.path}`).toBe(false);
    }
  }
  // Paths are well-formed and inside the drawing.
  for (const e of d.edges) {
    expect(e.d).toMatch(/^M[-\d.]+ [-\d.]+( [CM][-\d. ]+)+$/);
    expect(e.head).toMatch(/Z$/);
    for (const n of e.d.match(/-?\d+(\.\d+)?/g)!.map(Number)) expect(Number.isFinite(n)).toBe(true);
  }
  expect(d.width).toBeGreaterThan(0);
  expect(d.height).toBeGreaterThan(0);
}

describe("statechart diagram layout", () => {
  const real = describeMachine(connectionMachine);
  const other = describeMachine(synthetic);

  for (const variant of DIAGRAM_VARIANTS) {
    const name = `${variant.direction}/${variant.innerDirection}/${variant.labelChars}`;
    it(`draws the real connection machine, every state and transition (${name})`, () => {
      checkDiagram(real, layoutDiagram(real, variant));
    });
    it(`draws a machine with states and shapes the connection machine lacks (${name})`, () => {
      checkDiagram(other, layoutDiagram(other, variant));
    });
  }

  it("is deterministic: the same definition gives the same picture", () => {
    const v = DIAGRAM_VARIANTS[0]!;
    expect(JSON.stringify(layoutDiagram(real, v))).toBe(JSON.stringify(layoutDiagram(describeMachine(connectionMachine), v)));
  });

  it("draws root transitions from an `any state` chip, compound-to-child ones from an `any` chip inside it", () => {
    const d = layoutDiagram(other, DIAGRAM_VARIANTS[0]!);
    expect(d.pseudos.map((p) => `${p.parent}:${p.text}`).sort()).toEqual([":any state", "work:any"]);
    const reset = d.edges.find((e) => e.id === "|RESET|0")!;
    expect(reset.source).toBe("");
    const ping = d.rows.find((r) => r.id === "|PING|0")!;
    expect(ping.owner).toBe("any:");
    // The self transition and the child-to-parent one are rows that re-enter.
    expect(d.rows.find((r) => r.id === "work.phase.c|AGAIN|0")).toMatchObject({ self: true, owner: "work.phase.c" });
    expect(d.rows.find((r) => r.id === "work.phase.b|UP|0")).toMatchObject({ self: true, owner: "work" });
  });

  it("bundles transitions between the same two states into one route with one label box", () => {
    const d = layoutDiagram(real, DIAGRAM_VARIANTS[0]!);
    const byPair = new Map<string, Set<number>>();
    for (const e of d.edges) (byPair.get(`${e.source}>${e.target}`) ?? byPair.set(`${e.source}>${e.target}`, new Set()).get(`${e.source}>${e.target}`)!).add(e.bundle);
    for (const [pair, bundles] of byPair) expect(bundles.size, pair).toBe(1);
    const bundle = d.edges.filter((e) => e.source === "disconnecting" && e.target === "disconnected");
    expect(bundle.length).toBeGreaterThanOrEqual(2);
    expect(new Set(bundle.map((e) => e.d)).size).toBe(1);
    expect(new Set(bundle.map((e) => e.textY)).size).toBe(bundle.length); // stacked, not on top of each other
  });
});

describe("layout pieces", () => {
  it("fits positions to wishes while keeping order and separation", () => {
    expect(fitPositions([0, 0, 0], [1, 1, 1], [10, 10])).toEqual([-10, 0, 10]);
    expect(fitPositions([0, 100], [1, 1], [10])).toEqual([0, 100]);
    const p = fitPositions([5, 0], [1, 1], [10]);
    expect(p[1]! - p[0]!).toBeCloseTo(10);
  });

  it("breaks cycles and ranks a chain in order", () => {
    const out = layered({
      nodes: ["a", "b", "c"].map((id) => ({ id, w: 20, h: 10 })),
      edges: [{ from: "a", to: "b" }, { from: "b", to: "c" }, { from: "c", to: "a" }],
      direction: "LR", rankGap: 10, nodeGap: 5,
    });
    expect(["a", "b", "c"].map((id) => out.nodes.get(id)!.rank)).toEqual([0, 1, 2]);
    expect(out.reversed).toEqual([false, false, true]);
    expect(out.waypoints[2]!.length).toBe(1); // c → a runs back through one dummy
  });

  it("wraps labels between words only, guard on its own line", () => {
    expect(wrapWords("after connectTimeout", 10)).toEqual(["after", "connectTimeout"]);
    expect(labelLines({ eventType: "SOCKET.CLOSE", delay: null, guard: "canReconnect" }, 24)).toEqual(["SOCKET.CLOSE", "[canReconnect]"]);
    expect(labelLines({ eventType: "xstate.after.backoff.x", delay: "backoff", guard: null }, 24)).toEqual(["after backoff"]);
    expect(labelLines({ eventType: "xstate.after.500.x", delay: "500", guard: null }, 24)).toEqual(["after 500 ms"]);
    for (const line of labelLines({ eventType: "xstate.error.actor.resolveEndpoint", delay: null, guard: "canRetryHandshake" }, 8)) {
      expect(["error", "resolveEndpoint", "[canRetryHandshake]"]).toContain(line);
    }
  });
});
