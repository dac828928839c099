/**
 * The audio seam of the transport: where user audio comes from and where bot audio goes.
 *
 * The transport owns the connection; an `AudioIO` owns devices. In the browser the default is
 * `BrowserAudioIO` (AudioWorklet recorder and player); in Node it is `StreamAudioIO`, fed by
 * `handleUserAudioStream` and draining to a callback. Implement it to route audio anywhere.
 */
import type { PipecatClientOptions, RTVIEventCallbacks, Tracks } from "@pipecat-ai/client-js";
import type { AudioFrame } from "../serializers/WebSocketSerializer.js";

/** What the transport hands an `AudioIO` when it initializes it. */
export interface AudioIOContext {
  /** Rate in Hz of the PCM16 mono chunks to deliver through `onUserAudio`. */
  recorderSampleRate: number;
  /** Default rate in Hz of bot audio frames that do not say their own rate. */
  playerSampleRate: number;
  /** Deliver one chunk of user audio (PCM16 mono at `recorderSampleRate`). */
  onUserAudio(chunk: ArrayBuffer): void;
  /** The client's callbacks (device lists, levels, tracks, device errors). */
  callbacks: RTVIEventCallbacks;
  /** Whether the client asked for the mic to start enabled. */
  enableMic: boolean;
}

/**
 * Audio devices and streams for one transport. All methods may be called in any order.
 *
 * Only the stream methods are required; device methods are optional, and the transport answers
 * for a missing one as a device-less platform would (no devices, nothing selected, no tracks).
 */
export interface AudioIO {
  /**
   * Called from `transport.initialize()` with the client's options, before any device work
   * (the official `MediaManager.setClientOptions`). Optional.
   */
  setClientOptions?(options: PipecatClientOptions): void;
  /**
   * Prepares devices (may ask for mic permission). Called from every `initDevices()`, so a call
   * after a failed one retries the devices; and from `connect()` if it was never called.
   */
  initialize(context: AudioIOContext): Promise<void>;
  /** Starts capturing and playing. Called when the socket first opens. */
  start(): Promise<void>;
  /** Stops capturing and playing and releases every device. Idempotent. */
  stop(): Promise<void>;
  /**
   * Queues one frame of bot audio for playback (the frame's own rate wins). May take ownership
   * of the frame's memory (the browser player transfers `frame.pcm.buffer` to the audio thread).
   */
  playBotAudio(frame: AudioFrame): void;
  /** Drops all buffered bot audio at once (barge-in). */
  interrupt(): void;
  /** Milliseconds of bot audio buffered and not yet played. */
  bufferedMs(): number;
  /** Mutes (no chunk is delivered) or unmutes user audio. */
  enableMic(enable: boolean): void;
  readonly isMicEnabled: boolean;

  /** Available microphones. Default: none. */
  getAllMics?(): Promise<MediaDeviceInfo[]>;
  /** Available speakers. Default: none. */
  getAllSpeakers?(): Promise<MediaDeviceInfo[]>;
  /** Switches the microphone. Default: no-op. */
  updateMic?(micId: string): void | Promise<void>;
  /** Switches the speaker. Default: no-op. */
  updateSpeaker?(speakerId: string): void | Promise<void>;
  /** The microphone in use. Default: `{}`. */
  readonly selectedMic?: MediaDeviceInfo | Record<string, never>;
  /** The speaker in use. Default: `{}`. */
  readonly selectedSpeaker?: MediaDeviceInfo | Record<string, never>;
  /** Media tracks (local mic, bot voice). Default: `{ local: {} }`. */
  tracks?(): Tracks;
  /**
   * Playback health, for `getStats()`: times playback ran dry mid-stream, ms of excess delay shed
   * to catch up, and ms of audio buffered ahead of the output now. Optional.
   */
  playbackStats?(): { underruns: number; shedMs: number; leadMs: number };
}
