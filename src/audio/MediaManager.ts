/**
 * The official package's audio seam, `MediaManager` (from `@pipecat-ai/websocket-transport`'s
 * `lib/media-mgmt/mediaManager.ts`), with the same members, so code and tests written for it —
 * a subclass, or a structural fake passed as `mediaManager` — work here unchanged. The transport
 * adapts any object of this shape onto its own `AudioIO` seam (see `MediaManagerAudioIO`).
 */
import type { PipecatClientOptions, RTVIEventCallbacks, Tracks } from "@pipecat-ai/client-js";

export abstract class MediaManager {
  declare protected _userAudioCallback: (data: ArrayBuffer) => void;
  declare protected _options: PipecatClientOptions;
  protected _callbacks: RTVIEventCallbacks = {};
  protected _micEnabled: boolean;
  protected _camEnabled: boolean;
  protected _supportsScreenShare: boolean;

  constructor() {
    this._micEnabled = true;
    this._camEnabled = false;
    this._supportsScreenShare = false;
  }

  /** Where captured user audio goes (PCM16 mono chunks at the recorder rate). */
  setUserAudioCallback(userAudioCallback: (data: ArrayBuffer) => void): void {
    this._userAudioCallback = userAudioCallback;
  }

  /** The client's options (callbacks, enableMic/enableCam); kept from the first call unless `override`. */
  setClientOptions(options: PipecatClientOptions, override = false): void {
    if (this._options && !override) return;
    this._options = options;
    this._callbacks = options.callbacks ?? {};
    this._micEnabled = options.enableMic ?? true;
    this._camEnabled = options.enableCam ?? false;
  }

  /** Prepares devices (`initDevices()`). */
  abstract initialize(): Promise<void>;
  /** Starts capture and playback (the socket opened). */
  abstract connect(): Promise<void>;
  /** Stops and releases everything. */
  abstract disconnect(): Promise<void>;

  /** Interrupts bot playback (barge-in). */
  abstract userStartedSpeaking(): Promise<unknown>;
  /** Queues bot audio (PCM16 samples at the player's rate). */
  abstract bufferBotAudio(data: ArrayBuffer | Int16Array, id?: string): Int16Array | undefined;

  abstract getAllMics(): Promise<MediaDeviceInfo[]>;
  abstract getAllCams(): Promise<MediaDeviceInfo[]>;
  abstract getAllSpeakers(): Promise<MediaDeviceInfo[]>;

  abstract updateMic(micId: string): void;
  abstract updateCam(camId: string): void;
  abstract updateSpeaker(speakerId: string): void;

  abstract get selectedMic(): MediaDeviceInfo | Record<string, never>;
  abstract get selectedCam(): MediaDeviceInfo | Record<string, never>;
  abstract get selectedSpeaker(): MediaDeviceInfo | Record<string, never>;

  abstract enableMic(enable: boolean): void;
  abstract enableCam(enable: boolean): void;
  abstract enableScreenShare(enable: boolean): void;

  abstract get isCamEnabled(): boolean;
  abstract get isMicEnabled(): boolean;
  abstract get isSharingScreen(): boolean;

  abstract tracks(): Tracks;

  get supportsScreenShare(): boolean {
    return this._supportsScreenShare;
  }
}
