/**
 * Records the bot's voice to a WAV file as a listener would have heard it. It models a real-time
 * player: bot audio arrives ahead of time (servers send at ~2x), queues, and "plays" as the clock
 * advances; an interruption (`flush`) drops what has not played yet, exactly as a speaker would
 * stop. So the file shows what barge-in really cut, not everything the server sent.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { AudioSink } from "../audio/StreamAudioIO.js";
import { Pcm16Resampler } from "../pcm/resample.js";
import { downmixToMono, wavHeader } from "../pcm/wav.js";
import type { AudioFrame } from "../serializers/WebSocketSerializer.js";

/** Options of {@link WavFileSink}. */
export interface WavFileSinkOptions {
  /** Path of the WAV file to write (created or truncated at construction). */
  path: string;
  /** Rate of the file in Hz. Default: the rate of the first bot audio frame. */
  sampleRate?: number;
  /**
   * Write silence for the time the bot was silent between turns, so the file follows the
   * session's clock from the first bot audio on. Default true; false concatenates the turns.
   */
  keepSilence?: boolean;
  /** Clock in ms. Default `performance.now`. */
  now?: () => number;
}

/** What a {@link WavFileSink} did so far. */
export interface WavFileSinkStats {
  /** Bot audio frames received. */
  frames: number;
  /** Interruptions (`flush` calls) that dropped queued audio. */
  interruptions: number;
  /** Ms of bot audio dropped by interruptions, never played. */
  droppedMs: number;
  /** Ms of audio in the file (bot audio and kept silence). */
  writtenMs: number;
}

/** Writes played-out bot audio to a PCM16 mono WAV. Use with `StreamAudioIO({ sink })`. */
export class WavFileSink implements AudioSink {
  private readonly fd: number;
  private readonly now: () => number;
  private readonly keepSilence: boolean;
  private rate: number | undefined;
  private readonly resamplers = new Map<number, Pcm16Resampler>();
  /** Queued, not yet played samples: chunks and the read offset in the first. */
  private queue: Int16Array[] = [];
  private queueHead = 0;
  private queued = 0;
  /** Timeline: sample `cursor` (played audio + silence) plays at `origin + cursor / rate`. */
  private origin: number | undefined;
  private cursor = 0;
  private fileSamples = 0;
  private closed = false;
  private readonly counters = { frames: 0, interruptions: 0, droppedSamples: 0 };

  constructor(private readonly options: WavFileSinkOptions) {
    this.now = options.now ?? (() => performance.now());
    this.keepSilence = options.keepSilence ?? true;
    this.rate = options.sampleRate;
    this.fd = openSync(options.path, "w");
    writeSync(this.fd, wavHeader(0, this.rate ?? 24000));
  }

  write(frame: AudioFrame): void {
    if (this.closed) return;
    this.counters.frames++;
    const now = this.now();
    this.rate ??= frame.sampleRate;
    this.origin ??= now;
    this.advance(now);
    let mono = frame.numChannels > 1 ? downmixToMono(frame.audio, frame.numChannels) : frame.audio.slice();
    if (frame.sampleRate !== this.rate) {
      let r = this.resamplers.get(frame.sampleRate);
      if (!r) this.resamplers.set(frame.sampleRate, (r = new Pcm16Resampler(frame.sampleRate, this.rate)));
      mono = r.process(mono);
    }
    if (this.queued === 0) {
      // The player was idle: playback of this audio starts now, after the silent gap.
      const gap = Math.floor(((now - this.playTime()) * this.rate) / 1000);
      if (gap > 0) this.play(null, gap);
    }
    if (mono.length > 0) {
      this.queue.push(mono);
      this.queued += mono.length;
    }
  }

  /** Barge-in: what has played stays in the file; everything still queued is dropped. */
  flush(): void {
    if (this.closed) return;
    this.advance(this.now());
    if (this.queued > 0) {
      this.counters.interruptions++;
      this.counters.droppedSamples += this.queued;
    }
    this.queue = [];
    this.queueHead = 0;
    this.queued = 0;
    this.resamplers.clear(); // their tails belong to the dropped audio
  }

  bufferedMs(): number {
    if (this.closed || !this.rate) return 0;
    this.advance(this.now());
    return (this.queued / this.rate) * 1000;
  }

  /** Stats so far. */
  get stats(): WavFileSinkStats {
    const rate = this.rate ?? 24000;
    return {
      frames: this.counters.frames,
      interruptions: this.counters.interruptions,
      droppedMs: (this.counters.droppedSamples / rate) * 1000,
      writtenMs: (this.fileSamples / rate) * 1000,
    };
  }

  /**
   * Writes what is still queued (as if it played to the end), finalizes the header and closes
   * the file. Idempotent. Call `flush()` first to discard the queue instead.
   */
  close(): void {
    if (this.closed) return;
    this.advance(this.now());
    for (const r of this.resamplers.values()) {
      const tail = r.flush();
      if (tail.length) {
        this.queue.push(tail);
        this.queued += tail.length;
      }
    }
    this.play(this.queued, 0);
    this.closed = true;
    writeSync(this.fd, wavHeader(this.fileSamples * 2, this.rate ?? 24000), 0, 44, 0);
    closeSync(this.fd);
  }

  /** When the sample at the cursor plays. */
  private playTime(): number {
    return this.origin! + (this.cursor * 1000) / this.rate!;
  }

  /** Plays queued audio up to `now`. */
  private advance(now: number): void {
    if (this.origin === undefined || this.queued === 0) return;
    const due = Math.floor(((now - this.playTime()) * this.rate!) / 1000);
    if (due > 0) this.play(Math.min(due, this.queued), 0);
  }

  /** Moves `samples` queued samples to the file, or `silence` samples of silence. */
  private play(samples: number | null, silence: number): void {
    if (silence > 0) {
      this.cursor += silence;
      if (this.keepSilence) this.append(new Int16Array(silence));
      return;
    }
    let left = samples ?? 0;
    while (left > 0 && this.queue.length > 0) {
      const head = this.queue[0]!;
      const n = Math.min(left, head.length - this.queueHead);
      this.append(head.subarray(this.queueHead, this.queueHead + n));
      this.queueHead += n;
      left -= n;
      this.queued -= n;
      this.cursor += n;
      if (this.queueHead === head.length) {
        this.queue.shift();
        this.queueHead = 0;
      }
    }
  }

  private append(pcm: Int16Array): void {
    if (pcm.length === 0) return;
    writeSync(this.fd, new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
    this.fileSamples += pcm.length;
  }
}
