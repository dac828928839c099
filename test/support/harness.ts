/**
 * The small pieces every integration test needs: polling a condition with a bound, cleanups that
 * run after each test (newest first), and an audio sink that records what it was given.
 */
import { afterEach } from "vitest";
import type { AudioSink } from "../../src/audio/StreamAudioIO.js";
import type { AudioFrame } from "../../src/serializers/WebSocketSerializer.js";

/** Resolves once `predicate` holds; rejects after `timeoutMs` naming `what`. */
export async function until(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Registers an `afterEach` that runs the cleanups pushed during the test, newest first. */
export function cleanupsAfterEach(): Array<() => Promise<unknown> | unknown> {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return cleanups;
}

/** A sink that keeps copies of what it is given and counts flushes (interruptions). */
export class RecordingSink implements AudioSink {
  frames: AudioFrame[] = [];
  flushes = 0;
  write(frame: AudioFrame): void {
    this.frames.push({ ...frame, audio: frame.audio.slice() });
  }
  flush(): void {
    this.flushes++;
  }
}
