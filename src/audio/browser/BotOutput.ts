/**
 * The speaker half of `BrowserAudioIO`: the player worklet, bot audio that arrives while
 * `start()` is still building it, the output device (`setSinkId`) and the bot track.
 */
import type { AudioFrame } from "../../serializers/WebSocketSerializer.js";
import { BOT, NO_DEVICE, type AudioHost } from "./AudioHost.js";
import { listDevices, toDeviceError } from "./devices.js";
import { Player } from "./Player.js";

/** Frames held while `start()` builds the player (a few seconds of typical 20-40 ms frames). */
const MAX_PENDING_FRAMES = 256;

/** Bot audio playback for `BrowserAudioIO`. */
export class BotOutput {
  private player: Player | undefined;
  /** Bot audio that arrived after `start()` began but before the player existed. */
  private pending: { pcm: Uint8Array; rate: number; channels: number }[] = [];
  private info: MediaDeviceInfo | Record<string, never> = NO_DEVICE;
  private deviceId: string | undefined;

  constructor(private readonly host: AudioHost) {
    this.deviceId = host.opts.speakerDeviceId;
  }

  get selected(): MediaDeviceInfo | Record<string, never> {
    return this.info;
  }

  /** The node that outputs the bot's voice while started. */
  get output(): AudioNode | undefined {
    return this.player?.output;
  }

  /** The bot's voice as a live track while started. */
  get track(): MediaStreamTrack | undefined {
    return this.player?.track;
  }

  /** From `initialize`: applies the configured speaker, or reports the default one as selected. */
  async prepare(): Promise<void> {
    if (this.deviceId !== undefined) await this.apply(this.deviceId);
    else if (this.info === NO_DEVICE) {
      const speakers = await listDevices("audiooutput").catch(() => []);
      const first = speakers.find((d) => d.deviceId === "default") ?? speakers[0];
      if (first) this.setInfo(first);
    }
  }

  /** From `start`: the player worklet in `context` (loaded), then the audio that waited for it. */
  createPlayer(context: AudioContext): void {
    const { opts } = this.host;
    const player = new Player({
      context,
      maxBufferMs: opts.maxBufferMs,
      levelIntervalMs: opts.levelIntervalMs,
      playAudio: opts.playAudio,
      onLevel: (level) => this.host.callbacks().onRemoteAudioLevel?.(level, BOT),
      onOverflow: (frames) => opts.logger.warn(`[BrowserAudioIO] bot audio buffer full (maxBufferMs ${opts.maxBufferMs}): ${frames} frames dropped so far`),
    });
    this.player = player;
    for (const f of this.pending) player.push(f.pcm, f.rate, f.channels);
    this.pending = [];
  }

  /** From `start`, after the player exists: plays to the chosen speaker, if one was chosen. */
  async applySelected(): Promise<void> {
    if (this.deviceId !== undefined) await this.apply(this.deviceId);
  }

  /** Announces the bot track with `onTrackStarted`. */
  announce(): void {
    if (this.player) this.host.callbacks().onTrackStarted?.(this.player.track, BOT);
  }

  /** Queues one frame; `defaultRate` for frames that do not say their rate. */
  play(frame: AudioFrame, defaultRate: number): void {
    // Serializers written for the official transport may not say the rate or channel count.
    const rate = frame.sampleRate > 0 ? frame.sampleRate : defaultRate;
    const channels = frame.numChannels > 0 ? frame.numChannels : 1;
    // The received bytes, not `frame.audio`: that would copy when the samples are misaligned.
    const pcm = frame.pcm ?? new Uint8Array(frame.audio.buffer, frame.audio.byteOffset, frame.audio.byteLength);
    if (this.player) this.player.push(pcm, rate, channels);
    else if (this.host.running() && this.pending.length < MAX_PENDING_FRAMES) {
      // start() is still building the graph (the bot may greet right after bot-ready).
      this.pending.push({ pcm, rate, channels });
    }
  }

  interrupt(): void {
    this.pending = [];
    this.player?.clear();
  }

  bufferedMs(): number {
    return this.player?.bufferedMs() ?? 0;
  }

  /** Counters of the player in use; zeros before `start()` and after `stop()`. */
  playbackStats(): { underruns: number; shedMs: number; leadMs: number } {
    return this.player?.stats() ?? { underruns: 0, shedMs: 0, leadMs: 0 };
  }

  /** Plays bot audio to `speakerId` (`setSinkId`); failures go to `onDeviceError`. */
  update(speakerId: string): Promise<void> {
    this.deviceId = speakerId;
    return this.host.serial(() => this.apply(speakerId));
  }

  /** From `stop`: drops what waits, ends the player and announces the bot track stopped. */
  stop(): void {
    this.pending = [];
    const track = this.player?.track;
    this.player?.dispose();
    this.player = undefined;
    if (track) this.host.callbacks().onTrackStopped?.(track, BOT);
  }

  private async apply(speakerId: string): Promise<void> {
    try {
      await this.player?.setSink(speakerId);
    } catch (e) {
      this.host.reportDeviceError(toDeviceError(e, ["speaker"]));
      return;
    }
    const info = (await listDevices("audiooutput").catch(() => [])).find((d) => d.deviceId === speakerId);
    if (info) this.setInfo(info);
  }

  private setInfo(info: MediaDeviceInfo): void {
    this.info = info;
    this.host.callbacks().onSpeakerUpdated?.(info);
  }
}
