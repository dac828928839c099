/**
 * The audio I/O as the connection uses it: devices initialized once before the first connect
 * (again on every `initDevices()`, so a call after a failure retries), started once per session
 * when the socket first opens, stopped when the session ends. `connect()` awaits the start, so a
 * device failure rejects it.
 */
import type { AudioIO, AudioIOContext } from "../audio/AudioIO.js";
import type { Logger } from "../common/logging.js";

export class AudioSession {
  private initialized = false;
  private starting: Promise<void> | null = null;

  constructor(
    readonly io: AudioIO,
    private readonly logger: Logger,
  ) {}

  /** Initializes the devices (every call; `initDevices()`). */
  async initialize(context: AudioIOContext): Promise<void> {
    this.initialized = false;
    await this.io.initialize(context);
    this.initialized = true;
  }

  /** Initializes the devices unless an earlier call succeeded (`connect()` without `initDevices()`). */
  async ensureInitialized(context: AudioIOContext): Promise<void> {
    if (!this.initialized) await this.initialize(context);
  }

  /** Starts capture and playback once per session. */
  start(): void {
    if (this.starting) return;
    this.starting = this.io.start();
    this.starting.catch((e: unknown) => this.logger.error("starting audio failed:", e));
  }

  /** Resolves when the session's start is done (rejects if it failed); at once if none began. */
  started(): Promise<void> {
    return this.starting ?? Promise.resolve();
  }

  /** Ends the session's audio (idempotent). */
  stop(): Promise<void> {
    this.starting = null;
    return this.io.stop();
  }
}
