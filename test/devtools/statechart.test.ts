/**
 * Which arrow the panel animates: the transport's named transition when it gives one, else the
 * one found in the definition (guard order and nesting honoured), on the real machine.
 */
import { describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connectionMachine.js";
import { describeMachine } from "../../machines/describeMachine.js";
import { findTakenTransition, takenTransitionId } from "../../devtools/src/model/statechart.js";
import { eventLabel } from "../../devtools/src/model/diagram/labels.js";

describe("taken transition", () => {
  const d = describeMachine(connectionMachine);

  it("finds the transition taken, honouring guard order and nesting", () => {
    const reconnect = findTakenTransition(d, "connected.ready", "reconnecting.backoff", "SOCKET.CLOSE");
    expect(reconnect).toMatchObject({ source: "connected", guard: "canReconnect", targets: ["reconnecting"] });
    const anyState = findTakenTransition(d, "connected.ready", "disconnecting", "DISCONNECT");
    expect(anyState).toMatchObject({ source: "", targets: ["disconnecting"] });
    expect(findTakenTransition(d, "idle", "connected.ready", "NOPE")).toBeNull();
  });

  it("prefers the transition id the transport names, if the definition has it", () => {
    const named = d.transitions.find((t) => t.source === "connected" && t.guard === null && t.eventType === "SOCKET.CLOSE")!;
    const entry = { from: "connected.ready", to: "disconnected", event: "SOCKET.CLOSE", transition: named.id };
    expect(takenTransitionId(d, entry)).toBe(named.id);
    expect(takenTransitionId(d, { ...entry, transition: "no|such|0" })).toBe(findTakenTransition(d, "connected.ready", "disconnected", "SOCKET.CLOSE")!.id);
    expect(takenTransitionId(d, undefined)).toBeNull();
  });

  it("turns XState's internal event names into short labels", () => {
    expect(eventLabel("xstate.after.backoff.connection.reconnecting.backoff")).toBe("after backoff");
    expect(eventLabel("xstate.after.500.connection.x", "connection.x")).toBe("after 500 ms");
    expect(eventLabel("xstate.done.actor.teardown")).toBe("done teardown");
    expect(eventLabel("")).toBe("always");
    expect(eventLabel("SOCKET.OPEN")).toBe("SOCKET.OPEN");
  });
});
