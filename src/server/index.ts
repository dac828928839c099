/**
 * `pipecat-ws-transport/server`: the dev bot server (Node only). See docs/server-and-cli.md.
 */
export { startDevServer, DevServerError } from "./startDevServer.js";
export type { DevServer, DevServerOptions } from "./startDevServer.js";
export type { DevServerFaults, FaultRequest } from "./faults.js";
export { MALFORMED_KINDS } from "./malformedFrames.js";
export type { MalformedKind } from "./malformedFrames.js";
export type { DevServerLogRecord, DevServerLogger } from "./log.js";
export { formatLogfmt } from "./log.js";
export type { EnergyVadOptions } from "./EnergyVad.js";
export type { AllowedOrigins } from "./access.js";
export { BOT_RTVI_VERSION } from "./EchoBot.js";
export { encodeTextFrame, encodeTranscriptionFrame, encodeInterruptionFrame, type OutboundFrameFields } from "./frameEncoders.js";
