/**
 * The messages between the main thread and the two audio worklets, typed for the main-thread
 * side and for the worklet code, and the names the processors are registered under.
 */

/** Name of the recorder processor (`new AudioWorkletNode(context, RECORDER_PROCESSOR_NAME)`). */
export const RECORDER_PROCESSOR_NAME = "pwt-recorder";
/** Name of the player processor. */
export const PLAYER_PROCESSOR_NAME = "pwt-player";

/** `processorOptions` of the recorder worklet. */
export interface RecorderProcessorOptions {
  /** Output rate in Hz of the PCM16 chunks. */
  targetRate: number;
  /** Samples per chunk at `targetRate`. */
  chunkSamples: number;
  /** Whether chunks are produced from the start. */
  enabled: boolean;
  /** Input frames between two level reports. */
  levelFrames: number;
}

/** Main thread → recorder. */
export type RecorderCommand = { type: "enable"; enabled: boolean } | { type: "stop" };

/** Recorder → main thread. */
export type RecorderEvent =
  /** One chunk of PCM16 mono at the target rate (a transferred buffer). */
  | { type: "chunk"; pcm: ArrayBuffer }
  /** RMS level (0..1) of the input over the last interval. */
  | { type: "level"; level: number };

/** `processorOptions` of the player worklet. */
export interface PlayerProcessorOptions {
  /** Ring buffer size in frames at the context rate (the bound on buffered audio). */
  capacityFrames: number;
  /** Length in frames of the fades at underruns and interruptions (at most one quantum). */
  fadeFrames: number;
  /** Output frames between two status reports. */
  levelFrames: number;
}

/** Main thread → player. */
export type PlayerCommand =
  /** PCM16 interleaved little-endian samples: `samples` Int16 values from `byteOffset` (any, even odd) of `pcm`. */
  | { type: "audio"; pcm: ArrayBuffer; byteOffset: number; samples: number; sampleRate: number; channels: number }
  /** Drop everything buffered (barge-in); `epoch` tags the status reports that follow. */
  | { type: "clear"; epoch: number }
  | { type: "stop" };

/** Player → main thread. */
export interface PlayerStatus {
  type: "status";
  /** The last clear's epoch the worklet had seen when it wrote this report. */
  epoch: number;
  /** Frames (at the context rate) buffered and not yet played. */
  bufferedFrames: number;
  /** While playing, the lead of the playout over the stream's earliest recent arrival, in frames (the delay the jitter buffer keeps); otherwise `bufferedFrames`. */
  leadFrames: number;
  /** Lead the jitter buffer aims for (measured arrival jitter plus two render quanta), in frames. */
  targetFrames: number;
  /** Total duration in ms of all frames received so far (in their own time base). */
  receivedMs: number;
  /** RMS level (0..1) of what was played over the last interval. */
  level: number;
  /** Times a stream ran dry while more of it was still coming (the end of an utterance does not count). */
  underruns: number;
  /** Frames of excess lead shed so far (silence skipped, or played 2 % faster), at the context rate. */
  shedFrames: number;
  /** Frames dropped because the buffer was full. */
  droppedFrames: number;
}
