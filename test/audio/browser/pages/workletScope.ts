/**
 * Runs AudioWorklet module text in Node with only the worklet scope's globals defined
 * (`AudioWorkletProcessor`, `registerProcessor`, `sampleRate`), so the DSP and build tests
 * exercise the exact string the browser loads.
 */
export interface Port {
  posted: unknown[];
  onmessage: ((e: { data: unknown }) => void) | null;
  postMessage(m: unknown): void;
}
export interface Processor {
  port: Port;
  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean;
}
export type ProcessorCtor = new (o: { processorOptions: unknown }) => Processor;

/** Evaluates worklet module `source` at context rate `rate`; returns its registered processors. */
export function loadProcessors(source: string, rate: number): Record<string, ProcessorCtor> {
  class AudioWorkletProcessor {
    port: Port = {
      posted: [],
      onmessage: null,
      postMessage(m: unknown) {
        this.posted.push(m);
      },
    };
  }
  const registered: Record<string, ProcessorCtor> = {};
  new Function("AudioWorkletProcessor", "registerProcessor", "sampleRate", `"use strict";${source}`)(
    AudioWorkletProcessor,
    (name: string, ctor: ProcessorCtor) => (registered[name] = ctor),
    rate,
  );
  return registered;
}
