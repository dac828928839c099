/**
 * Adapts an object with the official package's `MediaManager` shape (passed as the `mediaManager`
 * option) onto the transport's `AudioIO` seam, calling it the way the official transport does:
 * `setUserAudioCallback` at construction, `setClientOptions` from `initialize()`, `initialize()`
 * from every `initDevices()`, `connect()`/`disconnect()` with the session.
 *
 * Where the contract is weaker than ours, the adapter makes up for it: `bufferBotAudio` takes
 * samples without a rate, so each frame is downmixed and resampled to `playerSampleRate` first
 * (a 16 kHz frame plays at the right pitch); interruption calls `userStartedSpeaking()`, which
 * is how the official managers flush their player.
 */
import type { PipecatClientOptions, Tracks } from "@pipecat-ai/client-js";
import type { Logger } from "../common/logging.js";
import { Pcm16Resampler } from "../pcm/resample.js";
import { downmixToMono } from "../pcm/wav.js";
import type { AudioFrame } from "../serializers/WebSocketSerializer.js";
import type { AudioIO, AudioIOContext } from "./AudioIO.js";
import type { MediaManager } from "./MediaManager.js";

export class MediaManagerAudioIO implements AudioIO {
  private started = false;
  private resampler: Pcm16Resampler | null = null;

  constructor(
    /** The official-shaped manager. */
    readonly mediaManager: MediaManager,
    onUserAudio: (chunk: ArrayBuffer) => void,
    private readonly playerSampleRate: number,
    private readonly logger: Logger,
  ) {
    mediaManager.setUserAudioCallback(onUserAudio);
  }

  setClientOptions(options: PipecatClientOptions): void {
    this.mediaManager.setClientOptions(options);
  }

  async initialize(_context: AudioIOContext): Promise<void> {
    await this.mediaManager.initialize();
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    try {
      await this.mediaManager.connect();
    } catch (e) {
      this.started = false;
      throw e;
    }
  }

  async stop(): Promise<void> {
    this.started = false;
    this.resampler = null;
    await this.mediaManager.disconnect();
  }

  playBotAudio(frame: AudioFrame): void {
    let samples = frame.numChannels > 1 ? downmixToMono(frame.audio, frame.numChannels) : frame.audio;
    if (frame.sampleRate !== this.playerSampleRate) {
      if (!this.resampler || this.resampler.fromRate !== frame.sampleRate) {
        this.resampler = new Pcm16Resampler(frame.sampleRate, this.playerSampleRate);
      }
      samples = this.resampler.process(samples);
    } else {
      this.resampler = null;
    }
    if (samples.length > 0) this.mediaManager.bufferBotAudio(samples);
  }

  interrupt(): void {
    this.resampler = null;
    void Promise.resolve(this.mediaManager.userStartedSpeaking()).catch((e: unknown) => this.logger.warn("mediaManager.userStartedSpeaking() failed:", e));
  }

  bufferedMs(): number {
    return 0;
  }

  enableMic(enable: boolean): void {
    const done: unknown = this.mediaManager.enableMic(enable);
    if (done instanceof Promise) done.catch((e: unknown) => this.logger.warn("mediaManager.enableMic() failed:", e));
  }

  get isMicEnabled(): boolean {
    return this.mediaManager.isMicEnabled;
  }

  getAllMics(): Promise<MediaDeviceInfo[]> {
    return this.mediaManager.getAllMics();
  }

  getAllSpeakers(): Promise<MediaDeviceInfo[]> {
    return this.mediaManager.getAllSpeakers();
  }

  updateMic(micId: string): void | Promise<void> {
    return this.mediaManager.updateMic(micId);
  }

  updateSpeaker(speakerId: string): void | Promise<void> {
    return this.mediaManager.updateSpeaker(speakerId);
  }

  get selectedMic(): MediaDeviceInfo | Record<string, never> {
    return this.mediaManager.selectedMic;
  }

  get selectedSpeaker(): MediaDeviceInfo | Record<string, never> {
    return this.mediaManager.selectedSpeaker;
  }

  tracks(): Tracks {
    return this.mediaManager.tracks();
  }
}

/**
 * The `AudioIO` for a `mediaManager` option: a manager that wraps one (our `WavMediaManager`,
 * through `asAudioIO()`) is used through it; any other is adapted.
 */
export function audioIOOfManager(manager: MediaManager, onUserAudio: (chunk: ArrayBuffer) => void, playerSampleRate: number, logger: Logger): AudioIO {
  const inner = (manager as Partial<{ asAudioIO(): AudioIO }>).asAudioIO?.();
  return inner ?? new MediaManagerAudioIO(manager, onUserAudio, playerSampleRate, logger);
}
