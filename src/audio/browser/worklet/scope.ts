/**
 * Types for the worklet code: the few parts of `AudioWorkletGlobalScope` the processors use.
 *
 * The processors are written as ordinary, type-checked functions (`src/pcm/streamingResampler.ts`,
 * `recorderSource.ts`, `playerSource.ts`) whose source text is the worklet code: `npm run worklet`
 * minifies that text into `generated/workletSource.ts`, the string that ships. That text runs in
 * the worklet's global scope, not in a module: a worklet function may use only its parameters
 * and JavaScript built-ins, never an import or a module-level binding. The scope's globals
 * (`AudioWorkletProcessor`, `registerProcessor`, `sampleRate`) therefore come in as parameters,
 * named by the call that ends each piece of text. Types only: no runtime code.
 */

/** A processor's `port` (a `MessagePort` inside the worklet). */
export interface ProcessorPort {
  onmessage: ((e: { data: unknown }) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

/** `AudioWorkletProcessor`, as the processors use it. */
export type ProcessorBase = new () => { readonly port: ProcessorPort };

/** `registerProcessor` of the worklet scope. */
export type RegisterProcessor = (name: string, processor: new (options: { processorOptions: never }) => unknown) => void;

/** The resampler class handed to the processors (`PwtResampler`, see `dspSource.ts`). */
export type { StreamingResampler as WorkletResampler, StreamingResamplerClass as WorkletResamplerClass } from "../../../pcm/streamingResampler.js";

/** The player's jitter buffer policy (`PwtJitterEstimator`, see `jitterSource.ts`). Frames at the context rate. */
export interface JitterEstimator {
  /** Notes `n` frames (at the context rate) arriving at `frame`; returns true if they begin a new stream. */
  arrive(frame: number, n: number): boolean;
  /** Forgets the stream (a clear): the next arrival begins a new one. */
  reset(): void;
  /** Largest lateness of the last 8 s, in frames. */
  jitter(): number;
  /** Lead the playout should keep over the earliest arrivals: jitter plus margin, in frames. */
  target(): number;
  /** Current lead of the playout schedule over the earliest recent arrival, in frames. */
  lead(frame: number, buffered: number): number;
  /** Whether a stream is arriving: more than one frame of it came, the last within 200 ms. */
  arriving(frame: number): boolean;
  /** Frame from which a stream that ran dry may restart with its target lead. */
  startAt(): number;
  /** Frames of excess lead that may be shed now: above the target and the lead the server sent ahead (0 while it is going ahead, or arrivals stopped). */
  excess(frame: number, buffered: number): number;
}

/** The estimator class, as handed to the player. */
export type JitterEstimatorClass = new (rate: number) => JitterEstimator;

/** The recorder's chunk alignment to the audio callbacks (`PwtChunkAligner`, see `chunkAlignSource.ts`). */
export interface ChunkAligner {
  /** Call at the start of every render quantum with the wall clock (`Date.now()`, ms). */
  quantum(nowMs: number): void;
  /** A chunk completed in this quantum with `samplesAfter` output samples of the quantum after it. */
  completed(samplesAfter: number): void;
  /** Output samples to add to (or, negative, take from) the chunk being filled, once, to align it (0 when aligned). */
  takeExtension(): number;
  /** Forgets what it measured (the chunk grid restarted). */
  reset(): void;
}

/** The aligner class: input frames per output sample, and the chunk length in output samples. */
export type ChunkAlignerClass = new (framesPerSample: number, chunkSamples: number) => ChunkAligner;
