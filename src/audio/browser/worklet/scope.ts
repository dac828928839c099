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
