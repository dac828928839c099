/**
 * The browser's default audio I/O: the mic through the recorder worklet to the transport
 * (`MicInput`), bot audio through the player worklet to the speakers and to
 * `tracks().bot.audio` (`BotOutput`). This class composes the two: the shared AudioContext,
 * the lifecycle, the device list and its changes.
 *
 * Lifecycle (driven by the transport): `initialize` (from `initDevices`: opens the mic, lists
 * devices) → `start` (socket open: worklets run) → `stop` (disconnect: every track stopped, the
 * AudioContext closed) → `start` again on the next connect reopens what it needs.
 * Operations that open devices run one at a time; `stop` never waits for them: anything they
 * open after it is released at once (the `generation` check).
 */
import type { DeviceError, RTVIEventCallbacks, Tracks } from "@pipecat-ai/client-js";
import type { AudioFrame } from "../../serializers/WebSocketSerializer.js";
import type { AudioIO, AudioIOContext } from "../AudioIO.js";
import type { AudioHost } from "./AudioHost.js";
import { BotOutput } from "./BotOutput.js";
import { listDevices, mediaDevices, toDeviceError } from "./devices.js";
import { MicInput } from "./MicInput.js";
import { checkRate, resolveAudioOptions, type BrowserAudioIOOptions, type ResolvedAudioOptions } from "./options.js";
import { loadWorklets } from "./worklet/loadWorklets.js";

/** AudioWorklet-based mic capture and bot playback for `WebSocketTransport` in the browser. */
export class BrowserAudioIO implements AudioIO {
  private readonly opts: ResolvedAudioOptions;
  private readonly mic: MicInput;
  private readonly bot: BotOutput;
  private io: AudioIOContext | undefined;
  private callbacks: RTVIEventCallbacks = {};
  private running = false;
  /** Bumped by `stop()`: async work that started before it releases what it opens. */
  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  private context: AudioContext | undefined;
  private listening = false;

  constructor(options: BrowserAudioIOOptions = {}) {
    this.opts = resolveAudioOptions(options);
    const host: AudioHost = {
      opts: this.opts,
      callbacks: () => this.callbacks,
      generation: () => this.generation,
      running: () => this.running,
      serial: (task) => this.serial(task),
      reportDeviceError: (error) => this.reportDeviceError(error),
    };
    this.mic = new MicInput(host);
    this.bot = new BotOutput(host);
  }

  /** The AudioContext in use while started (or initialized), e.g. to add your own nodes. */
  get audioContext(): AudioContext | undefined {
    return this.context;
  }

  /** The node that outputs the bot's voice while started: connect an AnalyserNode to it for meters. */
  get output(): AudioNode | undefined {
    return this.bot.output;
  }

  /**
   * The node that carries the mic into the recorder while started (a new one after `updateMic`):
   * connect an AnalyserNode to it to see exactly what is recorded, at the moment it is recorded.
   */
  get input(): AudioNode | undefined {
    return this.mic.input;
  }

  async initialize(context: AudioIOContext): Promise<void> {
    checkRate(context.recorderSampleRate, "recorderSampleRate");
    checkRate(context.playerSampleRate, "playerSampleRate");
    this.io = context;
    this.callbacks = context.callbacks;
    this.mic.initEnabled(context.enableMic);
    await this.serial(async () => {
      this.listenForDevices(true);
      // Created here, close to the user's gesture (initDevices), so autoplay rules let it run;
      // the worklets load now so start() has nothing slow left to do.
      void loadWorklets(this.ensureContext()).catch(() => {});
      await this.mic.prepare();
      await this.reportDevices();
      await this.bot.prepare();
    });
  }

  async start(): Promise<void> {
    if (this.running || !this.io) return;
    this.running = true;
    const io = this.io;
    const generation = this.generation;
    await this.serial(() => this.build(io, generation)).catch((e: unknown) => {
      // stop() ran meanwhile (and closed the context under the build): stop won, not an error.
      if (generation !== this.generation) return;
      // A browser without AudioWorklet, say: let a later start() try again.
      this.running = false;
      throw e;
    });
  }

  async stop(): Promise<void> {
    this.generation++;
    this.running = false;
    this.listenForDevices(false);
    this.bot.stop();
    this.mic.stop();
    const ctx = this.context;
    this.context = undefined;
    if (ctx && ctx.state !== "closed") await ctx.close().catch(() => {});
  }

  playBotAudio(frame: AudioFrame): void {
    this.bot.play(frame, this.io?.playerSampleRate ?? 24000);
  }

  interrupt(): void {
    this.bot.interrupt();
  }

  bufferedMs(): number {
    return this.bot.bufferedMs();
  }

  /**
   * Playback health, from the player worklet's reports (every `levelIntervalMs`):
   * `underruns` — times a stream ran dry while more of it was still coming (the end of an
   * utterance is not one); `shedMs` — ms of excess delay shed so far (near-silence skipped, or
   * sound played 2 % faster); `leadMs` — ms of bot audio buffered ahead of the output now
   * (as `bufferedMs()`). Counters start at 0 on every `start()` (each connect).
   */
  playbackStats(): { underruns: number; shedMs: number; leadMs: number } {
    return this.bot.playbackStats();
  }

  getAllMics(): Promise<MediaDeviceInfo[]> {
    return listDevices("audioinput");
  }

  getAllSpeakers(): Promise<MediaDeviceInfo[]> {
    return listDevices("audiooutput");
  }

  /** Switches to mic `micId` without touching the connection; the old mic is released. */
  updateMic(micId: string): Promise<void> {
    return this.mic.update(micId);
  }

  /** Plays bot audio to `speakerId` (`setSinkId`); failures go to `onDeviceError`. */
  updateSpeaker(speakerId: string): Promise<void> {
    return this.bot.update(speakerId);
  }

  get selectedMic(): MediaDeviceInfo | Record<string, never> {
    return this.mic.selected;
  }

  get selectedSpeaker(): MediaDeviceInfo | Record<string, never> {
    return this.bot.selected;
  }

  /** Mutes (the track is disabled and no chunk is produced) or unmutes the mic. */
  enableMic(enable: boolean): void {
    this.mic.setEnabled(enable);
  }

  get isMicEnabled(): boolean {
    return this.mic.isEnabled;
  }

  tracks(): Tracks {
    const local = this.mic.track;
    const bot = this.bot.track;
    return { local: local ? { audio: local } : {}, ...(bot ? { bot: { audio: bot } } : {}) };
  }

  // ------------------------------------------------------------------ internals

  /** Builds the graph for `start()`: player, recorder, queued bot audio, mic. */
  private async build(io: AudioIOContext, generation: number): Promise<void> {
    if (generation !== this.generation) return;
    this.listenForDevices(true);
    const ctx = this.ensureContext();
    void ctx.resume().catch(() => {}); // may wait for a user gesture; never block on it
    await loadWorklets(ctx);
    if (generation !== this.generation) return;
    this.bot.createPlayer(ctx);
    this.mic.createRecorder(ctx, io);
    await this.bot.applySelected();
    if (generation !== this.generation) return;
    this.bot.announce();
    await this.mic.begin();
  }

  /** Runs `task` after the previous device operations (never rejects the queue). */
  private serial(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => {});
    return run;
  }

  private ensureContext(): AudioContext {
    if (!this.context || this.context.state === "closed") this.context = new AudioContext({ latencyHint: "interactive" });
    return this.context;
  }

  private reportDeviceError(error: DeviceError): void {
    this.opts.logger.warn(`[BrowserAudioIO] device error (${error.type}): ${error.message}`);
    this.callbacks.onDeviceError?.(error);
  }

  private async reportDevices(): Promise<void> {
    let all: MediaDeviceInfo[];
    try {
      all = await mediaDevices().enumerateDevices();
    } catch (e) {
      this.reportDeviceError(toDeviceError(e, ["mic", "speaker"]));
      return;
    }
    const mics = all.filter((d) => d.kind === "audioinput");
    this.callbacks.onAvailableMicsUpdated?.(mics);
    this.callbacks.onAvailableSpeakersUpdated?.(all.filter((d) => d.kind === "audiooutput"));
    return this.mic.checkCurrent(mics);
  }

  private readonly onDeviceChange = (): void => {
    void this.serial(() => this.reportDevices());
  };

  private listenForDevices(on: boolean): void {
    if (on === this.listening || typeof navigator === "undefined" || !navigator.mediaDevices) return;
    this.listening = on;
    if (on) navigator.mediaDevices.addEventListener("devicechange", this.onDeviceChange);
    else navigator.mediaDevices.removeEventListener("devicechange", this.onDeviceChange);
  }
}
