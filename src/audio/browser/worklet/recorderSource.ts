/**
 * The recorder AudioWorklet processor, written as a function whose source text is the worklet
 * code (see `scope.ts`; shipped minified, see `loadWorklets.ts`). It runs at the AudioContext's rate
 * (the mic's, in practice), resamples with anti-aliasing to the recorder rate, converts to PCM16
 * and posts fixed-duration chunks to the main thread as transferred buffers. It also posts the
 * input RMS level at a steady interval.
 *
 * Messages: see `messages.ts` (`RecorderCommand` in, `RecorderEvent` out).
 */
import { RECORDER_PROCESSOR_NAME, type RecorderCommand, type RecorderEvent, type RecorderProcessorOptions } from "./messages.js";
import type { ProcessorBase, RegisterProcessor, WorkletResampler, WorkletResamplerClass } from "./scope.js";

/** Registers the recorder processor as `name`. Runs in the worklet (see `scope.ts`). */
function defineRecorder(
  AudioWorkletProcessor: ProcessorBase,
  registerProcessor: RegisterProcessor,
  sampleRate: number,
  Resampler: WorkletResamplerClass,
  name: string,
): void {
  class PwtRecorderProcessor extends AudioWorkletProcessor {
    declare readonly resampler: WorkletResampler;
    declare readonly out: Float32Array;
    declare readonly silence: Float32Array;
    declare readonly chunkSamples: number;
    declare chunk: Int16Array<ArrayBuffer>;
    declare fill: number;
    declare enabled: boolean;
    declare readonly levelFrames: number;
    declare levelSum: number;
    declare levelCount: number;
    declare levelDue: number;
    declare alive: boolean;

    constructor(options: { processorOptions: RecorderProcessorOptions }) {
      super();
      const o = options.processorOptions;
      this.resampler = new Resampler(Math.round(sampleRate), o.targetRate);
      this.out = new Float32Array(this.resampler.maxOutput(128));
      this.silence = new Float32Array(128);
      this.chunkSamples = o.chunkSamples;
      this.chunk = new Int16Array(this.chunkSamples);
      this.fill = 0;
      this.enabled = o.enabled;
      this.levelFrames = o.levelFrames;
      this.levelSum = 0;
      this.levelCount = 0;
      this.levelDue = o.levelFrames;
      this.alive = true;
      this.port.onmessage = (e) => {
        const m = e.data as RecorderCommand;
        if (m.type === "enable") {
          if (m.enabled && !this.enabled) this.resampler.reset();
          this.enabled = m.enabled;
          this.fill = 0;
          // A level window must not mix samples from both sides of a mute.
          this.levelSum = 0;
          this.levelCount = 0;
        } else if (m.type === "stop") {
          this.alive = false;
          this.port.onmessage = null;
        }
      };
    }

    process(inputs: Float32Array[][]): boolean {
      if (!this.alive) return false;
      const input = inputs[0];
      // No channel while no source is connected (no mic granted): levels read 0, no chunk is sent.
      const connected = input !== undefined && input.length > 0;
      // Muted reads as silence at once, not when the disabled track's silence reaches us.
      const ch = connected && this.enabled ? input[0] : this.silence;
      const n = ch.length;
      let sum = this.levelSum;
      for (let i = 0; i < n; i++) sum += ch[i] * ch[i];
      this.levelSum = sum;
      this.levelCount += n;
      this.levelDue -= n;
      if (this.levelDue <= 0) {
        // levelDue carries the remainder, so reports keep a steady average rate.
        const level: RecorderEvent = { type: "level", level: Math.min(1, Math.sqrt(this.levelSum / this.levelCount)) };
        this.port.postMessage(level);
        this.levelSum = 0;
        this.levelCount = 0;
        this.levelDue += this.levelFrames;
      }
      if (!this.enabled || !connected) return true;
      const out = this.out;
      const m = this.resampler.process(ch, n, out);
      for (let i = 0; i < m; i++) {
        let s = out[i];
        s = s >= 1 ? 32767 : s <= -1 ? -32768 : Math.round(s * 32767);
        this.chunk[this.fill++] = s;
        if (this.fill === this.chunkSamples) {
          const buf = this.chunk.buffer;
          const chunk: RecorderEvent = { type: "chunk", pcm: buf };
          this.port.postMessage(chunk, [buf]);
          this.chunk = new Int16Array(this.chunkSamples);
          this.fill = 0;
        }
      }
      return true;
    }
  }
  registerProcessor(name, PwtRecorderProcessor);
}

/** Worklet code (unminified): registers the recorder (needs `RESAMPLER_CODE` before it). */
export const RECORDER_CODE = `(${defineRecorder})(AudioWorkletProcessor, registerProcessor, sampleRate, PwtResampler, "${RECORDER_PROCESSOR_NAME}");\n`;
