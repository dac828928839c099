/**
 * The browser's default audio I/O: the mic through the recorder worklet to the transport, bot
 * audio through the player worklet to the speakers and to `tracks().bot.audio`, plus devices,
 * levels and the client-js callbacks that go with them.
 *
 * Lifecycle (driven by the transport): `initialize` (from `initDevices`: opens the mic, lists
 * devices) → `start` (socket open: worklets run) → `stop` (disconnect: every track stopped, the
 * AudioContext closed) → `start` again on the next connect reopens what it needs.
 * Operations that open devices run one at a time; `stop` never waits for them: anything they
 * open after it is released at once (the `generation` check).
 */
import type { Participant, RTVIEventCallbacks, Tracks } from "@pipecat-ai/client-js";
import type { DeviceError } from "@pipecat-ai/client-js";
import type { AudioFrame } from "../../serializers/WebSocketSerializer.js";
import type { AudioIO, AudioIOContext } from "../AudioIO.js";
import { deviceOfTrack, listDevices, mediaDevices, openMic, toDeviceError } from "./devices.js";
import { checkRate, resolveAudioOptions, type BrowserAudioIOOptions, type ResolvedAudioOptions } from "./options.js";
import { Player } from "./Player.js";
import { Recorder } from "./Recorder.js";
import { loadWorklets } from "./worklet/loadWorklets.js";

const NO_DEVICE: Record<string, never> = Object.freeze({}) as Record<string, never>;
const LOCAL: Participant = { id: "local", name: "", local: true };
const BOT: Participant = { id: "bot", name: "Bot", local: false };
/** Frames held while `start()` builds the player (a few seconds of typical 20-40 ms frames). */
const MAX_PENDING_FRAMES = 256;

/** AudioWorklet-based mic capture and bot playback for `WebSocketTransport` in the browser. */
export class BrowserAudioIO implements AudioIO {
  private readonly opts: ResolvedAudioOptions;
  private io: AudioIOContext | undefined;
  private callbacks: RTVIEventCallbacks = {};
  private micEnabled = true;
  private running = false;
  /** Bumped by `stop()`: async work that started before it releases what it opens. */
  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  private context: AudioContext | undefined;
  private recorder: Recorder | undefined;
  private player: Player | undefined;
  private stream: MediaStream | undefined;
  /** The mic track announced with `onTrackStarted` (to announce its end). */
  private announced: MediaStreamTrack | undefined;
  private mic: MediaDeviceInfo | Record<string, never> = NO_DEVICE;
  private speaker: MediaDeviceInfo | Record<string, never> = NO_DEVICE;
  private micId: string | undefined;
  private speakerId: string | undefined;
  private listening = false;
  /** A mic open was tried since `initialize`/`stop` (start() does not retry a refused mic). */
  private micTried = false;
  /** Bot audio that arrived after `start()` began but before the player existed. */
  private pending: { pcm: Uint8Array; rate: number; channels: number }[] = [];

  constructor(options: BrowserAudioIOOptions = {}) {
    this.opts = resolveAudioOptions(options);
    this.micId = this.opts.micDeviceId;
    this.speakerId = this.opts.speakerDeviceId;
  }

  /** The AudioContext in use while started (or initialized), e.g. to add your own nodes. */
  get audioContext(): AudioContext | undefined {
    return this.context;
  }

  /** The node that outputs the bot's voice while started: connect an AnalyserNode to it for meters. */
  get output(): AudioNode | undefined {
    return this.player?.output;
  }

  async initialize(context: AudioIOContext): Promise<void> {
    checkRate(context.recorderSampleRate, "recorderSampleRate");
    checkRate(context.playerSampleRate, "playerSampleRate");
    this.io = context;
    this.callbacks = context.callbacks;
    this.micEnabled = context.enableMic;
    await this.serial(async () => {
      this.listenForDevices(true);
      // Created here, close to the user's gesture (initDevices), so autoplay rules let it run;
      // the worklets load now so start() has nothing slow left to do.
      void loadWorklets(this.ensureContext()).catch(() => {});
      if (this.micEnabled && !this.stream) await this.openAndUseMic(this.micId);
      await this.reportDevices();
      if (this.speakerId !== undefined) await this.applySpeaker(this.speakerId);
      else if (this.speaker === NO_DEVICE) {
        const speakers = await listDevices("audiooutput").catch(() => []);
        const first = speakers.find((d) => d.deviceId === "default") ?? speakers[0];
        if (first) this.setSpeakerInfo(first);
      }
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
    this.pending = [];
    this.micTried = false;
    this.listenForDevices(false);
    this.recorder?.dispose();
    this.recorder = undefined;
    const botTrack = this.player?.track;
    this.player?.dispose();
    this.player = undefined;
    if (botTrack) this.callbacks.onTrackStopped?.(botTrack, BOT);
    this.releaseStream();
    const ctx = this.context;
    this.context = undefined;
    if (ctx && ctx.state !== "closed") await ctx.close().catch(() => {});
  }

  playBotAudio(frame: AudioFrame): void {
    // Serializers written for the official transport may not say the rate or channel count.
    const rate = frame.sampleRate > 0 ? frame.sampleRate : (this.io?.playerSampleRate ?? 24000);
    const channels = frame.numChannels > 0 ? frame.numChannels : 1;
    // The received bytes, not `frame.audio`: that would copy when the samples are misaligned.
    const pcm = frame.pcm ?? new Uint8Array(frame.audio.buffer, frame.audio.byteOffset, frame.audio.byteLength);
    if (this.player) this.player.push(pcm, rate, channels);
    else if (this.running && this.pending.length < MAX_PENDING_FRAMES) {
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

  getAllMics(): Promise<MediaDeviceInfo[]> {
    return listDevices("audioinput");
  }

  getAllSpeakers(): Promise<MediaDeviceInfo[]> {
    return listDevices("audiooutput");
  }

  /** Switches to mic `micId` without touching the connection; the old mic is released. */
  updateMic(micId: string): Promise<void> {
    this.micId = micId || undefined;
    return this.serial(async () => {
      if (this.stream || this.running) await this.openAndUseMic(this.micId);
      else {
        const info = (await this.getAllMics()).find((d) => d.deviceId === micId);
        if (info) {
          this.mic = info;
          this.callbacks.onMicUpdated?.(info);
        }
      }
    });
  }

  /** Plays bot audio to `speakerId` (`setSinkId`); failures go to `onDeviceError`. */
  updateSpeaker(speakerId: string): Promise<void> {
    this.speakerId = speakerId;
    return this.serial(() => this.applySpeaker(speakerId));
  }

  get selectedMic(): MediaDeviceInfo | Record<string, never> {
    return this.mic;
  }

  get selectedSpeaker(): MediaDeviceInfo | Record<string, never> {
    return this.speaker;
  }

  /** Mutes (the track is disabled and no chunk is produced) or unmutes the mic. */
  enableMic(enable: boolean): void {
    this.micEnabled = enable;
    for (const t of this.stream?.getAudioTracks() ?? []) t.enabled = enable;
    this.recorder?.setEnabled(enable);
    if (enable && this.running && !this.stream) void this.serial(() => this.openAndUseMic(this.micId));
  }

  get isMicEnabled(): boolean {
    return this.micEnabled;
  }

  tracks(): Tracks {
    const local = this.stream?.getAudioTracks()[0];
    const bot = this.player?.track;
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
    const levelIntervalMs = this.opts.levelIntervalMs;
    const player = new Player({
      context: ctx,
      maxBufferMs: this.opts.maxBufferMs,
      levelIntervalMs,
      playAudio: this.opts.playAudio,
      onLevel: (level) => this.callbacks.onRemoteAudioLevel?.(level, BOT),
      onOverflow: (frames) => this.opts.logger.warn(`[BrowserAudioIO] bot audio buffer full (maxBufferMs ${this.opts.maxBufferMs}): ${frames} frames dropped so far`),
    });
    this.player = player;
    this.recorder = new Recorder({
      context: ctx,
      targetRate: io.recorderSampleRate,
      chunkMs: this.opts.chunkMs,
      levelIntervalMs,
      enabled: this.micEnabled,
      onChunk: (pcm) => {
        if (this.micEnabled && this.running) io.onUserAudio(pcm);
      },
      onLevel: (level) => this.callbacks.onLocalAudioLevel?.(level),
    });
    for (const f of this.pending) player.push(f.pcm, f.rate, f.channels);
    this.pending = [];
    if (this.speakerId !== undefined) await this.applySpeaker(this.speakerId);
    if (generation !== this.generation) return;
    this.callbacks.onTrackStarted?.(player.track, BOT);
    if (this.stream) this.useStream(this.stream, false);
    else if (this.micEnabled && !this.micTried) await this.openAndUseMic(this.micId);
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

  /** Opens a mic and makes it current; a failure keeps the current mic and goes to `onDeviceError`. */
  private async openAndUseMic(deviceId: string | undefined): Promise<void> {
    const generation = this.generation;
    this.micTried = true;
    let stream: MediaStream;
    try {
      stream = await openMic(deviceId, this.opts);
    } catch (e) {
      this.reportDeviceError(e as DeviceError);
      return;
    }
    if (generation !== this.generation) {
      // stop() ran while the browser was opening the mic: release it at once.
      for (const t of stream.getTracks()) t.stop();
      return;
    }
    this.useStream(stream, true);
    const info = deviceOfTrack(stream.getAudioTracks()[0]!, await listDevices("audioinput").catch(() => []));
    if (info && stream === this.stream) {
      this.mic = info;
      this.callbacks.onMicUpdated?.(info);
    }
  }

  /** Makes `stream` the mic: muted or not as asked, fed to the recorder, the old one released. */
  private useStream(stream: MediaStream, replace: boolean): void {
    const track = stream.getAudioTracks()[0];
    if (!track) return;
    track.enabled = this.micEnabled;
    track.onended = () => {
      // The device went away (unplugged, revoked): fall back to the default mic.
      if (stream !== this.stream) return;
      this.opts.logger.warn("[BrowserAudioIO] the mic track ended; switching to the default mic");
      this.releaseStream();
      void this.serial(() => this.openAndUseMic(undefined));
    };
    if (replace && this.stream !== stream) this.releaseStream();
    this.stream = stream;
    if (this.recorder) {
      this.recorder.attach(stream);
      if (this.announced !== track) {
        this.announced = track;
        this.callbacks.onTrackStarted?.(track, LOCAL);
      }
    }
  }

  private releaseStream(): void {
    const old = this.stream;
    if (!old) return;
    this.stream = undefined;
    for (const t of old.getTracks()) {
      t.onended = null;
      t.stop();
      if (t === this.announced) {
        this.announced = undefined;
        this.callbacks.onTrackStopped?.(t, LOCAL);
      }
    }
  }

  private async applySpeaker(speakerId: string): Promise<void> {
    try {
      await this.player?.setSink(speakerId);
    } catch (e) {
      this.reportDeviceError(toDeviceError(e, ["speaker"]));
      return;
    }
    const info = (await this.getAllSpeakers().catch(() => [])).find((d) => d.deviceId === speakerId);
    if (info) this.setSpeakerInfo(info);
  }

  private setSpeakerInfo(info: MediaDeviceInfo): void {
    this.speaker = info;
    this.callbacks.onSpeakerUpdated?.(info);
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
    return this.checkCurrentMic(mics);
  }

  /** After a device change: if our mic vanished, or "default" now means another device, reopen. */
  private async checkCurrentMic(mics: MediaDeviceInfo[]): Promise<void> {
    const track = this.stream?.getAudioTracks()[0];
    if (!track || !("deviceId" in this.mic)) return;
    const current = this.mic as MediaDeviceInfo;
    const gone = !mics.some((d) => d.deviceId === current.deviceId);
    const defaultMoved = current.deviceId === "default" && mics.find((d) => d.deviceId === "default")?.label !== current.label;
    if (gone || defaultMoved) await this.openAndUseMic(gone ? undefined : "default");
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
