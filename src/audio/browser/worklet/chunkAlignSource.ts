/**
 * The recorder's chunk alignment, as worklet code (see `scope.ts`; shipped minified, see
 * `loadWorklets.ts`). The audio thread renders in bursts, one per device callback (10 ms on
 * Windows, Linux and headless Chromium: three or four render quanta back to back, then a pause),
 * and a reply to a chunk can play at the earliest in the burst after the one that completed the
 * chunk. A chunk that completes in a burst's first quantum therefore leaves the samples of that
 * burst's later quanta waiting a whole chunk for no reason — up to one callback of latency on
 * every round trip. This watches the wall clock per quantum (a pause of 2 ms or more ends a
 * burst), measures how many input frames each chunk's burst still rendered after the chunk
 * completed (its slack), and when the smallest slack of the last eight chunks exceeds a margin
 * (24 frames), makes the next chunk longer by all but the margin, once, so chunks complete as
 * late in their burst as the burst's length, which varies by a quantum, allows. The audio stays contiguous: only one chunk's length changes. Chunks shorter than a
 * burst, callbacks of one quantum, or an irregular clock give small slacks: nothing changes.
 */
import type { ChunkAligner, ChunkAlignerClass } from "./scope.js";

/** Returns the aligner class. Runs in the worklet (see `scope.ts`): built-ins only. */
export function defineChunkAligner(): ChunkAlignerClass {
  /** A wall-clock pause this long (ms) between two quanta ends a burst. */
  const GAP_MS = 2;
  /** Chunk ends and burst ends considered. */
  const CHUNKS = 8;
  const BURSTS = 32;
  /** Input frames a chunk keeps between its end and the burst's nominal end. */
  const MARGIN = 24;
  const QUANTUM = 128;

  class PwtChunkAligner implements ChunkAligner {
    declare readonly framesPerSample: number;
    declare readonly chunkFrames: number;
    /** Input frames rendered so far (the end of the previous quantum). */
    declare frames: number;
    declare lastWall: number;
    /** Recent burst ends and chunk ends, in input frames. */
    declare readonly burstEnds: Float64Array;
    declare burstCount: number;
    declare readonly chunkEnds: Float64Array;
    declare chunkCount: number;
    declare extension: number;

    constructor(framesPerSample: number, chunkSamples: number) {
      this.framesPerSample = framesPerSample;
      this.chunkFrames = chunkSamples * framesPerSample;
      this.frames = 0;
      this.lastWall = -Infinity;
      this.burstEnds = new Float64Array(BURSTS);
      this.burstCount = 0;
      this.chunkEnds = new Float64Array(CHUNKS);
      this.chunkCount = 0;
      this.extension = 0;
    }

    reset(): void {
      this.chunkCount = 0;
      this.extension = 0;
    }

    quantum(nowMs: number): void {
      if (nowMs - this.lastWall >= GAP_MS) {
        const last = this.burstCount > 0 ? this.burstEnds[(this.burstCount - 1) % BURSTS]! : -Infinity;
        // No pause for two chunks: callbacks too small to see, or a stall. Start over.
        if (this.frames - last > 2 * this.chunkFrames + QUANTUM) this.burstCount = 0;
        this.burstEnds[this.burstCount++ % BURSTS] = this.frames;
        this.decide();
      }
      this.lastWall = nowMs;
      this.frames += QUANTUM;
    }

    completed(samplesAfter: number): void {
      this.chunkEnds[this.chunkCount++ % CHUNKS] = this.frames - samplesAfter * this.framesPerSample;
    }

    takeExtension(): number {
      const e = this.extension;
      this.extension = 0;
      return e;
    }

    /** With enough of both: where chunks end against where bursts nominally end; shift if they can end later in it. */
    decide(): void {
      if (this.chunkCount < CHUNKS || this.burstCount < BURSTS) return;
      const first = this.burstEnds[this.burstCount % BURSTS]!,
        last = this.burstEnds[(this.burstCount - 1) % BURSTS]!;
      // Chunks shorter than a burst cannot all end with one; a long chunk must span whole bursts.
      const bursts = Math.round((this.chunkFrames * (BURSTS - 1)) / (last - first));
      if (bursts < 1) return;
      // The hypothesis: bursts nominally end every chunk / bursts frames, each at the first quantum
      // boundary at or after its nominal end. Then every end, taken back to the first by whole
      // periods, falls within one quantum; the earliest is the nominal grid.
      const period = this.chunkFrames / bursts;
      let nominal = Infinity,
        latest = -Infinity;
      for (let k = 0; k < BURSTS; k++) {
        const r = this.burstEnds[(this.burstCount + k) % BURSTS]! - k * period;
        nominal = Math.min(nominal, r);
        latest = Math.max(latest, r);
      }
      if (latest - nominal > QUANTUM + 8) return;
      let min = Infinity,
        max = -Infinity;
      for (let j = 0; j < CHUNKS; j++) {
        const e = this.chunkEnds[j]! - nominal + MARGIN;
        let d = -(e - Math.round(e / period) * period);
        if (d <= -period / 2) d += period;
        min = Math.min(min, d);
        max = Math.max(max, d);
      }
      // Chunk ends that agree (they share the bursts' period) and sit more than a margin off.
      if (max - min <= QUANTUM / 4 && Math.abs(min) > MARGIN) {
        this.extension += Math.round(min / this.framesPerSample);
        this.chunkCount = 0;
      }
    }
  }
  return PwtChunkAligner;
}

/** Worklet code (unminified): defines `PwtChunkAligner` in the worklet's global scope. */
export const CHUNK_ALIGN_CODE = `const PwtChunkAligner = (${defineChunkAligner})();\n`;
