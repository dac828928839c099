/**
 * Soak: one PipecatClient session streams sequence-tagged audio at 50 frames/s each way
 * (16 kHz mic up, 24 kHz bot audio down) against a real `ws` server on loopback — 30 s in
 * `npm test`, 10 min in `npm run soak` (`SOAK_SECONDS`). While connected no frame may be lost,
 * duplicated, reordered or corrupted in either direction, nothing may be dropped, and the
 * heap (measured after forced GCs) must stay bounded.
 *
 * Our own small server rather than the dev server: the dev bot echoes whole utterances after
 * its VAD, resampled, so per-frame sequence tags cannot survive it.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { FakeBot, serverSerializer } from "../support/fakeBot.js";
import { expectNoLeaks, nodeTimers } from "./support/leaks.js";
import { SequenceChecker, TaggedSource, pace, readTag, taggedFrame } from "./support/pacedAudio.js";
import { createSession, waitUntil, type Session } from "./support/session.js";

const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 30);
const UP_SAMPLES = 320; // 20 ms at 16 kHz
const DOWN_SAMPLES = 480; // 20 ms at 24 kHz

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** JS heap plus ArrayBuffer memory (audio lives there) after a full GC, in MB. */
function heapMB(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1048576;
}

let server: FakeBot | null = null;
let session: Session | null = null;
let stopDown: (() => void) | null = null;

afterEach(async () => {
  stopDown?.();
  await session?.client.disconnect().catch(() => {});
  await server?.close();
  session = server = stopDown = null;
});

describe("soak", () => {
  it(`streams 50 frames/s each way for ${SOAK_SECONDS} s with no loss, duplication or reordering, and a bounded heap`, async () => {
    const baseline = nodeTimers();
    const up = new SequenceChecker();
    const down = new SequenceChecker();
    server = await FakeBot.start({
      record: false,
      onFrame: (f) => {
        if (f.type === "audio") up.accept(readTag(f.audio, UP_SAMPLES));
      },
    });
    const source = new TaggedSource();
    session = createSession({
      keepAudio: false,
      source,
      onAudio: (f) => down.accept(f.sampleRate === 24000 ? readTag(f.audio, DOWN_SAMPLES) : -1),
    });
    await session.client.connect({ wsUrl: server.url });

    // Bot audio down, paced at real time; mic audio up from the tagged source.
    let downSent = 0;
    stopDown = pace(20, () => {
      server!.sendRaw(serverSerializer.serializeAudio(taggedFrame(downSent++, DOWN_SAMPLES), 24000, 1));
    });
    source.enabled = true;

    const heap: number[] = [];
    const started = Date.now();
    while (Date.now() - started < SOAK_SECONDS * 1000) {
      await new Promise((r) => setTimeout(r, Math.min(5_000, SOAK_SECONDS * 100)));
      heap.push(heapMB());
      expect(session.transport.state).toBe("ready");
    }
    source.enabled = false;
    stopDown();
    await waitUntil(() => up.next === source.sent && down.next === downSent, "in-flight frames to arrive", 3_000);

    const stats = session.transport.getStats();
    const expected = SOAK_SECONDS * 50;
    console.log(
      `soak ${SOAK_SECONDS}s: up ${source.sent} frames, down ${downSent} frames; ` +
        `heap MB first ${heap[0].toFixed(1)} max ${Math.max(...heap).toFixed(1)} last ${heap.at(-1)!.toFixed(1)}`,
    );
    // Real-time pacing really happened (a stalled loop would send far fewer frames).
    expect(source.sent).toBeGreaterThan(expected * 0.95);
    expect(downSent).toBeGreaterThan(expected * 0.95);
    for (const [name, c] of [["up", up], ["down", down]] as const) {
      expect({ name, lost: c.lost, duplicated: c.duplicated, reordered: c.reordered, corrupted: c.corrupted }).toEqual({
        name, lost: 0, duplicated: 0, reordered: 0, corrupted: 0,
      });
    }
    expect(up.next).toBe(source.sent);
    expect(down.next).toBe(downSent);
    expect(stats.droppedAudioChunks).toBe(0);
    expect(stats.audioFramesOut).toBe(source.sent);
    expect(stats.audioFramesIn).toBe(downSent);
    expect(stats.reconnects).toBe(0);
    // Bounded heap: after warm-up the GC'd heap may wobble but must not keep growing. Keeping
    // every frame would add ~2.4 MB per 30 s of audio (both ways), so 2 MB catches it.
    const settled = heap.slice(1);
    expect(Math.max(...settled) - settled[0]).toBeLessThan(2);

    await session.client.disconnect();
    await expectNoLeaks(session, server, baseline);
  }, SOAK_SECONDS * 1000 + 30_000);
});
