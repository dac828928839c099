/**
 * client-js's `TransportState` and our finer `ConnectionState`, both read off a machine
 * snapshot: the first from the states' tags (each state names the client-js state it means), the
 * second from the top-level state. No state-path strings are matched anywhere.
 */
import type { TransportState } from "@pipecat-ai/client-js";
import type { SnapshotFrom } from "xstate";
import type { connectionMachine } from "../../machines/connectionMachine.js";

type ConnectionSnapshot = SnapshotFrom<typeof connectionMachine>;

/** Detailed connection state: the statechart's top-level state. */
export type ConnectionState =
  | "idle"
  | "resolvingEndpoint"
  | "connecting"
  | "connected"
  | "reconnecting"
  | "disconnecting"
  | "disconnected";

/** The tags that name client-js states, most specific first. */
const TAGGED_STATES: readonly TransportState[] = ["ready", "connected", "connecting", "authenticating", "disconnecting", "disconnected"];

/** client-js's coarser state: the state's tag, or the pre-connect phase client-js set while idle. */
export function deriveTransportState(snapshot: ConnectionSnapshot): TransportState {
  for (const tag of TAGGED_STATES) if (snapshot.hasTag(tag as never)) return tag;
  return snapshot.context.phase;
}

/** The top-level state of a snapshot. */
export function connectionStateOf(snapshot: ConnectionSnapshot): ConnectionState {
  const value = snapshot.value as unknown;
  return (typeof value === "string" ? value : Object.keys(value as object)[0]) as ConnectionState;
}
