/**
 * Picks the default audio I/O: device-less in Node (and anywhere without Web Audio);
 * the browser default is wired in here once BrowserAudioIO lands.
 */
import type { AudioIO } from "./AudioIO.js";
import { StreamAudioIO } from "./StreamAudioIO.js";

export function createDefaultAudioIO(): AudioIO {
  return new StreamAudioIO();
}
