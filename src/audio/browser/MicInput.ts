/**
 * The mic half of `BrowserAudioIO`: opening and switching the mic, mute, the recorder worklet
 * that turns it into PCM16 chunks for the transport, the local track and its announcements.
 * Opening a device is async; a `stop()` meanwhile wins (the `generation` check releases it).
 */
import type { DeviceError } from "@pipecat-ai/client-js";
import type { AudioIOContext } from "../AudioIO.js";
import { LOCAL, NO_DEVICE, type AudioHost } from "./AudioHost.js";
import { deviceOfTrack, listDevices, openMic } from "./devices.js";
import { Recorder } from "./Recorder.js";

/** Mic capture for `BrowserAudioIO`. */
export class MicInput {
  private enabled = true;
  private recorder: Recorder | undefined;
  private stream: MediaStream | undefined;
  /** The mic track announced with `onTrackStarted` (to announce its end). */
  private announced: MediaStreamTrack | undefined;
  private info: MediaDeviceInfo | Record<string, never> = NO_DEVICE;
  private deviceId: string | undefined;
  /** A mic open was tried since `initialize`/`stop` (start() does not retry a refused mic). */
  private tried = false;

  constructor(private readonly host: AudioHost) {
    this.deviceId = host.opts.micDeviceId;
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  get selected(): MediaDeviceInfo | Record<string, never> {
    return this.info;
  }

  /** The live mic track, if a mic is open. */
  get track(): MediaStreamTrack | undefined {
    return this.stream?.getAudioTracks()[0];
  }

  /** The node that carries the mic into the recorder, while started with a mic open. */
  get input(): AudioNode | undefined {
    return this.recorder?.input;
  }

  /** From `initialize`, at once: whether the client asked for the mic enabled. */
  initEnabled(enabled: boolean): void {
    this.enabled = enabled;
  }

  /** From `initialize`, on the device queue: opens the mic if it is enabled and not open. */
  async prepare(): Promise<void> {
    if (this.enabled && !this.stream) await this.open(this.deviceId);
  }

  /** From `start`: the recorder worklet in `context` (loaded), feeding `io.onUserAudio`. */
  createRecorder(context: AudioContext, io: AudioIOContext): void {
    this.recorder = new Recorder({
      context,
      targetRate: io.recorderSampleRate,
      chunkMs: this.host.opts.chunkMs,
      levelIntervalMs: this.host.opts.levelIntervalMs,
      enabled: this.enabled,
      onChunk: (pcm) => {
        if (this.enabled && this.host.running()) io.onUserAudio(pcm);
      },
      onLevel: (level) => this.host.callbacks().onLocalAudioLevel?.(level),
    });
  }

  /** From `start`, after the recorder exists: records the open mic, or opens one. */
  async begin(): Promise<void> {
    if (this.stream) this.use(this.stream, false);
    else if (this.enabled && !this.tried) await this.open(this.deviceId);
  }

  /** Mutes (the track is disabled and no chunk is produced) or unmutes. */
  setEnabled(enable: boolean): void {
    this.enabled = enable;
    for (const t of this.stream?.getAudioTracks() ?? []) t.enabled = enable;
    this.recorder?.setEnabled(enable);
    if (enable && this.host.running() && !this.stream) void this.host.serial(() => this.open(this.deviceId));
  }

  /** Switches to mic `micId` without touching the connection; the old mic is released. */
  update(micId: string): Promise<void> {
    this.deviceId = micId || undefined;
    return this.host.serial(async () => {
      if (this.stream || this.host.running()) await this.open(this.deviceId);
      else {
        const info = (await listDevices("audioinput")).find((d) => d.deviceId === micId);
        if (info) {
          this.info = info;
          this.host.callbacks().onMicUpdated?.(info);
        }
      }
    });
  }

  /** After a device change: if our mic vanished, or "default" now means another device, reopen. */
  async checkCurrent(mics: MediaDeviceInfo[]): Promise<void> {
    if (!this.track || !("deviceId" in this.info)) return;
    const current = this.info as MediaDeviceInfo;
    const gone = !mics.some((d) => d.deviceId === current.deviceId);
    const defaultMoved = current.deviceId === "default" && mics.find((d) => d.deviceId === "default")?.label !== current.label;
    if (gone || defaultMoved) await this.open(gone ? undefined : "default");
  }

  /** From `stop`: the recorder ends, the mic is released (its track announced stopped). */
  stop(): void {
    this.tried = false;
    this.recorder?.dispose();
    this.recorder = undefined;
    this.release();
  }

  /** Opens a mic and makes it current; a failure keeps the current mic and goes to `onDeviceError`. */
  private async open(deviceId: string | undefined): Promise<void> {
    const generation = this.host.generation();
    this.tried = true;
    let stream: MediaStream;
    try {
      stream = await openMic(deviceId, this.host.opts);
    } catch (e) {
      this.host.reportDeviceError(e as DeviceError);
      return;
    }
    if (generation !== this.host.generation()) {
      // stop() ran while the browser was opening the mic: release it at once.
      for (const t of stream.getTracks()) t.stop();
      return;
    }
    this.use(stream, true);
    const info = deviceOfTrack(stream.getAudioTracks()[0]!, await listDevices("audioinput").catch(() => []));
    if (info && stream === this.stream) {
      this.info = info;
      this.host.callbacks().onMicUpdated?.(info);
    }
  }

  /** Makes `stream` the mic: muted or not as asked, fed to the recorder, the old one released. */
  private use(stream: MediaStream, replace: boolean): void {
    const track = stream.getAudioTracks()[0];
    if (!track) return;
    track.enabled = this.enabled;
    track.onended = () => {
      // The device went away (unplugged, revoked): fall back to the default mic.
      if (stream !== this.stream) return;
      this.host.opts.logger.warn("[BrowserAudioIO] the mic track ended; switching to the default mic");
      this.release();
      void this.host.serial(() => this.open(undefined));
    };
    if (replace && this.stream !== stream) this.release();
    this.stream = stream;
    if (this.recorder) {
      this.recorder.attach(stream);
      if (this.announced !== track) {
        this.announced = track;
        this.host.callbacks().onTrackStarted?.(track, LOCAL);
      }
    }
  }

  private release(): void {
    const old = this.stream;
    if (!old) return;
    this.stream = undefined;
    for (const t of old.getTracks()) {
      t.onended = null;
      t.stop();
      if (t === this.announced) {
        this.announced = undefined;
        this.host.callbacks().onTrackStopped?.(t, LOCAL);
      }
    }
  }
}
