// @ts-check
/**
 * artillery-engine-pipecat (ESM entry): the engine class and the pieces a test or a custom runner
 * may want. Artillery itself loads `index.cjs`, which loads this file.
 */
export { PipecatEngine, PipecatEngine as default } from "./PipecatEngine.js";
export { ERROR_KINDS, StepError, classifyError, artilleryErrorText } from "./errors.js";
export { METRICS } from "./metrics.js";
export { readEngineOptions, readFlow } from "./steps.js";
export { TurnTracker } from "./TurnTracker.js";
export { PlayoutSink } from "./PlayoutSink.js";
export { MicClock, Mic } from "./MicClock.js";
