/**
 * Model-based test: paths generated from the connection machine's own graph (xstate/graph),
 * each driven against the REAL transport and a REAL ws server on 127.0.0.1 that the test
 * scripts (accept, refuse, hang, bot-ready, abrupt kill, clean close, endpoint answers).
 * Every state and every transition of the machine definition must be observed, or the test fails.
 */
import WebSocket from "ws";
import type { RTVIMessage } from "@pipecat-ai/client-js";
import { afterAll, describe, expect, it } from "vitest";
import { describeMachine, transitionId } from "../../machines/describeMachine.js";
import { connectionMachine, statePath } from "../../machines/connectionMachine.js";
import { StreamAudioIO } from "../../src/audio/StreamAudioIO.js";
import type { WebSocketConstructor } from "../../src/connection/WebSocketLike.js";
import { ProtobufFrameSerializer } from "../../src/serializers/ProtobufFrameSerializer.js";
import { WebSocketTransport } from "../../src/transport/WebSocketTransport.js";
import { FakeBot } from "../support/fakeBot.js";
import { quietLogger } from "../support/quietLogger.js";
import { generatePaths, serialize, type ModelStep } from "./machinePaths.js";

// Two attempts: the smallest policy under which both outcomes of every `canReconnect` guard are reachable.
const MAX_ATTEMPTS = 2;
const TIMING = {
  connectTimeoutMs: 250,
  // Long enough that a step in handshaking never races it; only readyTimeout steps wait it out.
  readyTimeoutMs: 1500,
  reconnect: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 100, maxDelayMs: 100, jitter: 0 },
  stableAfterMs: 400,
};

/** The protobuf protocol as a server without an RTVI handshake would speak it (Twilio-like). */
class NoHandshakeSerializer extends ProtobufFrameSerializer {
  override readonly handshake = "none" as const;
}

/** Device-less audio whose stop() the test completes or fails, so `disconnecting` can be observed. */
class GatedAudioIO extends StreamAudioIO {
  private pending: Array<{ resolve(): void; reject(e: Error): void }> = [];
  auto = false;
  override async stop(): Promise<void> {
    await super.stop();
    if (this.auto) return;
    await new Promise<void>((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  release(): void {
    this.pending.shift()?.resolve();
  }
  fail(): void {
    this.pending.shift()?.reject(new Error("device did not release"));
  }
  releaseAll(): void {
    this.auto = true;
    for (const p of this.pending.splice(0)) p.resolve();
  }
}

const observedTransitions = new Set<string>();
const observedStates = new Set<string>();
const description = describeMachine(connectionMachine);

async function waitUntil(what: string, predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function runPath(path: ModelStep[], handshake: boolean): Promise<void> {
  const server = await FakeBot.start({ autoHandshake: null, autoBotReady: false, autoEndpoint: null });
  const audio = new GatedAudioIO();
  const transport = new WebSocketTransport({
    ...TIMING,
    ...(handshake ? {} : { serializer: new NoHandshakeSerializer() }),
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    audio,
    logger: quietLogger,
  });
  transport.initialize({ transport, callbacks: {} } as never, (_m: RTVIMessage) => {});
  const log: string[] = [];
  const sub = transport.actorRef.system.inspect((ev) => {
    if (ev.type !== "@xstate.microstep" || ev.actorRef !== transport.actorRef) return;
    for (const t of ev._transitions) {
      const id = transitionId(t.source, t.eventType, t.source.transitions.get(t.eventType)!.indexOf(t));
      log.push(id);
      observedTransitions.add(id);
    }
    // Every state in the configuration, ancestors included.
    const parts = statePath((ev.snapshot as unknown as { value: unknown }).value).split(".");
    parts.forEach((_, i) => observedStates.add(parts.slice(0, i + 1).join(".")));
  });
  observedStates.add("idle");
  const current = () => serialize(transport.getSnapshot());
  try {
    for (const [i, step] of path.entries()) {
      const before = current();
      const stateName = before.split("#")[0]!;
      const logLength = log.length;
      const ev = step.event as { type: string; code?: number; target?: { kind: string } };
      switch (true) {
        case ev.type === "CONNECT":
          void transport.connect(ev.target!.kind === "url" ? { wsUrl: server.wsUrl } : { endpoint: server.endpointUrl }).catch(() => {});
          break;
        case ev.type === "DISCONNECT":
          void transport.disconnect();
          break;
        case ev.type === "SET_PHASE":
          transport.state = "initializing";
          break;
        case ev.type === "SOCKET.OPEN":
          server.decideHandshake("accept");
          break;
        case ev.type === "SOCKET.CLOSE" && (stateName === "connecting" || stateName === "reconnecting.opening"):
          server.decideHandshake("refuse");
          break;
        case ev.type === "SOCKET.CLOSE":
          if (ev.code === 1000) server.closeAll(1000);
          else server.killAll();
          break;
        case ev.type === "BOT_READY":
          if (stateName === "connected.ready") server.sendRtvi("bot-ready", { version: "1.0.0" });
          else server.releaseBotReady();
          break;
        case ev.type.startsWith("xstate.after.connectTimeout"):
          server.decideHandshake("hang");
          break;
        case ev.type.startsWith("xstate.after."):
          break; // backoff, stable uptime: time passes
        case ev.type === "xstate.done.actor.resolveEndpoint":
        case ev.type === "xstate.done.actor.refreshParams":
          server.decideEndpoint("ok");
          break;
        case ev.type === "xstate.error.actor.resolveEndpoint":
        case ev.type === "xstate.error.actor.refreshParams":
          server.decideEndpoint("500");
          break;
        case ev.type === "xstate.done.actor.teardown":
          await waitUntil("teardown to start", () => (audio as unknown as { pending: unknown[] }).pending.length > 0);
          audio.release();
          break;
        case ev.type === "xstate.error.actor.teardown":
          await waitUntil("teardown to start", () => (audio as unknown as { pending: unknown[] }).pending.length > 0);
          audio.fail();
          break;
        default:
          throw new Error(`no real-world action for event ${ev.type}`);
      }
      const label = `step ${i + 1} ${ev.type}${ev.code ? ` ${ev.code}` : ""} from ${before}, expecting ${step.expected}`;
      await waitUntil(label, () => log.slice(logLength).some((id) => id.split("|")[1] === ev.type) && current() === step.expected);
    }
  } finally {
    sub.unsubscribe();
    audio.releaseAll();
    server.setAutoHandshake("refuse");
    await transport.disconnect();
    expect(transport.getSnapshot().value).toBe("disconnected");
    // Nothing left behind: no child actor (socket, endpoint request), no open server-side socket.
    expect(Object.keys(transport.getSnapshot().children)).toEqual([]);
    await waitUntil("server sockets to close", () => server.sockets.size === 0);
    await server.close();
  }
}

// Both kinds of server: with the RTVI handshake (Pipecat) and without (Twilio-like).
const paths = [true, false].flatMap((handshake) => generatePaths({ maxAttempts: MAX_ATTEMPTS, handshake }).map((steps) => ({ steps, handshake })));

/**
 * Greedy: longest paths first, skipping any whose steps all take (source state, event, target
 * state) moves that paths already chosen take — the definition's transitions differ in at least
 * one of those, and the afterAll check proves every one was taken.
 */
function chooseCovering(all: Array<{ steps: ModelStep[]; handshake: boolean }>): Array<{ steps: ModelStep[]; handshake: boolean }> {
  const state = (serialized: string) => serialized.split("#")[0];
  const key = (p: ModelStep[], i: number, h: boolean) => {
    const ev = p[i]!.event as { type: string; code?: number };
    return `${h}:${i === 0 ? "idle" : state(p[i - 1]!.expected)}>${ev.type}${ev.code ?? ""}>${state(p[i]!.expected)}`;
  };
  const covered = new Set<string>();
  const chosen: Array<{ steps: ModelStep[]; handshake: boolean }> = [];
  for (const p of [...all].sort((a, b) => b.steps.length - a.steps.length)) {
    const edges = p.steps.map((_, i) => key(p.steps, i, p.handshake));
    if (edges.every((e) => covered.has(e))) continue;
    edges.forEach((e) => covered.add(e));
    chosen.push(p);
  }
  return chosen;
}

const chosen = chooseCovering(paths);

describe("connection machine, model-based against the real transport and a real ws server", () => {
  it("generates paths from the machine graph", () => {
    expect(paths.length).toBeGreaterThan(10);
    expect(chosen.length).toBeGreaterThan(5);
  });

  for (const { steps, handshake } of chosen) {
    const name = steps.map((s) => s.event.type.replace(/^xstate\.|\.connection\..*$/g, "") + ((s.event as { code?: number }).code ?? "")).join(" → ");
    it(`${handshake ? "" : "[no handshake] "}${name}`, () => runPath(steps, handshake), 20_000);
  }

  afterAll(() => {
    const missingStates = description.states.map((s) => s.path).filter((p) => p !== "" && !observedStates.has(p));
    const missingTransitions = description.transitions.map((t) => t.id).filter((id) => !observedTransitions.has(id));
    expect(missingStates, "states never reached").toEqual([]);
    expect(missingTransitions, "transitions never taken").toEqual([]);
  });
});
