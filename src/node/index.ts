/**
 * `pipecat-ws-transport/node`: everything to run `PipecatClient` with this transport in Node.
 * Re-exports the main entry, with a `WebSocketTransport` whose defaults suit Node.
 */
export * from "../index.js";
export { WebSocketTransport } from "./NodeWebSocketTransport.js";
export { installNodeGlobals } from "./installNodeGlobals.js";
export { WavFileSource, type WavFileSourceOptions } from "./WavFileSource.js";
export { WavFileSink, type WavFileSinkOptions, type WavFileSinkStats } from "./WavFileSink.js";
export { parseWav, encodeWav, wavHeader, downmixToMono, WavError, type WavAudio, type WavErrorCode } from "../pcm/wav.js";
export { resamplePcm16, Pcm16Resampler } from "../pcm/resample.js";
