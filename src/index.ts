/**
 * pipecat-ws-transport: a WebSocket transport for `@pipecat-ai/client-js`, driven by an explicit
 * XState statechart. This entry carries no devtools code and does nothing at import time.
 */
export { WebSocketTransport, MAX_MESSAGE_SIZE } from "./transport/WebSocketTransport.js";
export { deriveTransportState, connectionStateOf, type ConnectionState } from "./transport/transportState.js";
export type { WebSocketTransportOptions, ServerFrame, ReconnectInfo } from "./transport/options.js";
/** The official package's name for the constructor options. */
export type { WebSocketTransportOptions as WebSocketTransportConstructorOptions } from "./transport/options.js";
export { DEFAULTS } from "./transport/defaults.js";
export { ProtobufFrameSerializer } from "./serializers/ProtobufFrameSerializer.js";
export { TwilioSerializer } from "./serializers/TwilioSerializer.js";
export type {
  WebSocketSerializer,
  InboundFrame,
  AudioFrame,
  MessageFrame,
  InterruptionFrame,
  TextFrame,
  TranscriptionFrame,
  RawFrame,
  MalformedFrame,
  MalformedReason,
  SerializedMessage,
  SerializerOutput,
  LooseAudioFrame,
  DeserializedFrame,
} from "./serializers/WebSocketSerializer.js";
export {
  connectionMachine,
  backoffDelay,
  statePath,
  DEFAULT_RECONNECT,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_READY_TIMEOUT_MS,
  type ConnectionContext,
  type ConnectionEvent,
  type ConnectionFailure,
  type CloseRecord,
  type ConnectTarget,
  type EndpointRequest,
  type ReconnectPolicy,
} from "../machines/connectionMachine.js";
export type { AudioIO, AudioIOContext } from "./audio/AudioIO.js";
export { StreamAudioIO, type AudioSource, type AudioSink, type StreamAudioIOOptions } from "./audio/StreamAudioIO.js";
export { BrowserAudioIO, type BrowserAudioIOOptions, type AudioLogger } from "./audio/browser/index.js";
export { hasBrowserAudio } from "./audio/defaultAudioIO.js";
export { INSPECTED_BYTES } from "./inspect/InspectionEvent.js";
export type {
  InspectionEvent,
  InspectionListener,
  FrameInspection,
  StateInspection,
  DropInspection,
  ErrorInspection,
  TransportStats,
  Direction,
  FrameKind,
} from "./inspect/InspectionEvent.js";
export {
  PipecatWsError,
  OptionError,
  TransportOptionError,
  TransportConnectionError,
  MessageTooLargeError,
  EndpointError,
  type TransportErrorCode,
  type PipecatWsErrorFields,
} from "./common/errors.js";
export { MediaManager } from "./audio/MediaManager.js";
export { WavMediaManager } from "./audio/browser/WavMediaManager.js";
export type { Logger } from "./common/logging.js";
export type { WebSocketLike, WebSocketConstructor } from "./connection/WebSocketLike.js";
