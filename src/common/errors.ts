/**
 * Errors with a `code` and a `cause`. Connection failures extend client-js's
 * `TransportStartError`, so code written for the official transport still catches them.
 */
import { TransportStartError } from "@pipecat-ai/client-js";

/** Machine-readable error codes. */
export type TransportErrorCode =
  | "invalid-option"
  | "invalid-connect-params"
  | "missing-url"
  | "message-too-large"
  | "endpoint-failed"
  | "connect-timeout"
  | "connect-failed"
  | "reconnect-failed"
  | "aborted"
  | "unsupported";

/** A developer mistake caught early: the message names the option and the fix. */
export class TransportOptionError extends Error {
  readonly code: TransportErrorCode;
  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TransportOptionError";
    this.code = code;
  }
}

/** The transport could not connect (or lost the connection for good). */
export class TransportConnectionError extends TransportStartError {
  readonly code: TransportErrorCode;
  override readonly cause: unknown;
  constructor(code: TransportErrorCode, message: string, cause?: unknown) {
    super(message);
    this.name = "TransportConnectionError";
    this.code = code;
    this.cause = cause;
  }
}

/** An outbound message exceeds `maxMessageSize`. */
export class MessageTooLargeError extends Error {
  readonly code: TransportErrorCode = "message-too-large";
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`outbound message of ${size} bytes exceeds maxMessageSize (${limit} bytes); split it or send less data`);
    this.name = "MessageTooLargeError";
  }
}
