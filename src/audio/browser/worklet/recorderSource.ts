/**
 * The recorder AudioWorklet processor, written as a function whose source text is the worklet
 * code (see `scope.ts`; shipped minified, see `loadWorklets.ts`). It runs at the AudioContext's rate
 * (the mic's, in practice), resamples with anti-aliasing to the recorder rate (the low-latency
 * filter), converts to PCM16 and posts fixed-duration chunks to the main thread as transferred
 * buffers, ending them with the audio callback's bursts (one chunk, once, is longer to get there;
 * see `chunkAlignSource.ts`). It also posts the input RMS level at a steady interval.
 *
 * Messages: see `messages.ts` (`RecorderCommand` in, `RecorderEvent` out).
 */
import { RECORDER_PROCESSOR_NAME, type RecorderCommand, type RecorderEvent, type RecorderProcessorOptions } from "./messages.js";
import type { ChunkAligner, ChunkAlignerClass, ProcessorBase, RegisterProcessor, WorkletResampler, WorkletResamplerClass } from "./scope.js";

/** Registers the recorder processor as `name`. Runs in the worklet (see `scope.ts`). */
function defineRecorder(
  AudioWorkletProcessor: ProcessorBase,
  registerProcessor: RegisterProcessor,
  sampleRate: number,
  Resampler: WorkletResamplerClass,
  Aligner: ChunkAlignerClass,
  name: string,
): void {
  class PwtRecorderProcessor extends AudioWorkletProcessor {
    declare readonly resampler: WorkletResampler;
    declare readonly out: Float32Array;
    declare readonly silence: Float32Array;
    declare readonly chunkSamples: number;
    declare chunk: Int16Array<ArrayBuffer>;
    declare fill: number;
    /** Aligns chunk ends with the ends of the audio callback's bursts (see `chunkAlignSource.ts`). */
    declare readonly aligner: ChunkAligner;
    declare enabled: boolean;
    declare readonly levelFrames: number;
    declare levelSum: number;
    declare levelCount: number;
    declare levelDue: number;
    declare alive: boolean;

    constructor(options: { processorOptions: RecorderProcessorOptions }) {
      super();
      const o = options.processorOptions;
      this.resampler = new Resampler(Math.round(sampleRate), o.targetRate, "low-latency");
      this.out = new Float32Array(this.resampler.maxOutput(128));
      this.silence = new Float32Array(128);
      this.chunkSamples = o.chunkSamples;
      this.chunk = new Int16Array(this.chunkSamples);
      this.fill = 0;
      this.aligner = new Aligner(sampleRate / o.targetRate, this.chunkSamples);
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
          this.aligner.reset();
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
      this.aligner.quantum(Date.now());
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
      const extend = this.aligner.takeExtension();
      if (extend !== 0) {
        // Once, to align: this chunk ends later or earlier, so that it ends with its burst.
        const resized = new Int16Array(Math.max(this.fill + 1, this.chunk.length + extend));
        resized.set(this.chunk.subarray(0, this.fill));
        this.chunk = resized;
      }
      const out = this.out;
      const m = this.resampler.process(ch, n, out);
      for (let i = 0; i < m; i++) {
        let s = out[i];
        s = s >= 1 ? 32767 : s <= -1 ? -32768 : Math.round(s * 32767);
        this.chunk[this.fill++] = s;
        if (this.fill === this.chunk.length) {
          const buf = this.chunk.buffer;
          const chunk: RecorderEvent = { type: "chunk", pcm: buf };
          this.port.postMessage(chunk, [buf]);
          this.aligner.completed(m - i - 1);
          this.chunk = new Int16Array(this.chunkSamples);
          this.fill = 0;
        }
      }
      return true;
    }
  }
  registerProcessor(name, PwtRecorderProcessor);
}

/** Worklet code (unminified): registers the recorder (needs `RESAMPLER_CODE` and `CHUNK_ALIGN_CODE` before it). */
export const RECORDER_CODE = `(${defineRecorder})(AudioWorkletProcessor, registerProcessor, sampleRate, PwtResampler, PwtChunkAligner, "${RECORDER_PROCESSOR_NAME}");\n`;
