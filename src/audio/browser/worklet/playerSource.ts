/**
 * The player AudioWorklet processor, written as a function whose source text is the worklet
 * code (see `scope.ts`; shipped minified, see `loadWorklets.ts`). A bounded Float32 ring buffer at
 * the AudioContext's rate: PCM16 frames arrive as transferred buffers at any rate and channel count,
 * are downmixed and resampled here (off the main thread), and are played out one render quantum
 * at a time.
 *
 * - Underrun: the last samples before the buffer runs dry fade out, and playback fades back in
 *   when audio returns, so a late frame costs a dip, not a click.
 * - `clear` (barge-in): everything buffered is dropped except a fade of at most one render
 *   quantum, so the output is silent from the next quantum on.
 * - Status (buffered frames, RMS level of what was played, counters) is posted at a steady
 *   interval; the main thread extrapolates `bufferedMs()` between two posts.
 *
 * Messages: see `messages.ts` (`PlayerCommand` in, `PlayerStatus` out).
 */
import { PLAYER_PROCESSOR_NAME, type PlayerCommand, type PlayerProcessorOptions, type PlayerStatus } from "./messages.js";
import type { ProcessorBase, RegisterProcessor, WorkletResampler, WorkletResamplerClass } from "./scope.js";

type AudioCommand = Extract<PlayerCommand, { type: "audio" }>;

/** Registers the player processor as `name`. Runs in the worklet (see `scope.ts`). */
function definePlayer(
  AudioWorkletProcessor: ProcessorBase,
  registerProcessor: RegisterProcessor,
  sampleRate: number,
  Resampler: WorkletResamplerClass,
  name: string,
): void {
  class PwtPlayerProcessor extends AudioWorkletProcessor {
    declare readonly rate: number;
    declare readonly ring: Float32Array;
    declare read: number;
    declare count: number;
    declare readonly fadeFrames: number;
    declare fadeIn: number;
    declare tailLeft: number;
    declare tailLen: number;
    declare playing: boolean;
    declare resampler: WorkletResampler | null;
    declare mono: Float32Array;
    declare resampled: Float32Array;
    declare readonly levelFrames: number;
    declare levelSum: number;
    declare levelCount: number;
    declare levelDue: number;
    declare epoch: number;
    declare receivedMs: number;
    declare underruns: number;
    declare droppedFrames: number;
    declare alive: boolean;

    constructor(options: { processorOptions: PlayerProcessorOptions }) {
      super();
      const o = options.processorOptions;
      this.rate = Math.round(sampleRate);
      this.ring = new Float32Array(o.capacityFrames);
      this.read = 0;
      this.count = 0;
      this.fadeFrames = Math.max(1, o.fadeFrames);
      this.fadeIn = 0;
      this.tailLeft = 0;
      this.tailLen = 0;
      this.playing = false;
      this.resampler = null;
      this.mono = new Float32Array(2048);
      this.resampled = new Float32Array(4096);
      this.levelFrames = o.levelFrames;
      this.levelSum = 0;
      this.levelCount = 0;
      this.levelDue = o.levelFrames;
      this.epoch = 0;
      this.receivedMs = 0;
      this.underruns = 0;
      this.droppedFrames = 0;
      this.alive = true;
      this.port.onmessage = (e) => this.onCommand(e.data as PlayerCommand);
    }

    onCommand(m: PlayerCommand): void {
      if (m.type === "audio") this.enqueue(m);
      else if (m.type === "clear") this.clear(m.epoch);
      else if (m.type === "stop") {
        this.alive = false;
        this.port.onmessage = null;
      }
    }

    enqueue(m: AudioCommand): void {
      const channels = m.channels;
      const frames = Math.floor(m.samples / channels);
      this.receivedMs += (frames * 1000) / m.sampleRate;
      if (frames === 0) return;
      // Received messages put samples at any byte offset; an odd one is copied here, on the
      // audio thread, so the main thread never copies samples.
      const pcm =
        m.byteOffset % 2 === 0
          ? new Int16Array(m.pcm, m.byteOffset, frames * channels)
          : new Int16Array(m.pcm.slice(m.byteOffset, m.byteOffset + frames * channels * 2));
      if (this.mono.length < frames) this.mono = new Float32Array(frames * 2);
      const mono = this.mono;
      if (channels === 1) {
        for (let i = 0; i < frames; i++) mono[i] = pcm[i] / 32768;
      } else {
        const k = 1 / (32768 * channels);
        for (let i = 0, j = 0; i < frames; i++) {
          let s = 0;
          for (let c = 0; c < channels; c++) s += pcm[j++];
          mono[i] = s * k;
        }
      }
      // The frame's own rate wins; a new rate gets a fresh resampler.
      if (!this.resampler || this.resampler.fromRate !== m.sampleRate) this.resampler = new Resampler(m.sampleRate, this.rate);
      const need = this.resampler.maxOutput(frames);
      if (this.resampled.length < need) this.resampled = new Float32Array(need * 2);
      const n = this.resampler.process(mono, frames, this.resampled);
      const cap = this.ring.length;
      const room = cap - this.count;
      const take = Math.min(n, room);
      this.droppedFrames += n - take;
      let w = (this.read + this.count) % cap;
      for (let i = 0; i < take; i++) {
        this.ring[w] = this.resampled[i];
        if (++w === cap) w = 0;
      }
      this.count += take;
    }

    clear(epoch: number): void {
      this.epoch = epoch;
      // Keep at most one fade's worth (less than a render quantum) and ramp it down.
      const keep = Math.min(this.count, this.fadeFrames, 128);
      this.count = keep;
      this.tailLeft = keep;
      this.tailLen = keep;
      if (this.resampler) this.resampler.reset();
    }

    process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
      if (!this.alive) return false;
      const out = outputs[0][0];
      const N = out.length;
      const ring = this.ring,
        cap = ring.length,
        fade = this.fadeFrames;
      let i = 0;
      // 1. The fade-out left by a clear.
      while (i < N && this.tailLeft > 0) {
        out[i++] = ring[this.read] * (this.tailLeft / (this.tailLen + 1));
        if (++this.read === cap) this.read = 0;
        this.count--;
        this.tailLeft--;
        if (this.tailLeft === 0) {
          this.playing = false;
          this.fadeIn = 0;
        }
      }
      // 2. Normal playback; on underrun fade out what is left.
      const want = N - i;
      const k = Math.min(this.count, want);
      const fadeOutFrom = this.count < want ? k - Math.min(k, fade) : k;
      const fadeOutLen = k - fadeOutFrom;
      for (let j = 0; j < k; j++) {
        let s = ring[this.read];
        if (++this.read === cap) this.read = 0;
        if (this.fadeIn < fade) {
          s *= this.fadeIn / fade;
          this.fadeIn++;
        }
        if (j >= fadeOutFrom) s *= (k - j) / (fadeOutLen + 1);
        out[i++] = s;
      }
      this.count -= k;
      if (k > 0) this.playing = true;
      if (k < want) {
        if (this.playing) this.underruns++;
        this.playing = false;
        this.fadeIn = 0;
        for (; i < N; i++) out[i] = 0;
      }
      // 3. Level of what was played, and status, at a steady interval.
      let sum = this.levelSum;
      for (let j = 0; j < N; j++) sum += out[j] * out[j];
      this.levelSum = sum;
      this.levelCount += N;
      this.levelDue -= N;
      if (this.levelDue <= 0) {
        this.levelDue += this.levelFrames;
        const status: PlayerStatus = {
          type: "status",
          epoch: this.epoch,
          bufferedFrames: this.count,
          receivedMs: this.receivedMs,
          level: Math.min(1, Math.sqrt(this.levelSum / this.levelCount)),
          underruns: this.underruns,
          droppedFrames: this.droppedFrames,
        };
        this.port.postMessage(status);
        this.levelSum = 0;
        this.levelCount = 0;
      }
      return true;
    }
  }
  registerProcessor(name, PwtPlayerProcessor);
}

/** Worklet code (unminified): registers the player (needs `RESAMPLER_CODE` before it). */
export const PLAYER_CODE = `(${definePlayer})(AudioWorkletProcessor, registerProcessor, sampleRate, PwtResampler, "${PLAYER_PROCESSOR_NAME}");\n`;
