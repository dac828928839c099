/**
 * Picks the default audio I/O: the AudioWorklet recorder/player where the platform has a mic
 * API and Web Audio worklets (a browser page), device-less everywhere else (Node, workers).
 */
import type { AudioIO } from "./AudioIO.js";
import { BrowserAudioIO } from "./browser/BrowserAudioIO.js";
import { StreamAudioIO } from "./StreamAudioIO.js";

/** True when this platform can capture and play audio with AudioWorklets. */
export function hasBrowserAudio(): boolean {
  const g = globalThis as { navigator?: { mediaDevices?: unknown }; AudioContext?: unknown; AudioWorkletNode?: unknown };
  return !!g.navigator?.mediaDevices && typeof g.AudioContext === "function" && typeof g.AudioWorkletNode === "function";
}

export function createDefaultAudioIO(): AudioIO {
  return hasBrowserAudio() ? new BrowserAudioIO() : new StreamAudioIO();
}
