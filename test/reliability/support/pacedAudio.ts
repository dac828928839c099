/**
 * Sequence-tagged PCM16 audio paced in real time, for the soak test and the scale bench.
 * Every sample of a tagged frame is derived from its sequence number, so a frame that is
 * lost, duplicated, reordered or corrupted is detected exactly, not statistically.
 */
import type { AudioSource } from "../../../src/audio/StreamAudioIO.js";

/** A frame of `samples` samples tagged with `seq` (samples 0–1 carry seq, the rest a pattern). */
export function taggedFrame(seq: number, samples: number): Int16Array {
  const f = new Int16Array(samples);
  f[0] = seq & 0x7fff;
  f[1] = (seq >>> 15) & 0x7fff;
  for (let i = 2; i < samples; i++) f[i] = ((seq * 31 + i * 7) & 0x7fff) - 0x4000;
  return f;
}

/** The sequence number of a tagged frame, or -1 if any sample disagrees with the tag. */
export function readTag(f: Int16Array, samples: number): number {
  if (f.length !== samples) return -1;
  const seq = f[0] | (f[1] << 15);
  for (let i = 2; i < samples; i++) if (f[i] !== ((seq * 31 + i * 7) & 0x7fff) - 0x4000) return -1;
  return seq;
}

/** Checks a stream of sequence numbers: every one in order, none missing, none twice. */
export class SequenceChecker {
  next = 0;
  lost = 0;
  duplicated = 0;
  reordered = 0;
  corrupted = 0;

  accept(seq: number): void {
    if (seq < 0) this.corrupted++;
    else if (seq === this.next) this.next++;
    else if (seq > this.next) {
      this.lost += seq - this.next;
      this.next = seq + 1;
    } else if (seq === this.next - 1) this.duplicated++;
    else this.reordered++;
  }

  get clean(): boolean {
    return this.lost + this.duplicated + this.reordered + this.corrupted === 0;
  }
}

/**
 * Calls `tick(seq)` every `intervalMs`, catching up after a late timer so the long-run rate is
 * exact (a plain setInterval drifts). Returns a stop function.
 */
export function pace(intervalMs: number, tick: (seq: number) => void): () => void {
  const start = performance.now();
  let seq = 0;
  let timer: NodeJS.Timeout | null = null;
  const run = () => {
    const due = Math.floor((performance.now() - start) / intervalMs) + 1;
    while (seq < due) tick(seq++);
    timer = setTimeout(run, Math.max(0, start + seq * intervalMs - performance.now()));
  };
  run();
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}

/** A mic stand-in: tagged 20 ms chunks at the recorder rate, in real time, once `enabled`. */
export class TaggedSource implements AudioSource {
  sent = 0;
  enabled = false;
  private stopPacing: (() => void) | null = null;

  start(onChunk: (chunk: ArrayBuffer) => void, sampleRate: number): void {
    const samples = sampleRate / 50;
    this.stopPacing = pace(20, () => {
      if (!this.enabled) return;
      onChunk(taggedFrame(this.sent++, samples).buffer as ArrayBuffer);
    });
  }

  stop(): void {
    this.stopPacing?.();
    this.stopPacing = null;
  }
}
