/**
 * Leak assertions for the reliability suite: after a session ends, nothing it opened may be
 * left — no socket on either side of the loopback, no child actor in the statechart, no
 * timer scheduled by the statechart, no extra Node timer or TCP handle, no WebSocket left open
 * or with its open/message/close listeners still attached.
 */
import { Socket } from "node:net";
import type { FakeBot } from "../../support/fakeBot.js";
import { waitUntil, type Session } from "./session.js";

/** What is alive right now, as counts. */
export interface ResourceCounts {
  /** Child actors of the connection machine (socket, endpoint request, teardown). */
  machineChildren: number;
  /** Delayed events (timers) the statechart has scheduled. */
  machineTimers: number;
  /** Client-side TCP sockets to the server's port. */
  clientSockets: number;
  /** Server-side TCP sockets (upgraded or not). */
  serverSockets: number;
  /** Node `Timeout` resources in this process. */
  nodeTimers: number;
  /** Client WebSockets not yet CLOSED. */
  openClientWebSockets: number;
  /** open/message/close listeners still attached to client WebSockets. */
  socketListeners: number;
}

interface ActiveHandlesProcess {
  _getActiveHandles(): unknown[];
}

/** Client-side sockets connected to `port` on loopback. */
export function clientSocketsTo(port: number): number {
  return (process as unknown as ActiveHandlesProcess)
    ._getActiveHandles()
    .filter((h) => h instanceof Socket && h.remotePort === port && !h.destroyed).length;
}

export function nodeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

export function countResources(session: Session, server: FakeBot | null, port = server?.port ?? 0): ResourceCounts {
  const transport = session.transport;
  const snapshot = transport.getSnapshot();
  const system = transport.actorRef.system as unknown as { getSnapshot(): { _scheduledEvents: Record<string, unknown> } };
  return {
    machineChildren: Object.keys(snapshot.children).length,
    machineTimers: Object.keys(system.getSnapshot()._scheduledEvents).length,
    clientSockets: port ? clientSocketsTo(port) : 0,
    serverSockets: server ? server.tcp.size : 0,
    nodeTimers: nodeTimers(),
    openClientWebSockets: session.sockets.filter((ws) => ws.readyState !== ws.CLOSED).length,
    socketListeners: session.sockets.reduce((n, ws) => n + ws.listenerCount("open") + ws.listenerCount("message") + ws.listenerCount("close"), 0),
  };
}

/**
 * Waits (bounded) until the session has released everything, then asserts it. `baselineTimers`
 * is the Node timer count taken before the session started (the test runner has its own).
 */
export async function expectNoLeaks(
  session: Session,
  server: FakeBot | null,
  baselineTimers: number,
  port = server?.port ?? 0,
): Promise<ResourceCounts> {
  const clean = (c: ResourceCounts) =>
    c.machineChildren === 0 && c.machineTimers === 0 && c.clientSockets === 0 && c.serverSockets === 0 &&
    c.nodeTimers <= baselineTimers && c.openClientWebSockets === 0 && c.socketListeners === 0;
  try {
    await waitUntil(() => clean(countResources(session, server, port)), "the session to release its resources", 3_000);
  } catch {
    throw new Error(`leaked resources: ${JSON.stringify(countResources(session, server, port))} (baseline Node timers ${baselineTimers})`);
  }
  return countResources(session, server, port);
}
