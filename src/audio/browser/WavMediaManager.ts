/**
 * `WavMediaManager` with the official package's constructor signature, built on our
 * `BrowserAudioIO` (AudioWorklet recorder and player) instead of the official wavtools: code that
 * does `new WebSocketTransport({ mediaManager: new WavMediaManager() })` keeps working, offline.
 *
 * Given to our transport, it is used through `asAudioIO()`, so bot audio keeps each frame's own
 * rate and interruptions clear the player within one render quantum; and mic audio is recorded at
 * the transport's `recorderSampleRate`, the rate the frames say they are (the official manager
 * records at its own constructor rate, 24 kHz by default, whatever the transport announces).
 * Used through the bare `MediaManager` methods, it behaves like the official one.
 */
import type { Tracks } from "@pipecat-ai/client-js";
import type { AudioIO } from "../AudioIO.js";
import { MediaManager } from "../MediaManager.js";
import { BrowserAudioIO } from "./BrowserAudioIO.js";

export class WavMediaManager extends MediaManager {
  private readonly audio: BrowserAudioIO;
  private initialized = false;

  /**
   * @param recorderChunkSize Samples per mic chunk at `recorderSampleRate` (official meaning).
   *   Default: 20 ms chunks.
   * @param recorderSampleRate Mic rate in Hz when used through the `MediaManager` methods. Default 24000.
   */
  constructor(
    recorderChunkSize: number | undefined = undefined,
    private readonly recorderSampleRate: number | undefined = 24000,
  ) {
    super();
    const rate = recorderSampleRate ?? 24000;
    this.audio = new BrowserAudioIO(recorderChunkSize ? { chunkMs: (recorderChunkSize * 1000) / rate } : {});
  }

  /** Our audio I/O inside, for transports that take an `AudioIO` (ours does). */
  asAudioIO(): AudioIO {
    return this.audio;
  }

  async initialize(): Promise<void> {
    await this.audio.initialize({
      recorderSampleRate: this.recorderSampleRate ?? 24000,
      playerSampleRate: 24000,
      onUserAudio: (chunk) => this._userAudioCallback?.(chunk),
      callbacks: this._callbacks,
      enableMic: this._micEnabled,
    });
    this.initialized = true;
  }

  async connect(): Promise<void> {
    if (!this.initialized) await this.initialize();
    await this.audio.start();
  }

  async disconnect(): Promise<void> {
    this.initialized = false;
    await this.audio.stop();
  }

  async userStartedSpeaking(): Promise<unknown> {
    this.audio.interrupt();
    return undefined;
  }

  /** Queues PCM16 mono bot audio at 24 kHz (the official manager's player rate). */
  bufferBotAudio(data: ArrayBuffer | Int16Array, _id?: string): Int16Array {
    const audio = data instanceof Int16Array ? data : new Int16Array(data);
    this.audio.playBotAudio({ type: "audio", audio, pcm: new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength), sampleRate: 24000, numChannels: 1 });
    return audio;
  }

  getAllMics(): Promise<MediaDeviceInfo[]> {
    return this.audio.getAllMics();
  }
  getAllCams(): Promise<MediaDeviceInfo[]> {
    return Promise.resolve([]);
  }
  getAllSpeakers(): Promise<MediaDeviceInfo[]> {
    return this.audio.getAllSpeakers();
  }
  updateMic(micId: string): void {
    void this.audio.updateMic(micId);
  }
  updateCam(_camId: string): void {}
  updateSpeaker(speakerId: string): void {
    void this.audio.updateSpeaker(speakerId);
  }
  get selectedMic(): MediaDeviceInfo | Record<string, never> {
    return this.audio.selectedMic;
  }
  get selectedCam(): Record<string, never> {
    return {};
  }
  get selectedSpeaker(): MediaDeviceInfo | Record<string, never> {
    return this.audio.selectedSpeaker;
  }
  enableMic(enable: boolean): void {
    this._micEnabled = enable;
    this.audio.enableMic(enable);
  }
  enableCam(_enable: boolean): void {}
  enableScreenShare(_enable: boolean): void {}
  get isCamEnabled(): boolean {
    return false;
  }
  get isMicEnabled(): boolean {
    return this.audio.isMicEnabled;
  }
  get isSharingScreen(): boolean {
    return false;
  }
  tracks(): Tracks {
    return this.audio.tracks();
  }
}
