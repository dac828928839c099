/**
 * The outbound gate: for each thing the app or the recorder sends, whether it goes now (the bot
 * is ready), waits in the outbox (RTVI messages while handshaking or reconnecting), or is dropped
 * and counted (mic audio that would be stale, anything while disconnected, a backed-up socket).
 * It reads the machine's tags; the link does the sending.
 */
import type { RTVIMessage } from "@pipecat-ai/client-js";
import type { Logger } from "../common/logging.js";
import type { Inspector } from "../inspect/Inspector.js";
import type { SerializedMessage, WebSocketSerializer } from "../serializers/WebSocketSerializer.js";
import type { Link } from "./Link.js";
import { Outbox } from "./Outbox.js";
import type { StatsCounters } from "./TransportStatsCounter.js";

/** What the gate needs to know of the connection now. */
export interface GateState {
  hasTag(tag: "ready" | "open" | "reconnecting"): boolean;
}

export interface OutboundOptions {
  serializer: WebSocketSerializer;
  link: Link;
  counters: StatsCounters;
  inspector: Inspector;
  logger: Logger;
  /** The connection now (the machine's snapshot), and its name for log lines. */
  state(): GateState;
  stateName(): string;
  /** Rate in Hz of the PCM16 chunks given to `audio()`. */
  recorderSampleRate: number;
  /** RTVI messages kept while not ready. */
  messageQueueLimit: number;
}

export class Outbound {
  /** RTVI messages waiting for the next bot-ready. */
  readonly outbox: Outbox;

  constructor(private readonly o: OutboundOptions) {
    this.outbox = new Outbox(o.messageQueueLimit, () => this.dropMessage("queue-full", "message queue full while not ready; dropped the oldest message"));
  }

  /** An RTVI message: now if ready, else into the outbox while a connection is coming, else dropped. */
  message(message: RTVIMessage): void {
    const encoded = this.o.serializer.serializeMessage(message);
    if (encoded === null || encoded === undefined) return; // the protocol cannot carry messages (Twilio)
    this.o.link.checkSize(encoded);
    const state = this.o.state();
    if (state.hasTag("ready") && this.o.link.send(encoded, message)) return;
    if (state.hasTag("open") || state.hasTag("reconnecting")) return this.outbox.push(encoded);
    this.dropMessage("not-ready", `sendMessage(${message.type}) while ${this.o.stateName()}; not sent`);
  }

  /** Any payload through `serializer.serialize`, now or never (not queued). */
  raw(message: unknown): void {
    const encoded = this.o.serializer.serialize(message);
    if (encoded === null || encoded === undefined) return;
    this.o.link.checkSize(encoded);
    if (!this.o.link.send(encoded, message)) this.o.logger.error("sendRawMessage() while not connected; not sent");
  }

  /** One mic chunk: now if ready and the socket is not backed up, else dropped and counted. */
  audio(chunk: ArrayBuffer): void {
    const state = this.o.state();
    if (!state.hasTag("ready")) return this.dropAudio(state.hasTag("reconnecting") ? "reconnecting" : "not-ready");
    const blocked = this.o.link.audioBlocked();
    if (blocked) return this.dropAudio(blocked);
    const encoded = this.o.serializer.serializeAudio(chunk, this.o.recorderSampleRate, 1);
    if (encoded === null || encoded === undefined) return;
    this.o.counters.audioFramesOut++;
    this.o.link.send(encoded, this.o.inspector.active ? chunk : undefined);
  }

  /** Sends what waited in the outbox, oldest first (after bot-ready). */
  flush(): void {
    this.outbox.flush((message: SerializedMessage) => this.o.link.send(message));
  }

  private dropMessage(reason: "queue-full" | "not-ready", line: string): void {
    this.o.counters.droppedMessages++;
    this.o.inspector.drop("message", reason);
    this.o.logger[reason === "queue-full" ? "warn" : "error"](line);
  }

  private dropAudio(reason: "reconnecting" | "backpressure" | "not-ready"): void {
    this.o.counters.droppedAudioChunks++;
    if (this.o.inspector.active) this.o.inspector.drop("mic-audio", reason);
  }
}
