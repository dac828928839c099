/**
 * One WebSocket connection of the dev server and its {@link EchoBot}: decodes what the client
 * sends, drops what must not reach the bot (malformed frames, audio outside 8–48 kHz / 1–2
 * channels, audio over the connection's budget) with a count and a rate-limited log line, closes
 * the connection when it has been idle too long, and logs the session's totals when it ends.
 */
import type { IncomingMessage } from "node:http";
import type { WebSocket } from "ws";
import type { ProtobufFrameSerializer } from "../serializers/ProtobufFrameSerializer.js";
import { AudioBudget } from "./audioBudget.js";
import { EchoBot } from "./EchoBot.js";
import type { FaultState } from "./faults.js";
import type { Emit } from "./log.js";
import type { ResolvedDevServerOptions } from "./options.js";

/** What a connection needs from its server. */
export interface BotConnectionContext {
  options: ResolvedDevServerOptions;
  serializer: ProtobufFrameSerializer;
  faultState: FaultState;
  emit: Emit;
  /** Called once, when the socket has closed. */
  onClosed(conn: BotConnection): void;
}

/** Bot events that count as activity for the idle timeout. */
const ACTIVITY = new Set(["user-started-speaking", "user-stopped-speaking", "bot-started-speaking", "bot-stopped-speaking"]);

export class BotConnection {
  private readonly bot: EchoBot;
  private readonly emit: Emit;
  private readonly budget: AudioBudget;
  private framesIn = 0;
  private framesOut = 0;
  /** Dropped inbound messages by reason (malformed kinds, `audio-over-budget`). */
  private readonly dropped = new Map<string, number>();
  private lastActivity = performance.now();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly id: number,
    readonly ws: WebSocket,
    req: IncomingMessage,
    private readonly ctx: BotConnectionContext,
  ) {
    const { options } = ctx;
    this.emit = (level, event, fields = {}) => {
      if (ACTIVITY.has(event)) this.lastActivity = performance.now();
      ctx.emit(level, event, { conn: id, ...fields });
    };
    this.budget = new AudioBudget(options.maxAudioSamplesPerSecond);
    this.bot = new EchoBot(
      {
        send: (data) => {
          if (ws.readyState !== ws.OPEN) return;
          this.framesOut++;
          ws.send(data);
        },
        close: (code, reason) => ws.close(code, reason),
        withholdBotReady: () => ctx.faultState.takeWithhold(),
        emit: this.emit,
      },
      options.bot,
    );
    this.emit("info", "connected", { origin: req.headers.origin, remote: req.socket.remoteAddress });
    ws.on("message", (data, isBinary) => this.onMessage(data, isBinary));
    ws.on("error", (e: Error & { code?: string }) => {
      const tooLarge = e.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH";
      this.emit("warn", tooLarge ? "message-too-large" : "socket-error", { message: e.message, limit: tooLarge ? options.maxMessageSize : undefined });
    });
    ws.on("close", (code, reason) => this.onClose(code, reason));
    this.armIdleTimer(options.idleTimeoutMs);
  }

  private onMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    this.framesIn++;
    try {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : data;
      const frame = isBinary
        ? this.ctx.serializer.decode(bytes instanceof ArrayBuffer ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
        : this.ctx.serializer.decode(bytes.toString());
      if (frame.type === "malformed") return this.drop(frame.reason, { size: frame.size });
      if (frame.type === "audio") {
        // Rates outside 8-48 kHz were already refused by the serializer (invalid-audio-format).
        if (!this.budget.take(frame.audio.length)) {
          return this.drop("audio-over-budget", { limit: this.ctx.options.maxAudioSamplesPerSecond });
        }
      } else if (frame.type === "message") {
        this.lastActivity = performance.now();
      }
      this.bot.handle(frame);
    } catch (e) {
      this.emit("error", "handler-error", { message: (e as Error).message });
    }
  }

  /** Counts a dropped message; logs the first of each reason, then every 1000th. */
  private drop(reason: string, fields: Record<string, number>): void {
    const n = (this.dropped.get(reason) ?? 0) + 1;
    this.dropped.set(reason, n);
    if (n === 1 || n % 1000 === 0) {
      this.emit("warn", reason === "audio-over-budget" ? "audio-over-budget" : "malformed-input", { reason, count: n, ...fields });
    }
  }

  private armIdleTimer(ms: number): void {
    if (this.ctx.options.idleTimeoutMs <= 0) return;
    this.idleTimer = setTimeout(() => this.checkIdle(), ms);
    this.idleTimer.unref();
  }

  private checkIdle(): void {
    const limit = this.ctx.options.idleTimeoutMs;
    const idleFor = performance.now() - this.lastActivity;
    // Speech in progress is activity even when no event marks it.
    if (this.bot.isSpeaking || this.bot.isUserSpeaking) this.lastActivity = performance.now();
    else if (idleFor >= limit - 1) {
      this.emit("info", "idle-timeout", { seconds: Math.round(idleFor / 100) / 10 });
      this.ws.close(1000, "idle timeout");
      return;
    }
    this.armIdleTimer(Math.max(1, limit - (performance.now() - this.lastActivity)));
  }

  private onClose(code: number, reason: Buffer): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.bot.dispose();
    this.ctx.onClosed(this);
    const bad = [...this.dropped].map(([k, v]) => `${k}:${v}`).join(",");
    this.emit("info", "closed", {
      code,
      reason: reason.toString().slice(0, 100) || undefined,
      framesIn: this.framesIn,
      framesOut: this.framesOut,
      malformed: bad || undefined,
    });
  }
}
