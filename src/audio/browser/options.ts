/**
 * Options of {@link BrowserAudioIO}, their defaults, and the checks that turn a wrong option into
 * an error naming the option and the fix.
 */
import { OptionError } from "../../common/errors.js";

/** Where {@link BrowserAudioIO} writes warnings (device trouble, dropped audio). */
export interface AudioLogger {
  debug(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Options of `new BrowserAudioIO(options)`. Every field is optional. */
export interface BrowserAudioIOOptions {
  /** Ask the browser to cancel the bot's voice echoed into the mic. Default `true`. */
  echoCancellation?: boolean;
  /** Ask the browser to suppress background noise. Default `true`. */
  noiseSuppression?: boolean;
  /** Ask the browser to level the mic volume. Default `true`. */
  autoGainControl?: boolean;
  /**
   * Duration in ms of each mic chunk sent to the server, at every recorder rate. Default `10`
   * (what WebRTC and Pipecat's own transports use; a chunk's wait is part of every round trip);
   * `20` halves the message rate at 10 ms more latency.
   */
  chunkMs?: number;
  /** Interval in ms of `onLocalAudioLevel` and `onRemoteAudioLevel` calls. Default `100`. */
  levelIntervalMs?: number;
  /**
   * Most bot audio in ms the player buffers; audio beyond it is dropped (and logged). The server
   * sends faster than real time, so this bounds memory, not latency. Default `30000`.
   */
  maxBufferMs?: number;
  /** Mic to open first (a `deviceId` from `getAllMics()`). Default: the browser's default mic. */
  micDeviceId?: string;
  /** Speaker to play to first (a `deviceId` from `getAllSpeakers()`). Default: the default output. */
  speakerDeviceId?: string;
  /**
   * Play bot audio to the speakers. With `false` it only feeds `tracks().bot.audio`, for apps that
   * route it themselves. Default `true`.
   */
  playAudio?: boolean;
  /** Where warnings go. Default: `console`. */
  logger?: AudioLogger;
}

/** The options with every default applied. */
export type ResolvedAudioOptions = Required<Omit<BrowserAudioIOOptions, "micDeviceId" | "speakerDeviceId">> &
  Pick<BrowserAudioIOOptions, "micDeviceId" | "speakerDeviceId">;

/** Applies defaults and checks types and ranges. @throws OptionError (code invalid-option) naming the option. */
export function resolveAudioOptions(options: BrowserAudioIOOptions = {}): ResolvedAudioOptions {
  if (typeof options !== "object" || options === null) {
    throw new OptionError("invalid-option", "BrowserAudioIO: options must be an object, e.g. new BrowserAudioIO({ chunkMs: 20 })");
  }
  const o = options;
  for (const key of ["echoCancellation", "noiseSuppression", "autoGainControl", "playAudio"] as const) {
    if (o[key] !== undefined && typeof o[key] !== "boolean") {
      throw new OptionError("invalid-option", `BrowserAudioIO: option ${key} must be true or false, got ${typeof o[key]}`);
    }
  }
  for (const key of ["micDeviceId", "speakerDeviceId"] as const) {
    if (o[key] !== undefined && typeof o[key] !== "string") {
      throw new OptionError("invalid-option", `BrowserAudioIO: option ${key} must be a deviceId string from getAllMics()/getAllSpeakers()`);
    }
  }
  return {
    echoCancellation: o.echoCancellation ?? true,
    noiseSuppression: o.noiseSuppression ?? true,
    autoGainControl: o.autoGainControl ?? true,
    chunkMs: number(o.chunkMs, "chunkMs", 10, 5, 1000),
    levelIntervalMs: number(o.levelIntervalMs, "levelIntervalMs", 100, 10, 10_000),
    maxBufferMs: number(o.maxBufferMs, "maxBufferMs", 30_000, 100, 600_000),
    micDeviceId: o.micDeviceId,
    speakerDeviceId: o.speakerDeviceId,
    playAudio: o.playAudio ?? true,
    logger: o.logger ?? console,
  };
}

function number(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new OptionError("invalid-option", `BrowserAudioIO: option ${name} must be a number of milliseconds from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Checks a sample rate the transport hands over. @throws OptionError (code invalid-option) naming the option. */
export function checkRate(rate: unknown, name: "recorderSampleRate" | "playerSampleRate"): number {
  if (typeof rate !== "number" || !Number.isInteger(rate) || rate < 8000 || rate > 192_000) {
    throw new OptionError("invalid-option", `BrowserAudioIO: ${name} must be an integer rate in Hz such as 8000, 16000, 24000 or 48000, got ${String(rate)}`);
  }
  return rate;
}
