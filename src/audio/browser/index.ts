/**
 * The browser audio I/O entry: `BrowserAudioIO` (AudioWorklet mic capture and bot playback) and
 * its options. The transport picks it by default when `navigator.mediaDevices` exists.
 */
export { BrowserAudioIO } from "./BrowserAudioIO.js";
export type { AudioLogger, BrowserAudioIOOptions } from "./options.js";
