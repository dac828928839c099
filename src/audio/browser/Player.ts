/**
 * The speaker side of the audio graph: the player worklet (jitter buffer, resampling, fades) feeding
 * the speakers and a MediaStream track (`tracks().bot.audio`, for visualizers). Bot audio goes to
 * the worklet as a transferred buffer: the main thread never copies samples.
 */
import type { PlayerCommand, PlayerProcessorOptions, PlayerStatus } from "./worklet/messages.js";
import { PLAYER_PROCESSOR_NAME } from "./worklet/loadWorklets.js";

/** What the player needs; the worklets must already be loaded into `context`. */
export interface PlayerOptions {
  context: AudioContext;
  /** Buffer bound in ms. */
  maxBufferMs: number;
  /** Status / level interval in ms. */
  levelIntervalMs: number;
  /** Connect to `context.destination` (the speakers). */
  playAudio: boolean;
  onLevel(level: number): void;
  /** Called when the worklet had to drop audio (buffer full); `frames` is the running total. */
  onOverflow(frames: number): void;
}

/** Fades at underruns and interruptions: short enough to stay inside one render quantum. */
const FADE_MS = 2;

/** `AudioContext.setSinkId` (Chromium 110+), not yet in TypeScript's DOM types everywhere. */
type SinkCapableContext = AudioContext & { setSinkId?(id: string): Promise<void>; sinkId?: string | object };
type SinkCapableElement = HTMLAudioElement & { setSinkId?(id: string): Promise<void> };

/** Bot audio playback through the player worklet. */
export class Player {
  /** The node whose output is the bot's voice (tap it for meters). */
  readonly output: AudioWorkletNode;
  private readonly trackDestination: MediaStreamAudioDestinationNode;
  private readonly context: SinkCapableContext;
  private element: SinkCapableElement | undefined;
  private routedToDestination: boolean;
  private epoch = 0;
  /** Total ms of bot audio handed to the worklet, in the frames' own time. */
  private sentMs = 0;
  private status = { bufferedMs: 0, receivedMs: 0, at: 0 };
  /** Counters from the worklet's last report. */
  private counters = { underruns: 0, shedMs: 0 };
  private dropped = 0;
  private disposed = false;

  constructor(private readonly options: PlayerOptions) {
    this.context = options.context;
    const rate = this.context.sampleRate;
    const processorOptions: PlayerProcessorOptions = {
      capacityFrames: Math.ceil((rate * options.maxBufferMs) / 1000),
      fadeFrames: Math.min(128, Math.round((rate * FADE_MS) / 1000)),
      levelFrames: Math.round((rate * options.levelIntervalMs) / 1000),
    };
    this.output = new AudioWorkletNode(this.context, PLAYER_PROCESSOR_NAME, {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions,
    });
    this.output.port.onmessage = (e: MessageEvent<PlayerStatus>) => this.onStatus(e.data);
    this.trackDestination = this.context.createMediaStreamDestination();
    this.trackDestination.channelCount = 1;
    this.output.connect(this.trackDestination);
    this.routedToDestination = options.playAudio;
    if (options.playAudio) this.output.connect(this.context.destination);
  }

  /** The bot's voice as a live track. */
  get track(): MediaStreamTrack {
    return this.trackDestination.stream.getAudioTracks()[0]!;
  }

  /**
   * Queues interleaved PCM16 little-endian samples (`pcm`, at any byte offset) at `sampleRate` Hz.
   * Takes ownership of `pcm.buffer`: it is transferred to the audio thread and detached here
   * (the transport hands each received message over once), so the main thread copies nothing.
   */
  push(pcm: Uint8Array, sampleRate: number, channels: number): void {
    const samples = pcm.byteLength >> 1;
    if (samples === 0 || this.disposed) return;
    this.sentMs += (Math.floor(samples / channels) * 1000) / sampleRate;
    let buffer = pcm.buffer;
    let byteOffset = pcm.byteOffset;
    // A SharedArrayBuffer cannot be transferred: copy that (rare) case.
    if (!(buffer instanceof ArrayBuffer)) {
      buffer = pcm.slice().buffer;
      byteOffset = 0;
    }
    const command: PlayerCommand = { type: "audio", pcm: buffer as ArrayBuffer, byteOffset, samples, sampleRate, channels };
    this.output.port.postMessage(command, [buffer as ArrayBuffer]);
  }

  /** Drops everything buffered: silent from the next render quantum. */
  clear(): void {
    this.epoch++;
    const command: PlayerCommand = { type: "clear", epoch: this.epoch };
    this.output.port.postMessage(command);
    // Frames sent before the clear are dropped with it; reports older than it are ignored.
    this.status = { bufferedMs: 0, receivedMs: this.sentMs, at: performance.now() };
  }

  /** Buffered and not yet played, in ms: the last report, aged, plus what is in flight. */
  bufferedMs(): number {
    const s = this.status;
    const elapsed = this.context.state === "running" ? performance.now() - s.at : 0;
    return Math.max(0, s.bufferedMs - elapsed) + Math.max(0, this.sentMs - s.receivedMs);
  }

  /**
   * Playback health: mid-stream underruns and ms of excess delay shed so far (as of the last
   * worklet report, at most one level interval old), and ms buffered ahead of the output now.
   */
  stats(): { underruns: number; shedMs: number; leadMs: number } {
    return { underruns: this.counters.underruns, shedMs: this.counters.shedMs, leadMs: this.bufferedMs() };
  }

  /**
   * Plays to the output device `deviceId` ("" = the default). Uses `AudioContext.setSinkId`
   * where it exists, else an `<audio>` element playing the bot track.
   */
  async setSink(deviceId: string): Promise<void> {
    if (!this.options.playAudio) return;
    if (typeof this.context.setSinkId === "function") {
      await this.context.setSinkId(deviceId === "default" ? "" : deviceId);
      return;
    }
    const proto = (typeof HTMLMediaElement !== "undefined" ? HTMLMediaElement.prototype : undefined) as SinkCapableElement | undefined;
    if (!proto || typeof proto.setSinkId !== "function") {
      throw Object.assign(new Error("this browser cannot choose an audio output device (no setSinkId)"), { name: "NotSupportedError" });
    }
    if (!this.element) {
      const el = new Audio() as SinkCapableElement;
      el.autoplay = true;
      el.srcObject = this.trackDestination.stream;
      this.element = el;
    }
    await this.element.setSinkId!(deviceId === "default" ? "" : deviceId);
    // Route through the element only once it is on the right device.
    if (this.routedToDestination) {
      this.output.disconnect(this.context.destination);
      this.routedToDestination = false;
    }
    await this.element.play().catch(() => {});
  }

  /** Stops playback, ends the bot track and releases the worklet. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const command: PlayerCommand = { type: "stop" };
    this.output.port.postMessage(command);
    this.output.port.onmessage = null;
    this.output.disconnect();
    this.track.stop();
    if (this.element) {
      this.element.pause();
      this.element.srcObject = null;
      this.element = undefined;
    }
  }

  private onStatus(s: PlayerStatus): void {
    if (s.droppedFrames > this.dropped) {
      this.dropped = s.droppedFrames;
      this.options.onOverflow(s.droppedFrames);
    }
    this.counters = { underruns: s.underruns, shedMs: (s.shedFrames * 1000) / this.context.sampleRate };
    if (s.epoch === this.epoch) {
      this.status = { bufferedMs: (s.bufferedFrames * 1000) / this.context.sampleRate, receivedMs: s.receivedMs, at: performance.now() };
    }
    this.options.onLevel(s.level);
  }
}
