/**
 * The mic side of the audio graph: a MediaStream source feeding the recorder worklet, which sends
 * back PCM16 chunks at the recorder rate and input levels. The source can be swapped (device
 * switch) while the worklet, and the chunk cadence the server sees, carry on.
 */
import type { RecorderCommand, RecorderEvent, RecorderProcessorOptions } from "./worklet/messages.js";
import { RECORDER_PROCESSOR_NAME } from "./worklet/loadWorklets.js";

/** What the recorder needs; the worklets must already be loaded into `context`. */
export interface RecorderOptions {
  context: AudioContext;
  /** Chunk rate in Hz. */
  targetRate: number;
  /** Chunk duration in ms. */
  chunkMs: number;
  /** Level report interval in ms. */
  levelIntervalMs: number;
  /** Produce chunks from the start. */
  enabled: boolean;
  onChunk(pcm16: ArrayBuffer): void;
  onLevel(level: number): void;
}

/** Mic capture through the recorder worklet. */
export class Recorder {
  private readonly node: AudioWorkletNode;
  private source: MediaStreamAudioSourceNode | undefined;

  constructor(private readonly options: RecorderOptions) {
    const { context } = options;
    const processorOptions: RecorderProcessorOptions = {
      targetRate: options.targetRate,
      chunkSamples: Math.round((options.targetRate * options.chunkMs) / 1000),
      enabled: options.enabled,
      levelFrames: Math.round((context.sampleRate * options.levelIntervalMs) / 1000),
    };
    // No outputs: the node is pulled by the graph anyway, and nothing of the mic reaches the speakers.
    this.node = new AudioWorkletNode(context, RECORDER_PROCESSOR_NAME, {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: "explicit",
      channelInterpretation: "speakers",
      processorOptions,
    });
    this.node.port.onmessage = (e: MessageEvent<RecorderEvent>) => {
      const m = e.data;
      if (m.type === "chunk") this.options.onChunk(m.pcm);
      else this.options.onLevel(m.level);
    };
  }

  /** The node that feeds the mic into the worklet, while a stream is attached. */
  get input(): MediaStreamAudioSourceNode | undefined {
    return this.source;
  }

  /** Captures from `stream` (replacing the previous stream, without a gap in the worklet). */
  attach(stream: MediaStream): void {
    const next = this.options.context.createMediaStreamSource(stream);
    next.connect(this.node);
    this.source?.disconnect();
    this.source = next;
  }

  /** Starts or stops producing chunks (levels keep coming). */
  setEnabled(enabled: boolean): void {
    this.post({ type: "enable", enabled });
  }

  /** Disconnects everything and ends the worklet. */
  dispose(): void {
    this.source?.disconnect();
    this.source = undefined;
    this.post({ type: "stop" }); // the processor returns false and the node can be collected
    this.node.port.onmessage = null;
  }

  private post(command: RecorderCommand): void {
    this.node.port.postMessage(command);
  }
}
