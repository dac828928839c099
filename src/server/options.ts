/**
 * The dev server's options: what each one means (units and defaults), and their validation,
 * so a wrong value fails at start with a message that names the option. The rest of the server
 * reads only the resolved form.
 */
import { randomBytes } from "node:crypto";
import { PipecatWsError } from "../common/errors.js";
import { isLoopbackHost, type AllowedOrigins } from "./access.js";
import type { EchoBotOptions } from "./EchoBot.js";
import type { EnergyVadOptions } from "./EnergyVad.js";
import { logfmtLogger, type DevServerLogger } from "./log.js";

/** Options of `startDevServer`. */
export interface DevServerOptions {
  /** Interface to bind. Default `127.0.0.1`. `::1` and `[::1]` both bind IPv6 loopback. Non-loopback hosts need `allowNonLoopback`. */
  host?: string;
  /** TCP port; `0` picks a free one. Default 7860 (Pipecat's usual port). */
  port?: number;
  /** Allow binding a host other machines can reach. Default false: the bot has no real auth. */
  allowNonLoopback?: boolean;
  /** Token clients must pass as `?token=`. Default: a random one per start (see `wsUrl`). */
  token?: string;
  /** Browser origins allowed to connect. Default `"loopback"`: pages on localhost/127.x/[::1]. */
  allowedOrigins?: AllowedOrigins;
  /** Largest inbound WebSocket message in bytes; larger closes the socket with 1009. Default 1 MiB. */
  maxMessageSize?: number;
  /** Rate of the bot's audio in Hz. Default 24000. */
  outputSampleRate?: number;
  /**
   * How fast the bot sends its audio, relative to real time. Default 1: Pipecat's own clock
   * (FastAPIWebsocketTransport: send a chunk, then sleep one chunk's duration — real time with
   * one chunk ahead). `2` is the old dev bot (twice real time, so clients buffer up to half an answer).
   */
  pace?: number;
  /** Duration of each bot audio chunk in ms. Default 40 at pace 1 (Pipecat's 4 × 10 ms), 20 otherwise. */
  chunkMs?: number;
  /** Energy VAD tuning (threshold dBFS, start/stop ms). */
  vad?: EnergyVadOptions;
  /** Longest user turn echoed, in ms. Default 30000. */
  maxUtteranceMs?: number;
  /** Most open WebSocket connections; the next handshake gets HTTP 503. Default 64. */
  maxConnections?: number;
  /**
   * Audio one connection may send, in samples per second (all channels), averaged over 1 s.
   * Audio beyond it is dropped and counted (`audio-over-budget`). Default 192000: 48 kHz stereo
   * at twice real time. `0` disables the budget.
   */
  maxAudioSamplesPerSecond?: number;
  /**
   * A connection with no RTVI message from the client and no speech either way for this long is
   * closed (code 1000, "idle timeout"), as Pipecat's PipelineTask does after 300 s. Default
   * 300000 ms. `0` disables it.
   */
  idleTimeoutMs?: number;
  /** Largest HTTP request head (request line + headers) in bytes; larger gets HTTP 431. Default 16384. */
  maxHeaderBytes?: number;
  /** Serve the fault-injection API at `POST /__faults` (token required). Default false. */
  exposeFaults?: boolean;
  /** Receives one record per event. Default: logfmt lines on stderr. `false` silences. */
  logger?: DevServerLogger | false;
}

/** Why the dev server could not start. */
export type DevServerErrorCode = "non-loopback-host" | "invalid-option" | "listen-failed";

/** The server could not start; the message names the option to change. A `PipecatWsError`. */
export class DevServerError extends PipecatWsError {
  declare readonly code: DevServerErrorCode;
  constructor(code: DevServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "DevServerError";
  }
}

/** Options with every default filled in. */
export interface ResolvedDevServerOptions {
  /** As given (for URLs); `listenHost` is what `listen()` gets. */
  host: string;
  listenHost: string;
  port: number;
  token: string;
  allowedOrigins: AllowedOrigins;
  maxMessageSize: number;
  maxConnections: number;
  maxAudioSamplesPerSecond: number;
  idleTimeoutMs: number;
  maxHeaderBytes: number;
  exposeFaults: boolean;
  logger: DevServerLogger | false;
  bot: EchoBotOptions;
}

/** Fills in defaults and validates; throws {@link DevServerError} naming the option. */
export function resolveDevServerOptions(options: DevServerOptions): ResolvedDevServerOptions {
  const host = options.host ?? "127.0.0.1";
  if (!options.allowNonLoopback && !isLoopbackHost(host)) {
    throw new DevServerError(
      "non-loopback-host",
      `refusing to bind host '${host}': the dev server has no real authentication; use a loopback host ` +
        "(127.0.0.1, localhost, ::1) or pass allowNonLoopback: true (--allow-non-loopback) if you mean it",
    );
  }
  const port = options.port ?? 7860;
  const pace = options.pace ?? 1;
  const bot = {
    outputSampleRate: options.outputSampleRate ?? 24000,
    chunkMs: options.chunkMs ?? (pace === 1 ? 40 : 20),
    pace,
    vad: options.vad ?? {},
    maxUtteranceMs: options.maxUtteranceMs ?? 30_000,
    prerollMs: 200,
  };
  const resolved: ResolvedDevServerOptions = {
    host,
    // `[::1]` is how a URL writes it; listen() wants the bare address.
    listenHost: host.replace(/^\[(.*)\]$/, "$1"),
    port,
    token: options.token ?? randomBytes(18).toString("base64url"),
    allowedOrigins: options.allowedOrigins ?? "loopback",
    maxMessageSize: options.maxMessageSize ?? 1024 * 1024,
    maxConnections: options.maxConnections ?? 64,
    maxAudioSamplesPerSecond: options.maxAudioSamplesPerSecond ?? 192_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 300_000,
    maxHeaderBytes: options.maxHeaderBytes ?? 16 * 1024,
    exposeFaults: options.exposeFaults ?? false,
    logger: options.logger === undefined ? logfmtLogger : options.logger,
    bot,
  };
  checkInt("port", port, 0, 65535);
  checkInt("outputSampleRate", bot.outputSampleRate, 8000, 192000);
  checkInt("maxMessageSize", resolved.maxMessageSize, 1024, 256 * 1024 * 1024);
  checkInt("maxConnections", resolved.maxConnections, 1, 100_000);
  checkInt("maxAudioSamplesPerSecond", resolved.maxAudioSamplesPerSecond, 0, 100_000_000);
  checkInt("idleTimeoutMs", resolved.idleTimeoutMs, 0, 24 * 3600_000);
  checkInt("maxHeaderBytes", resolved.maxHeaderBytes, 1024, 1024 * 1024);
  checkInt("maxUtteranceMs", bot.maxUtteranceMs, 100, 600_000);
  if (!(Number.isFinite(pace) && pace >= 0.25 && pace <= 100)) {
    throw new DevServerError("invalid-option", `'pace' must be a number 0.25..100 (1 = real time, like Pipecat), got ${String(pace)}`);
  }
  checkInt("chunkMs", bot.chunkMs, 5, 1000);
  if (resolved.token.length === 0) throw new DevServerError("invalid-option", "'token' must not be empty");
  return resolved;
}

function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DevServerError("invalid-option", `'${name}' must be an integer ${min}..${max}, got ${String(value)}`);
  }
}
