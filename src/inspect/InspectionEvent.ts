/**
 * What the transport tells an inspector (the devtools panel, a logger, a test).
 *
 * Events are produced only while at least one listener is subscribed through
 * `transport.inspect(listener)`; with none, the hot paths do no extra work.
 */
import type { RTVIMessage } from "@pipecat-ai/client-js";
import type { InboundFrame, MalformedReason } from "../serializers/WebSocketSerializer.js";

/** `in` = from the server, `out` = to the server. */
export type Direction = "in" | "out";

/** Kinds of frame as shown in a frame log. */
export type FrameKind = InboundFrame["type"];

/** One message crossed the socket. */
export interface FrameInspection {
  kind: "frame";
  /** `performance.now()`-style milliseconds. */
  time: number;
  direction: Direction;
  frameType: FrameKind;
  /** Bytes on the wire (characters for text messages). */
  size: number;
  /** RTVI / JSON message, for `message` frames (tokens redacted). */
  message?: RTVIMessage | unknown;
  /** Audio format and level, for `audio` frames. */
  audio?: { sampleRate: number; numChannels: number; samples: number; /** RMS 0..1 */ level: number };
  /** Text of `text` / `transcription` frames. */
  text?: string;
  /** Why a `malformed` frame was rejected. */
  malformed?: { reason: MalformedReason; detail: string };
  /**
   * The first bytes of the message as it crossed the socket (a copy of at most
   * `INSPECTED_BYTES`; UTF-8 for text messages; absent for a Blob not yet read). `size` is the
   * whole length. Raw: may contain secrets the decoded fields have redacted.
   */
  bytes?: Uint8Array;
}

/** How many leading bytes of each message inspection events carry. */
export const INSPECTED_BYTES = 256;

/** The connection statechart moved. */
export interface StateInspection {
  kind: "state";
  time: number;
  /** Dotted state path, e.g. `connected.ready`. */
  state: string;
  /** The previous dotted path. */
  previous: string;
  /** Type of the event that caused the move. */
  event: string;
  /**
   * While reconnecting: the attempts started so far (in `reconnecting.backoff`, the next one is
   * `attempt + 1`; in `refreshing`/`opening`, this one is `attempt`, 1-based). Else 0.
   */
  attempt: number;
  /** Reconnect attempts the policy allows (`reconnect.maxAttempts`). */
  maxAttempts: number;
  /** On entering a backoff: milliseconds until the next attempt starts. */
  retryInMs?: number;
  /**
   * The transition taken, as a `describeMachine` transition id (`source|eventType|index`), when
   * it is one of the definition's transitions (absent for the initial state).
   */
  transition?: string;
}

/** Outbound audio (or a message) was dropped instead of queued. */
export interface DropInspection {
  kind: "drop";
  time: number;
  what: "mic-audio" | "message";
  reason: "reconnecting" | "backpressure" | "not-ready" | "queue-full";
}

/** An error was reported to the client. */
export interface ErrorInspection {
  kind: "error";
  time: number;
  message: string;
  fatal: boolean;
}

export type InspectionEvent = FrameInspection | StateInspection | DropInspection | ErrorInspection;

/** Receives inspection events. */
export type InspectionListener = (event: InspectionEvent) => void;

/** Counters kept always (plain integer increments), read with `transport.getStats()`. */
export interface TransportStats {
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
  audioFramesIn: number;
  audioFramesOut: number;
  /** Mic chunks dropped (reconnecting, backpressure, not ready). */
  droppedAudioChunks: number;
  /** RTVI messages dropped (outbox full, or sent while disconnected). */
  droppedMessages: number;
  /** Errors thrown by the app's or client-js's handlers of inbound messages (caught, the session goes on). */
  handlerErrors: number;
  /** Inbound messages rejected, by reason. */
  malformed: Partial<Record<MalformedReason, number>>;
  /** Reconnect attempts started in this session. */
  reconnects: number;
  /** Milliseconds from the last `connect()` to the bot's `bot-ready`, once known. */
  timeToReadyMs: number | null;
  /** Milliseconds of bot audio buffered in the player now. */
  botBufferedMs: number;
  /** Times bot playback ran dry mid-stream (players that report it). */
  underruns?: number;
  /** Milliseconds of excess delay the player shed to catch up (players that report it). */
  shedMs?: number;
  /** Milliseconds the player is ahead of its output now (players that report it). */
  leadMs?: number;
}
