/**
 * Types for the worklet code: the few parts of `AudioWorkletGlobalScope` the processors use.
 *
 * The processors are written as ordinary, type-checked functions (`dspSource.ts`,
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

/** The streaming resampler's interface (the class `defineResampler` returns). */
export interface WorkletResampler {
  readonly fromRate: number;
  /** Forgets all history (the next output starts from silence). */
  reset(): void;
  /** Most outputs one call with n inputs can produce (size the out array with this). */
  maxOutput(n: number): number;
  /** Resamples input[0..n) into out (at least maxOutput(n) long); returns the count written. */
  process(input: Float32Array, n: number, out: Float32Array): number;
}

/** The resampler class, as handed to the processors. */
export type WorkletResamplerClass = new (fromRate: number, toRate: number) => WorkletResampler;
