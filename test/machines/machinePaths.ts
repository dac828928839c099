/**
 * Paths through the real connection machine, generated with `xstate/graph` from the machine's
 * own definition: one path per edge of the reachable graph (shortest path to the edge's source,
 * then the edge), minus paths that are prefixes of others. Each step's event is one the real
 * world can produce in that state; the test turns each into a real action against a real server.
 */
import { getAdjacencyMap, getShortestPaths } from "xstate/graph";
import type { SnapshotFrom } from "xstate";
import { connectionMachine, statePath, type ConnectionEvent } from "../../machines/connectionMachine.js";

export type Snapshot = SnapshotFrom<typeof connectionMachine>;
/** Machine events plus the delayed and actor-completion events XState raises itself. */
export type ModelEvent = ConnectionEvent | { type: string; code?: number; output?: unknown; error?: unknown };

export interface ModelStep {
  event: ModelEvent;
  /** Serialized state expected after the step. */
  expected: string;
}

const after = (delay: string, state: string) => ({ type: `xstate.after.${delay}.connection.${state}` });

/** Events the real world can produce in each state (the socket, the server, timers, the user). */
export function realizableEvents(snapshot: Snapshot): ModelEvent[] {
  const path = statePath(snapshot.value);
  const connectUrl: ModelEvent = { type: "CONNECT", target: { kind: "url", url: "ws://scripted" } };
  const connectEndpoint: ModelEvent = { type: "CONNECT", target: { kind: "endpoint", endpoint: { endpoint: "http://scripted" } } };
  const disconnect: ModelEvent = { type: "DISCONNECT" };
  const setPhase: ModelEvent = { type: "SET_PHASE", phase: "initializing" };
  switch (path) {
    case "idle":
    case "disconnected":
      return [connectUrl, connectEndpoint, setPhase, disconnect];
    case "resolvingEndpoint":
      return [{ type: "xstate.done.actor.resolveEndpoint", output: "ws://scripted" }, { type: "xstate.error.actor.resolveEndpoint", error: new Error("500") }, disconnect];
    case "connecting":
      return [{ type: "SOCKET.OPEN" }, { type: "SOCKET.CLOSE", code: 1006, reason: "" }, after("connectTimeout", "connecting"), disconnect];
    case "connected.handshaking":
      return [
        { type: "BOT_READY" },
        { type: "SOCKET.CLOSE", code: 1006, reason: "" },
        { type: "SOCKET.CLOSE", code: 1000, reason: "" },
        after("readyTimeout", "connected.handshaking"),
        disconnect,
      ];
    case "connected.ready":
      return [{ type: "BOT_READY" }, { type: "SOCKET.CLOSE", code: 1006, reason: "" }, { type: "SOCKET.CLOSE", code: 1000, reason: "" }, after("stableUptime", "connected.ready"), disconnect];
    case "reconnecting.backoff":
      return [after("backoff", "reconnecting.backoff"), disconnect];
    case "reconnecting.refreshing":
      return [{ type: "xstate.done.actor.refreshParams", output: "ws://scripted" }, { type: "xstate.error.actor.refreshParams", error: new Error("500") }, disconnect];
    case "reconnecting.opening":
      return [{ type: "SOCKET.OPEN" }, { type: "SOCKET.CLOSE", code: 1006, reason: "" }, after("connectTimeout", "reconnecting.opening"), disconnect];
    case "disconnecting":
      return [{ type: "xstate.done.actor.teardown" }, { type: "xstate.error.actor.teardown", error: new Error("stop failed") }, disconnect];
    default:
      throw new Error(`machinePaths: no realizable events listed for state '${path}' — add them`);
  }
}

/**
 * State identity for the graph: the state path and the context the guards read (the reconnect
 * attempt, whether the session was ever ready, whether reconnects refresh their params).
 */
export function serialize(snapshot: Snapshot): string {
  const c = snapshot.context;
  return `${statePath(snapshot.value)}#${c.attempt}${c.wasReady ? "#ready" : ""}${c.refresh ? "#refresh" : ""}`;
}

/** Maximal paths that together take every edge of the reachable graph. */
export function generatePaths(input: { maxAttempts: number; handshake: boolean }): ModelStep[][] {
  const options = {
    events: realizableEvents,
    serializeState: (s: Snapshot) => serialize(s),
    input: { reconnect: { maxAttempts: input.maxAttempts }, handshake: input.handshake },
  };
  const shortest = getShortestPaths(connectionMachine, options as never);
  const toState = new Map<string, ModelStep[]>();
  for (const p of shortest) {
    toState.set(
      serialize(p.state as Snapshot),
      p.steps.slice(1).map((s) => ({ event: s.event as ModelEvent, expected: serialize(s.state as Snapshot) })),
    );
  }
  const adjacency = getAdjacencyMap(connectionMachine, options as never);
  const edgePaths: ModelStep[][] = [];
  for (const [key, entry] of Object.entries(adjacency)) {
    const prefix = toState.get(key);
    if (!prefix) continue;
    for (const { event, state } of Object.values(entry.transitions) as Array<{ event: unknown; state: unknown }>) {
      edgePaths.push([...prefix, { event: event as ModelEvent, expected: serialize(state as Snapshot) }]);
    }
  }
  const signature = (p: ModelStep[]) => p.map((s) => `${JSON.stringify(s.event)}>${s.expected}`).join("|");
  const sigs = edgePaths.map(signature);
  return edgePaths.filter((_, i) => !sigs.some((other, j) => j !== i && other.length > sigs[i]!.length && other.startsWith(sigs[i]! + "|")));
}
