/**
 * Fault matrix, part 2: `client.disconnect()` in every state of the connection statechart.
 * Each must end in `disconnected` without an error (the user asked for it), never reconnect
 * afterwards, and leave no socket, timer or listener behind.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FakeBot, type ConnectionBehaviour } from "../support/fakeBot.js";
import { expectNoLeaks, nodeTimers } from "./support/leaks.js";
import { createSession, pathOf, waitUntil, type Session } from "./support/session.js";

let server: FakeBot | null = null;
let endpoint: FakeBot | null = null;
let session: Session | null = null;

afterEach(async () => {
  await session?.client.disconnect().catch(() => {});
  await server?.close();
  await endpoint?.close();
  session = server = endpoint = null;
});

interface Case {
  state: string;
  behaviours?: ConnectionBehaviour[];
  /** Slow backoff keeps the machine in reconnecting.backoff long enough to act there. */
  slowBackoff?: boolean;
  /** Drives the session into `state`. */
  reach(s: Session, srv: FakeBot): Promise<void>;
}

const connect = (s: Session, srv: FakeBot) => {
  // Left pending on purpose when the bot never becomes ready; failures are asserted elsewhere.
  s.client.connect({ wsUrl: srv.url }).catch(() => {});
};
const at = (s: Session, path: string) => waitUntil(() => pathOf(s.transport) === path, path);

const cases: Case[] = [
  { state: "idle", reach: async () => {} },
  {
    state: "resolvingEndpoint",
    reach: async (s) => {
      endpoint = await FakeBot.start({ autoEndpoint: "hang" });
      s.transport._connect({ endpoint: endpoint.endpointUrl, timeout: 10_000 }).catch(() => {});
      await at(s, "resolvingEndpoint");
      await waitUntil(() => endpoint!.endpointCount === 1, "the endpoint request to arrive");
    },
  },
  {
    state: "connecting",
    behaviours: ["stall-upgrade"],
    reach: async (s, srv) => {
      connect(s, srv);
      await at(s, "connecting");
      await waitUntil(() => srv.connectionCount === 1, "the upgrade request to arrive");
    },
  },
  {
    state: "connected.handshaking",
    behaviours: ["silent"],
    reach: async (s, srv) => {
      connect(s, srv);
      await at(s, "connected.handshaking");
    },
  },
  {
    state: "connected.ready",
    reach: async (s, srv) => {
      await s.client.connect({ wsUrl: srv.url });
    },
  },
  {
    state: "reconnecting.backoff",
    slowBackoff: true,
    reach: async (s, srv) => {
      await s.client.connect({ wsUrl: srv.url });
      srv.killAll();
      await at(s, "reconnecting.backoff");
    },
  },
  {
    state: "reconnecting.opening",
    behaviours: ["ready", "stall-upgrade"],
    reach: async (s, srv) => {
      await s.client.connect({ wsUrl: srv.url });
      srv.killAll();
      await at(s, "reconnecting.opening");
      await waitUntil(() => srv.connectionCount === 2, "the reconnect upgrade to arrive");
    },
  },
  {
    state: "disconnecting",
    reach: async (s, srv) => {
      await s.client.connect({ wsUrl: srv.url });
      // Enter disconnecting with a first disconnect(); the case's own call lands inside it.
      const entered = new Promise<void>((resolve) => {
        const sub = s.transport.actorRef.subscribe(() => {
          if (pathOf(s.transport) === "disconnecting") {
            sub.unsubscribe();
            resolve();
          }
        });
      });
      void s.client.disconnect();
      await entered;
    },
  },
  {
    state: "disconnected",
    reach: async (s, srv) => {
      await s.client.connect({ wsUrl: srv.url });
      await s.client.disconnect();
    },
  },
];

describe("disconnect() in every state", () => {
  for (const c of cases) {
    it(`from ${c.state}: ends disconnected without error, does not reconnect, releases everything`, async () => {
      const baseline = nodeTimers();
      server = await FakeBot.start({ behaviour: c.behaviours ? (i) => c.behaviours![Math.min(i, c.behaviours!.length - 1)] : undefined });
      session = createSession({
        transport: {
          reconnect: { maxAttempts: 2, baseDelayMs: c.slowBackoff ? 5_000 : 20, maxDelayMs: c.slowBackoff ? 5_000 : 40 },
          connectTimeoutMs: 5_000,
        },
      });
      await c.reach(session, server);
      expect(pathOf(session.transport)).toBe(c.state);
      const connections = server.connectionCount;

      await session.client.disconnect();

      await waitUntil(() => pathOf(session!.transport) === "disconnected", "disconnected");
      expect(session.transport.state).toBe("disconnected");
      expect(session.transport.getSnapshot().context.failure).toBeNull();
      expect(session.errors.filter((e) => e.fatal)).toEqual([]);
      await expectNoLeaks(session, server, baseline);
      // The aborted endpoint request must not leave its client socket open either.
      if (endpoint) await expectNoLeaks(session, null, baseline, endpoint.port);
      // No late reconnect: nothing new reaches the server after a pause longer than the fast backoff.
      await new Promise((r) => setTimeout(r, 150));
      expect(server.connectionCount).toBe(connections);
      expect(pathOf(session.transport)).toBe("disconnected");
    });
  }
});

