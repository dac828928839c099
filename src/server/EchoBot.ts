/**
 * The dev server's bot, one per connection: it behaves like a Pipecat voice bot without any AI.
 * It answers `client-ready`, detects the user's turns with an energy VAD, speaks back what it
 * heard (resampled to its output rate, in chunks paced like Pipecat's own output: real time, one
 * chunk ahead; see pacing.ts), and stops on barge-in with an InterruptionFrame — so demos and
 * tests exercise the real client flows.
 * There is no speech-to-text: transcriptions are placeholders that give the turn's length.
 */
import type { InboundFrame } from "../serializers/WebSocketSerializer.js";
import { ProtobufFrameSerializer } from "../serializers/ProtobufFrameSerializer.js";
import { Pcm16Resampler, resamplePcm16 } from "../pcm/resample.js";
import { downmixToMono } from "../pcm/wav.js";
import { EnergyVad, type EnergyVadOptions } from "./EnergyVad.js";
import { encodeInterruptionFrame } from "./frameEncoders.js";
import type { Emit } from "./log.js";
import { pacedSend, type PacedSend } from "./pacing.js";

/** RTVI protocol version the bot reports in `bot-ready` (what client-js 1.13 speaks). */
export const BOT_RTVI_VERSION = "2.1.0";

/** How the bot talks. All durations in ms. */
export interface EchoBotOptions {
  /** Rate of the bot's audio in Hz. */
  outputSampleRate: number;
  /** Duration of each bot audio chunk. */
  chunkMs: number;
  /** Speed of the send clock relative to real time: 1 is Pipecat's (one chunk ahead). */
  pace: number;
  vad: EnergyVadOptions;
  /** Longest turn the bot records; longer speech is cut (the echo is this long at most). */
  maxUtteranceMs: number;
  /** Audio kept from before the VAD fired, so the echo includes the onset. */
  prerollMs: number;
}

/** What the bot needs from its connection. */
export interface EchoBotIO {
  send(data: Uint8Array): void;
  /** Fault injection: true to leave this `client-ready` unanswered. */
  withholdBotReady(): boolean;
  close(code: number, reason: string): void;
  emit: Emit;
}

type Json = Record<string, unknown>;

/** The answer being spoken: its paced send, and the timer that ends it when it has played out. */
interface Speaking {
  turn: number;
  send: PacedSend | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** One conversation with one client. Call `handle` per inbound frame and `dispose` at the end. */
export class EchoBot {
  private readonly serializer = new ProtobufFrameSerializer();
  private readonly vad: EnergyVad;
  private inputRate = 0;
  /** Streams frames at another rate than the first one to it (chunk edges stay seamless). */
  private upstream: Pcm16Resampler | undefined;
  private preroll: Int16Array[] = [];
  private prerollSamples = 0;
  private utterance: Int16Array[] | null = null;
  private utteranceSamples = 0;
  private speaking: Speaking | null = null;
  private turns = 0;
  private msgId = 0;
  private readonly unhandledLogged = new Set<string>();
  private disposed = false;

  constructor(
    private readonly io: EchoBotIO,
    private readonly options: EchoBotOptions,
  ) {
    this.vad = new EnergyVad(options.vad);
  }

  /** True while the bot's audio is (by the clock) still playing at the client. */
  get isSpeaking(): boolean {
    return this.speaking !== null;
  }

  /** True while the VAD hears the user (between user-started and user-stopped speaking). */
  get isUserSpeaking(): boolean {
    return this.utterance !== null;
  }

  handle(frame: InboundFrame): void {
    if (this.disposed) return;
    if (frame.type === "audio") this.onAudio(frame.audio, frame.sampleRate, frame.numChannels);
    else if (frame.type === "message") this.onMessage(frame.message as unknown as Json);
  }

  dispose(): void {
    this.disposed = true;
    this.stopSending(this.speaking);
    this.speaking = null;
  }

  private onMessage(msg: Json): void {
    const type = typeof msg.type === "string" ? msg.type : "";
    const id = typeof msg.id === "string" ? msg.id : undefined;
    const data = (msg.data ?? {}) as Json;
    switch (type) {
      case "client-ready":
        if (this.io.withholdBotReady()) {
          this.io.emit("warn", "bot-ready-withheld", { fault: true });
          return;
        }
        this.rtvi("bot-ready", { version: BOT_RTVI_VERSION, about: { library: "pipecat-ws-transport dev server" } }, id);
        this.io.emit("info", "bot-ready");
        return;
      case "client-message":
        // Answer requests so `client.sendClientRequest()` resolves: echo the payload back.
        this.rtvi("server-response", { t: data.t, d: { echo: data.d ?? null } }, id);
        return;
      case "send-text":
        this.rtvi("bot-output", { text: `You typed: ${String(data.content ?? "")}`, spoken: false, aggregated_by: "sentence" });
        return;
      case "disconnect-bot":
        this.io.close(1000, "bot disconnected");
        return;
      default:
        if (!this.unhandledLogged.has(type) && this.unhandledLogged.size < 32) {
          this.unhandledLogged.add(type);
          this.io.emit("info", "message-ignored", { type: type.slice(0, 64) });
        }
    }
  }

  private onAudio(samples: Int16Array, rate: number, channels: number): void {
    let mono = channels > 1 ? downmixToMono(samples, channels) : samples;
    if (this.inputRate === 0) this.inputRate = rate;
    if (rate !== this.inputRate) {
      if (this.upstream?.fromRate !== rate) this.upstream = new Pcm16Resampler(rate, this.inputRate);
      mono = this.upstream.process(mono);
    } else if (mono === samples) mono = samples.slice(); // the frame may be a view on a reused buffer
    const event = this.vad.push(mono, this.inputRate);
    if (event === "start") this.onUserStarted();
    if (this.utterance) this.record(mono);
    else this.keepPreroll(mono);
    if (event === "stop") this.onUserStopped();
  }

  private keepPreroll(chunk: Int16Array): void {
    this.preroll.push(chunk);
    this.prerollSamples += chunk.length;
    const keep = (this.inputRate * (this.options.prerollMs + this.vad.startMs)) / 1000;
    while (this.preroll.length > 1 && this.prerollSamples - this.preroll[0]!.length >= keep) {
      this.prerollSamples -= this.preroll.shift()!.length;
    }
  }

  private record(chunk: Int16Array): void {
    const max = (this.inputRate * this.options.maxUtteranceMs) / 1000;
    if (this.utteranceSamples >= max) return;
    this.utterance!.push(chunk);
    this.utteranceSamples += chunk.length;
  }

  private onUserStarted(): void {
    if (this.speaking) this.interrupt();
    this.utterance = this.preroll;
    this.utteranceSamples = this.prerollSamples;
    this.preroll = [];
    this.prerollSamples = 0;
    this.rtvi("user-started-speaking", {});
    this.io.emit("info", "user-started-speaking");
  }

  private onUserStopped(): void {
    const parts = this.utterance ?? [];
    this.utterance = null;
    const all = concat(parts, this.utteranceSamples);
    this.utteranceSamples = 0;
    // The VAD waited `stopMs` of silence before firing; keep only 100 ms of it.
    const trailing = Math.floor((this.inputRate * Math.max(0, this.vad.stopMs - 100)) / 1000);
    const speech = all.subarray(0, Math.max(0, all.length - trailing));
    const seconds = (speech.length / this.inputRate).toFixed(1);
    this.rtvi("user-stopped-speaking", {});
    this.rtvi("user-transcription", {
      text: `(speech ${seconds} s)`,
      final: true,
      timestamp: new Date().toISOString(),
      user_id: "user",
    });
    this.io.emit("info", "user-stopped-speaking", { seconds: Number(seconds) });
    if (speech.length > 0) this.speak(speech, seconds);
  }

  private speak(speech: Int16Array, seconds: string): void {
    const rate = this.options.outputSampleRate;
    const audio = resamplePcm16(speech, this.inputRate, rate);
    const chunk = Math.max(1, Math.round((rate * this.options.chunkMs) / 1000));
    const chunks = Math.ceil(audio.length / chunk);
    const durationMs = (audio.length / rate) * 1000;
    const turn = ++this.turns;
    this.rtvi("bot-started-speaking", {});
    this.rtvi("bot-output", { text: `(echo of ${seconds} s of speech)`, spoken: true, aggregated_by: "sentence" });
    this.io.emit("info", "bot-started-speaking", { turn, ms: Math.round(durationMs) });
    const state: Speaking = { turn, send: undefined, timer: undefined };
    this.speaking = state;
    const start = performance.now();
    state.send = pacedSend(
      chunks,
      this.options.chunkMs / this.options.pace,
      (k) => this.io.send(this.serializer.serializeAudio(audio.subarray(k * chunk, Math.min(audio.length, (k + 1) * chunk)), rate, 1)),
      () => {
        // All sent; the bot is still "speaking" until the client has played it in real time.
        state.timer = setTimeout(() => this.finishSpeaking(state, false), Math.max(0, durationMs - (performance.now() - start)));
      },
    );
  }

  private stopSending(state: Speaking | null): void {
    state?.send?.cancel();
    if (state?.timer) clearTimeout(state.timer);
  }

  private finishSpeaking(state: { turn: number }, interrupted: boolean): void {
    if (this.speaking !== state) return;
    this.speaking = null;
    this.rtvi("bot-stopped-speaking", {});
    this.io.emit("info", "bot-stopped-speaking", { turn: state.turn, interrupted });
  }

  /** Barge-in: stop sending, tell the client to drop what it buffered. */
  private interrupt(): void {
    const state = this.speaking;
    if (!state) return;
    this.stopSending(state);
    this.io.send(encodeInterruptionFrame({ name: "InterruptionFrame" }));
    this.rtvi("bot-interrupted", {});
    this.io.emit("info", "bot-interrupted", { turn: state.turn });
    this.finishSpeaking(state, true);
  }

  private rtvi(type: string, data: Json, id?: string): void {
    const message = { label: "rtvi-ai", type, id: id ?? `bot-${++this.msgId}`, data };
    this.io.send(this.serializer.serializeMessage(message));
  }
}

function concat(parts: Int16Array[], total: number): Int16Array {
  const out = new Int16Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p.subarray(0, Math.min(p.length, total - o)), o);
    o += p.length;
    if (o >= total) break;
  }
  return out;
}
