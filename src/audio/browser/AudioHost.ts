/**
 * What `BrowserAudioIO` shares with its two halves (`MicInput`, `BotOutput`): options, the
 * client's callbacks, the one queue device operations run on, and the stop generation that
 * tells async work its result is no longer wanted.
 */
import type { DeviceError, Participant, RTVIEventCallbacks } from "@pipecat-ai/client-js";
import type { ResolvedAudioOptions } from "./options.js";

/** "Nothing selected" for `selectedMic` / `selectedSpeaker`. */
export const NO_DEVICE: Record<string, never> = Object.freeze({}) as Record<string, never>;
/** The participants tracks are announced for. */
export const LOCAL: Participant = { id: "local", name: "", local: true };
export const BOT: Participant = { id: "bot", name: "Bot", local: false };

/** Provided by `BrowserAudioIO` to `MicInput` and `BotOutput`. */
export interface AudioHost {
  readonly opts: ResolvedAudioOptions;
  /** The client's callbacks (they change on every `initialize`). */
  callbacks(): RTVIEventCallbacks;
  /** Bumped by `stop()`: work that started before it releases what it opens. */
  generation(): number;
  /** Between `start()` and `stop()`. */
  running(): boolean;
  /** Runs `task` after the device operations queued before it (never rejects the queue). */
  serial(task: () => Promise<void>): Promise<void>;
  /** Logs a device failure and hands it to `onDeviceError`. */
  reportDeviceError(error: DeviceError): void;
}
