/**
 * Records the bot's voice to a WAV file as a listener would have heard it. It models a real-time
 * player: bot audio arrives ahead of time (servers send a little ahead), queues, and "plays" as
 * the clock advances; an interruption (`flush`) drops what has not played yet, exactly as a
 * speaker would stop. So the file shows what barge-in really cut, not everything the server sent.
 *
 * Like the browser player, the queue is bounded (`maxBufferMs`): audio past it is dropped and
 * counted, never queued, so a server that floods (400 valid 1 MB frames in a second) costs at
 * most the bound in memory and in the file. Frames outside 8000–48000 Hz or 1–2 channels are
 * dropped and counted too: the transport already refuses them, but a sink can be written to
 * directly, and the resampler's work must stay bounded by the audio's duration.
 */
import { OptionError } from "../common/errors.js";
import { closeSync, openSync, writeSync } from "node:fs";
import type { AudioSink } from "../audio/StreamAudioIO.js";
import { isNetworkAudioFormat, MAX_NETWORK_SAMPLE_RATE, MIN_NETWORK_SAMPLE_RATE } from "../pcm/format.js";
import { Pcm16Resampler } from "../pcm/resample.js";
import { downmixToMono, wavHeader } from "../pcm/wav.js";
import type { AudioFrame } from "../serializers/WebSocketSerializer.js";

/** Default of {@link WavFileSinkOptions.maxBufferMs}: as the browser player's. */
export const DEFAULT_SINK_MAX_BUFFER_MS = 30_000;
/** Resamplers kept (one per incoming rate); a new rate past it starts the set over. */
const MAX_RESAMPLERS = 4;
/** Silence is written in pieces of this many samples (one shared buffer of zeros). */
const SILENCE_CHUNK = 48_000;
const ZEROS = new Int16Array(SILENCE_CHUNK);

/** Options of {@link WavFileSink}. */
export interface WavFileSinkOptions {
  /** Path of the WAV file to write (created or truncated at construction). */
  path: string;
  /** Rate of the file in Hz, an integer from 8000 to 48000. Default: the rate of the first valid bot audio frame. */
  sampleRate?: number;
  /**
   * Most bot audio, in ms, queued and not yet played. Audio past it is dropped and counted in
   * `stats.overflowMs`. Servers pace audio in real time with a small lead, so the bound only
   * matters for a server that floods; it bounds memory and the file's growth. From 100 to
   * 600,000. Default 30,000 (30 s, at most 2.9 MB of queued samples at 48 kHz).
   */
  maxBufferMs?: number;
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
  /** Bot audio frames received (valid or not). */
  frames: number;
  /** Interruptions (`flush` calls) that dropped queued audio. */
  interruptions: number;
  /** Ms of bot audio dropped by interruptions, never played. */
  droppedMs: number;
  /** Frames dropped, whole or in part, because the queue held `maxBufferMs` already. */
  overflowFrames: number;
  /** Ms of bot audio dropped because the queue was full. */
  overflowMs: number;
  /** Frames dropped for their format: a rate outside 8000–48000 Hz, not 1–2 channels, or no Int16 samples. */
  invalidFrames: number;
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
  private readonly maxBufferMs: number;
  /** Queue bound in samples at the file's rate. */
  private capacity = 0;
  private readonly counters = { frames: 0, interruptions: 0, droppedSamples: 0, overflowFrames: 0, overflowSamples: 0, invalidFrames: 0 };

  /** @throws OptionError (code invalid-option) for a `sampleRate` or `maxBufferMs` out of range, before creating the file. */
  constructor(private readonly options: WavFileSinkOptions) {
    const { sampleRate, maxBufferMs = DEFAULT_SINK_MAX_BUFFER_MS } = options;
    if (sampleRate !== undefined && !isNetworkAudioFormat(sampleRate, 1)) {
      throw new OptionError("invalid-option", `WavFileSink: sampleRate must be an integer from ${MIN_NETWORK_SAMPLE_RATE} to ${MAX_NETWORK_SAMPLE_RATE} Hz, got ${String(sampleRate)}`);
    }
    if (typeof maxBufferMs !== "number" || !(maxBufferMs >= 100 && maxBufferMs <= 600_000)) {
      throw new OptionError("invalid-option", `WavFileSink: maxBufferMs must be a number of ms from 100 to 600000 (default ${DEFAULT_SINK_MAX_BUFFER_MS}), got ${String(maxBufferMs)}`);
    }
    this.maxBufferMs = maxBufferMs;
    this.now = options.now ?? (() => performance.now());
    this.keepSilence = options.keepSilence ?? true;
    if (sampleRate !== undefined) this.setRate(sampleRate);
    this.fd = openSync(options.path, "w");
    writeSync(this.fd, wavHeader(0, this.rate ?? 24000));
  }

  write(frame: AudioFrame): void {
    if (this.closed) return;
    this.counters.frames++;
    const { sampleRate, numChannels, audio } = frame;
    if (!isNetworkAudioFormat(sampleRate, numChannels) || !(audio instanceof Int16Array)) {
      this.counters.invalidFrames++;
      return;
    }
    const now = this.now();
    if (this.rate === undefined) this.setRate(sampleRate);
    const rate = this.rate!;
    this.origin ??= now;
    this.advance(now);
    // What fits: whole input frames (a sample per channel) that fill the queue up to the bound.
    const inFrames = Math.floor(audio.length / numChannels);
    const room = this.capacity - this.queued;
    const fits = room <= 0 ? 0 : Math.min(inFrames, Math.floor((room * sampleRate) / rate));
    if (fits < inFrames) {
      this.counters.overflowFrames++;
      this.counters.overflowSamples += Math.round(((inFrames - fits) * rate) / sampleRate);
      if (fits === 0) return; // nothing copied, resampled or queued
    }
    const input = fits < inFrames ? audio.subarray(0, fits * numChannels) : audio;
    let mono = numChannels > 1 ? downmixToMono(input, numChannels) : input.slice();
    if (sampleRate !== rate) mono = this.resampler(sampleRate).process(mono);
    if (this.queued === 0) {
      // The player was idle: playback of this audio starts now, after the silent gap.
      const gap = Math.floor(((now - this.playTime()) * rate) / 1000);
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
    const c = this.counters;
    return {
      frames: c.frames,
      interruptions: c.interruptions,
      droppedMs: (c.droppedSamples / rate) * 1000,
      overflowFrames: c.overflowFrames,
      overflowMs: (c.overflowSamples / rate) * 1000,
      invalidFrames: c.invalidFrames,
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

  private setRate(rate: number): void {
    this.rate = rate;
    this.capacity = Math.ceil((rate * this.maxBufferMs) / 1000);
  }

  /** The resampler from `fromRate` to the file's rate (a bounded set: one per rate seen lately). */
  private resampler(fromRate: number): Pcm16Resampler {
    let r = this.resamplers.get(fromRate);
    if (!r) {
      if (this.resamplers.size >= MAX_RESAMPLERS) this.resamplers.clear();
      this.resamplers.set(fromRate, (r = new Pcm16Resampler(fromRate, this.rate!)));
    }
    return r;
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
      // In pieces: an hour-long pause must not allocate an hour of zeros at once.
      for (let left = silence; this.keepSilence && left > 0; left -= SILENCE_CHUNK) this.append(ZEROS.subarray(0, Math.min(left, SILENCE_CHUNK)));
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
