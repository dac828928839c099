/**
 * Fuzzing the live transport: a real `ws` server on 127.0.0.1 sends random, valid and mutated
 * frames to a connected `PipecatClient` + Node `WebSocketTransport`. Every message must be
 * classified exactly as the serializer classifies it, nothing may escape as an exception
 * (vitest fails on unhandled errors), the session must stay `ready` on the same socket, and
 * valid traffic sent afterwards must still arrive.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_MESSAGE_SIZE } from "../../src/transport/WebSocketTransport.js";
import type { FrameInspection } from "../../src/inspect/InspectionEvent.js";
import { FUZZ_RUNS, FUZZ_SEED, hostileBytes } from "./support/arbitraries.js";
import { FakeBot, serverSerializer } from "../support/fakeBot.js";
import { expectNoLeaks, nodeTimers } from "./support/leaks.js";
import { createSession, type Session } from "./support/session.js";

let server: FakeBot | null = null;
let session: Session | null = null;

afterEach(async () => {
  await session?.client.disconnect().catch(() => {});
  await server?.close();
  session = server = null;
});

/** Inbound inspection events, resolved in arrival order. */
function inboundFrames(s: Session) {
  const queue: FrameInspection[] = [];
  let wake: (() => void) | null = null;
  s.transport.inspect((ev) => {
    if (ev.kind === "frame" && ev.direction === "in") {
      queue.push(ev);
      wake?.();
    }
  });
  return {
    async next(timeoutMs = 2_000): Promise<FrameInspection> {
      const deadline = Date.now() + timeoutMs;
      while (!queue.length) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error("no inbound frame arrived");
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wake = null;
      }
      return queue.shift()!;
    },
  };
}

const timeout = 45_000 + FUZZ_RUNS * 10;

describe("live transport under fuzzed frames", () => {
  it("classifies every fuzzed frame, stays ready on one socket, and still delivers valid traffic", async () => {
    const baseline = nodeTimers();
    server = await FakeBot.start();
    const serverMessages: unknown[] = [];
    session = createSession({ keepAudio: true });
    session.client.on("serverMessage" as never, ((data: unknown) => serverMessages.push(data)) as never);
    await session.client.connect({ wsUrl: server.url });
    expect(session.transport.state).toBe("ready");
    const inbound = inboundFrames(session);
    const framesInBefore = session.transport.getStats().framesIn;

    let sent = 0;
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(hostileBytes, async (bytes) => {
        const expected = serverSerializer.decode(Uint8Array.from(bytes));
        server!.sendRaw(bytes);
        sent++;
        const ev = await inbound.next();
        const got = ev.frameType === "malformed" ? `malformed:${ev.malformed?.reason}` : ev.frameType;
        const want = expected.type === "malformed" ? `malformed:${expected.reason}` : expected.type;
        expect(got).toBe(want);
        expect(ev.size).toBe(bytes.length);
        expect(session!.transport.state).toBe("ready");
        kinds.set(got, (kinds.get(got) ?? 0) + 1);
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );

    // Hostile shapes the byte generator does not make: text frames and an oversized frame.
    server.sendRaw("not a protobuf frame");
    expect((await inbound.next()).malformed?.reason).toBe("unsupported-input");
    server.sendRaw(new Uint8Array(MAX_MESSAGE_SIZE + 1));
    expect((await inbound.next()).malformed?.reason).toBe("oversized");
    sent += 2;

    // Valid traffic after the storm: an RTVI server message and one audio frame.
    const audioBefore = session.botAudio.length;
    const marker = Math.random().toString(36).slice(2);
    server.sendRaw(serverSerializer.serializeMessage({ label: "rtvi-ai", type: "server-message", id: "m1", data: { marker } } as never));
    server.sendRaw(serverSerializer.serializeAudio(Int16Array.of(1, -2, 3, -4), 24000, 1));
    await inbound.next();
    await inbound.next();
    expect(serverMessages).toContainEqual({ marker });
    expect(Array.from(session.botAudio.at(-1)!)).toEqual([1, -2, 3, -4]);
    expect(session.botAudio.length).toBeGreaterThan(audioBefore);

    const stats = session.transport.getStats();
    expect(stats.framesIn - framesInBefore).toBe(sent + 2);
    expect(stats.reconnects).toBe(0);
    expect(server.connectionCount).toBe(1);
    expect(session.transport.state).toBe("ready");
    // Malformed input was counted, and both paths (good and bad) were exercised.
    const malformed = Object.values(stats.malformed).reduce((a, b) => a + (b ?? 0), 0);
    const expectedMalformed = [...kinds].filter(([k]) => k.startsWith("malformed:")).reduce((a, [, n]) => a + n, 0) + 2;
    expect(malformed).toBe(expectedMalformed);
    expect(kinds.get("audio") ?? 0).toBeGreaterThan(0);
    expect(kinds.get("message") ?? 0).toBeGreaterThan(0);

    await session.client.disconnect();
    expect(session.transport.state).toBe("disconnected");
    await expectNoLeaks(session, server, baseline);
  }, timeout);
});
