/**
 * Audio I/O without devices: user audio comes from an optional `AudioSource` (or from the app
 * calling `transport.handleUserAudioStream`), bot audio goes to an optional `AudioSink`.
 * The default in Node, and the seam tests and server-to-server tools plug into.
 */
import type { AudioFrame } from "../serializers/WebSocketSerializer.js";
import type { AudioIO, AudioIOContext } from "./AudioIO.js";

/** Produces user audio: PCM16 mono chunks at the rate it is started with. */
export interface AudioSource {
  /** Starts delivering chunks at `sampleRate` Hz to `onChunk` until `stop()`. */
  start(onChunk: (chunk: ArrayBuffer) => void, sampleRate: number): void | Promise<void>;
  stop(): void | Promise<void>;
}

/** Consumes bot audio. */
export interface AudioSink {
  /** One frame of bot audio in its own format. The samples may be a view: copy to keep them. */
  write(frame: AudioFrame): void;
  /** Drop everything buffered and not yet played (barge-in). */
  flush(): void;
  /** Milliseconds buffered and not yet played (0 if the sink does not buffer). */
  bufferedMs?(): number;
  /** Called once when the transport stops. */
  close?(): void | Promise<void>;
}

/** Options of {@link StreamAudioIO}. */
export interface StreamAudioIOOptions {
  /** Where user audio comes from. Default: none (call `handleUserAudioStream` yourself). */
  source?: AudioSource;
  /** Where bot audio goes. Default: discarded. */
  sink?: AudioSink;
}

/** Device-less audio I/O: no device methods (the transport answers for them: no devices, no tracks). */
export class StreamAudioIO implements AudioIO {
  private context: AudioIOContext | undefined;
  private micEnabled = true;
  private running = false;

  constructor(private readonly options: StreamAudioIOOptions = {}) {}

  async initialize(context: AudioIOContext): Promise<void> {
    this.context = context;
    this.micEnabled = context.enableMic;
  }

  async start(): Promise<void> {
    if (this.running || !this.context) return;
    this.running = true;
    const ctx = this.context;
    await this.options.source?.start((chunk) => {
      if (this.micEnabled) ctx.onUserAudio(chunk);
    }, ctx.recorderSampleRate);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.options.source?.stop();
    await this.options.sink?.close?.();
  }

  playBotAudio(frame: AudioFrame): void {
    this.options.sink?.write(frame);
  }

  interrupt(): void {
    this.options.sink?.flush();
  }

  bufferedMs(): number {
    return this.options.sink?.bufferedMs?.() ?? 0;
  }

  enableMic(enable: boolean): void {
    this.micEnabled = enable;
  }
  get isMicEnabled(): boolean {
    return this.micEnabled;
  }
}
