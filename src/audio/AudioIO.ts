/**
 * The audio seam of the transport: where user audio comes from and where bot audio goes.
 *
 * The transport owns the connection; an `AudioIO` owns devices. In the browser the default is
 * `BrowserAudioIO` (AudioWorklet recorder and player); in Node it is `StreamAudioIO`, fed by
 * `handleUserAudioStream` and draining to a callback. Implement it to route audio anywhere.
 */
import type { RTVIEventCallbacks, Tracks } from "@pipecat-ai/client-js";
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

/** Audio devices and streams for one transport. All methods may be called in any order. */
export interface AudioIO {
  /** Prepares devices (may ask for mic permission). Called from `initDevices()`. */
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

  getAllMics(): Promise<MediaDeviceInfo[]>;
  getAllSpeakers(): Promise<MediaDeviceInfo[]>;
  updateMic(micId: string): void | Promise<void>;
  updateSpeaker(speakerId: string): void | Promise<void>;
  readonly selectedMic: MediaDeviceInfo | Record<string, never>;
  readonly selectedSpeaker: MediaDeviceInfo | Record<string, never>;
  enableMic(enable: boolean): void;
  readonly isMicEnabled: boolean;
  tracks(): Tracks;
}
