import { describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connectionMachine.js";
import { allNodes, chartFromMachine, eventLabel, findTakenTransition } from "../../devtools/src/model/statechart.js";

/** Every state path and transition of the real machine, walked straight from XState's state nodes. */
function walkXState() {
  const states: string[] = [];
  const transitions: string[] = [];
  const visit = (node: typeof connectionMachine.root) => {
    const path = node.path.join(".");
    states.push(path);
    for (const [event, list] of node.transitions) {
      for (const t of list) transitions.push(`${path}|${event}|${(t.target ?? []).map((n) => n.path.join(".")).join(",")}`);
    }
    Object.values(node.states).forEach((child) => visit(child as typeof node));
  };
  visit(connectionMachine.root);
  return { states, transitions };
}

describe("statechart model from the real connection machine", () => {
  const chart = chartFromMachine(connectionMachine);

  it("has every state and every transition of the definition, in document order", () => {
    const expected = walkXState();
    const nodes = allNodes(chart);
    expect(nodes.map((n) => n.path)).toEqual(expected.states);
    expect(nodes.flatMap((n) => n.transitions.map((t) => `${t.source}|${t.event}|${t.targets.join(",")}`))).toEqual(expected.transitions);
    // The shape DESIGN.md promises is there (names may change; then this line changes with them).
    expect(expected.states).toEqual(expect.arrayContaining(["idle", "connecting", "connected.ready", "reconnecting", "disconnected"]));
  });

  it("labels transitions for people (delays, invoked actors, guards)", () => {
    const connecting = allNodes(chart).find((n) => n.path === "connecting")!;
    expect(connecting.transitions.map((t) => t.label)).toContain("after connectTimeout");
    const resolving = allNodes(chart).find((n) => n.path === "resolvingEndpoint")!;
    expect(resolving.transitions.map((t) => t.label)).toEqual(["done resolveEndpoint", "error resolveEndpoint"]);
    const connected = allNodes(chart).find((n) => n.path === "connected")!;
    expect(connected.transitions.map((t) => t.guard)).toEqual(["isCleanClose", "canReconnect", null]);
    expect(chart.transitions.map((t) => `${t.label}→${t.targets}`)).toEqual(["DISCONNECT→disconnecting"]);
  });

  it("finds the transition taken, honouring guard order and nesting", () => {
    const reconnect = findTakenTransition(chart, "connected.ready", "reconnecting.backoff", "SOCKET.CLOSE");
    expect(reconnect).toMatchObject({ source: "connected", guard: "canReconnect", targets: ["reconnecting"] });
    const fatal = findTakenTransition(chart, "reconnecting.opening", "disconnected", "SOCKET.CLOSE");
    expect(fatal).toMatchObject({ source: "reconnecting.opening", guard: null });
    const anyState = findTakenTransition(chart, "connected.ready", "disconnecting", "DISCONNECT");
    expect(anyState).toMatchObject({ source: "", targets: ["disconnecting"] });
    expect(findTakenTransition(chart, "idle", "connected.ready", "NOPE")).toBeNull();
  });

  it("turns XState's internal event names into short labels", () => {
    expect(eventLabel("xstate.after.backoff.connection.reconnecting.backoff")).toBe("after backoff");
    expect(eventLabel("xstate.after.500.connection.x", "connection.x")).toBe("after 500 ms");
    expect(eventLabel("xstate.done.actor.teardown")).toBe("done teardown");
    expect(eventLabel("SOCKET.OPEN")).toBe("SOCKET.OPEN");
  });
});
