/**
 * A WAV file as the user's voice: for server-to-server tests and load tests that drive a bot
 * from Node. Streams the file in real time (like a mic would) as 20 ms PCM16 mono chunks at
 * whatever rate the transport records at, whatever the file's rate and channel count.
 */
import { OptionError } from "../common/errors.js";
import { readFile } from "node:fs/promises";
import type { AudioSource } from "../audio/StreamAudioIO.js";
import { resamplePcm16 } from "../pcm/resample.js";
import { downmixToMono, parseWav, WavError, type WavAudio } from "../pcm/wav.js";

/** Options of {@link WavFileSource}. Give `path` or `data`. */
export interface WavFileSourceOptions {
  /** Path of the WAV file to read. */
  path?: string;
  /** Or the file's bytes, or audio already decoded. */
  data?: Uint8Array | ArrayBuffer | WavAudio;
  /** Chunk duration in ms. Default 20. */
  chunkMs?: number;
  /** Speed relative to real time (2 = twice as fast). Default 1: like a live mic. */
  speed?: number;
  /** Silence sent before the file, in ms. Default 0. */
  leadingSilenceMs?: number;
  /** Silence sent after the file, in ms, so the bot's VAD hears the turn end. Default 0. */
  trailingSilenceMs?: number;
  /** Called after each chunk with the position and the total, in ms of audio. */
  onProgress?: (sentMs: number, totalMs: number) => void;
}

/** Streams a WAV file as user audio. Use with `StreamAudioIO({ source })`. */
export class WavFileSource implements AudioSource {
  private audio: { mono: Int16Array; rate: number } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private resolveFinished!: (completed: boolean) => void;
  /** Resolves `true` when the whole file (and trailing silence) was sent, `false` if stopped first. */
  readonly finished: Promise<boolean>;

  constructor(private readonly options: WavFileSourceOptions) {
    if (!options.path && !options.data) throw new OptionError("invalid-option", "WavFileSource: pass 'path' (a WAV file) or 'data'");
    const speed = options.speed ?? 1;
    if (!(speed > 0)) throw new OptionError("invalid-option", `WavFileSource: 'speed' must be > 0, got ${String(options.speed)}`);
    const chunkMs = options.chunkMs ?? 20;
    if (!(chunkMs >= 1 && chunkMs <= 1000)) throw new OptionError("invalid-option", `WavFileSource: 'chunkMs' must be 1..1000, got ${String(chunkMs)}`);
    this.finished = new Promise((r) => (this.resolveFinished = r));
  }

  /**
   * Reads and decodes the file (once). Call it before connecting to fail early on a bad file.
   * @throws WavError for a file that is not a readable WAV; the fs error for a missing file.
   */
  async load(): Promise<{ durationMs: number; sampleRate: number; channels: number }> {
    let wav: WavAudio;
    const data = this.options.data;
    if (data && !(data instanceof Uint8Array) && !(data instanceof ArrayBuffer)) wav = data;
    else {
      const bytes = data ?? (await readFile(this.options.path!));
      try {
        wav = parseWav(bytes);
      } catch (e) {
        if (e instanceof WavError && this.options.path) e.message = `${this.options.path}: ${e.message}`;
        throw e;
      }
    }
    this.audio = { mono: downmixToMono(wav.samples, wav.channels), rate: wav.sampleRate };
    return { durationMs: this.durationMs, sampleRate: wav.sampleRate, channels: wav.channels };
  }

  /** Length of what will be streamed (file plus silences) in ms; 0 before `load()`. */
  get durationMs(): number {
    if (!this.audio) return 0;
    return (this.audio.mono.length / this.audio.rate) * 1000 + (this.options.leadingSilenceMs ?? 0) + (this.options.trailingSilenceMs ?? 0);
  }

  async start(onChunk: (chunk: ArrayBuffer) => void, sampleRate: number): Promise<void> {
    if (this.running) return;
    if (!this.audio) await this.load();
    const { mono, rate } = this.audio!;
    const lead = Math.round(((this.options.leadingSilenceMs ?? 0) * sampleRate) / 1000);
    const trail = Math.round(((this.options.trailingSilenceMs ?? 0) * sampleRate) / 1000);
    const body = resamplePcm16(mono, rate, sampleRate);
    const pcm = new Int16Array(lead + body.length + trail);
    pcm.set(body, lead);

    const chunkMs = this.options.chunkMs ?? 20;
    const speed = this.options.speed ?? 1;
    const chunk = Math.max(1, Math.round((sampleRate * chunkMs) / 1000));
    const chunks = Math.ceil(pcm.length / chunk);
    const totalMs = (pcm.length / sampleRate) * 1000;
    const t0 = performance.now();
    let k = 0;
    this.running = true;
    const tick = (): void => {
      this.timer = undefined;
      if (!this.running) return;
      // Send every chunk that is due (catches up after a stalled event loop, like a mic buffer).
      const due = Math.min(chunks, Math.floor(((performance.now() - t0) * speed) / chunkMs) + 1);
      for (; k < due && this.running; k++) {
        const out = new Int16Array(chunk); // last chunk zero-padded to a full 20 ms
        out.set(pcm.subarray(k * chunk, Math.min(pcm.length, (k + 1) * chunk)));
        onChunk(out.buffer);
        this.options.onProgress?.(Math.min(totalMs, ((k + 1) * chunk * 1000) / sampleRate), totalMs);
      }
      if (k >= chunks) {
        this.running = false;
        this.resolveFinished(true);
        return;
      }
      this.timer = setTimeout(tick, Math.max(1, t0 + (k * chunkMs) / speed - performance.now()));
    };
    tick();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) {
      this.running = false;
      this.resolveFinished(false);
    }
  }
}
