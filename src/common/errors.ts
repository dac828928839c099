/**
 * Every error this package throws has a machine-readable `code` and, where there is one, a
 * `cause`, and is an `instanceof PipecatWsError`. Connection failures also extend client-js's
 * `TransportStartError`, so code written for the official transport still catches them; since a
 * class has one parent, that one is recognised as a `PipecatWsError` by a brand, not by its
 * prototype chain.
 */
import { TransportStartError } from "@pipecat-ai/client-js";

/** Machine-readable error codes. */
export type TransportErrorCode =
  /** A constructor option has the wrong type or value. */
  | "invalid-option"
  /** A `connect()` param has the wrong type or value. */
  | "invalid-connect-params"
  /** No WebSocket URL was given anywhere. */
  | "missing-url"
  /** No WebSocket implementation on this platform. */
  | "no-websocket"
  /** An outbound message is larger than `maxMessageSize`. */
  | "message-too-large"
  /** The endpoint request failed (network, HTTP status, reply without a URL). */
  | "endpoint-failed"
  /** The socket did not open within `connectTimeoutMs`. */
  | "connect-timeout"
  /** The server refused or dropped the WebSocket handshake. */
  | "connect-failed"
  /** The socket opened but no bot-ready came within `readyTimeoutMs`. */
  | "ready-timeout"
  /** The connection was lost and every reconnect attempt failed. */
  | "reconnect-failed"
  /** `disconnect()` was called while connecting. */
  | "aborted"
  /** The feature does not exist in this transport (video, screen share). */
  | "unsupported"
  /** A sample rate, channel count or other audio parameter is out of range. */
  | "invalid-audio";

const BRAND = Symbol.for("pipecat-ws-transport.error");

/** What every error of this package carries. */
export interface PipecatWsErrorFields {
  readonly code: string;
  readonly cause?: unknown;
}

/**
 * Base of every error this package throws. `e instanceof PipecatWsError` is true for all of them,
 * including {@link TransportConnectionError} (which extends client-js's `TransportStartError`).
 */
export class PipecatWsError extends Error implements PipecatWsErrorFields {
  readonly code: string;
  readonly [BRAND] = true;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PipecatWsError";
    this.code = code;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== PipecatWsError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
}

/**
 * A developer mistake caught early (a wrong option or argument of any of our classes): the
 * message names the option and the fix.
 */
export class OptionError extends PipecatWsError {
  declare readonly code: TransportErrorCode;
  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "OptionError";
  }
}

/** An option or connect param of the transport is wrong: the message names it and the fix. */
export class TransportOptionError extends OptionError {
  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "TransportOptionError";
  }
}

/** An outbound message exceeds `maxMessageSize`. */
export class MessageTooLargeError extends PipecatWsError {
  declare readonly code: "message-too-large";
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super("message-too-large", `outbound message of ${size} bytes exceeds maxMessageSize (${limit} bytes); split it or send less data`);
    this.name = "MessageTooLargeError";
  }
}

/** The endpoint request failed. `status` is the HTTP status when the server answered. */
export class EndpointError extends PipecatWsError {
  declare readonly code: "endpoint-failed";
  constructor(
    message: string,
    /** HTTP status of the answer, when there was one (404, 500, …). */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super("endpoint-failed", message, options);
    this.name = "EndpointError";
  }
}

/**
 * The transport could not connect, or lost the connection for good. Extends client-js's
 * `TransportStartError` (what the official transport throws).
 */
export class TransportConnectionError extends TransportStartError implements PipecatWsErrorFields {
  readonly code: TransportErrorCode;
  override readonly cause: unknown;
  /** HTTP status of a refused WebSocket handshake, when the platform reports it (Node). */
  readonly httpStatus: number | undefined;
  readonly [BRAND] = true;
  constructor(code: TransportErrorCode, message: string, cause?: unknown, httpStatus?: number) {
    super(message);
    this.name = "TransportConnectionError";
    this.code = code;
    this.cause = cause;
    this.httpStatus = httpStatus ?? (cause instanceof EndpointError ? cause.status : undefined);
  }
}
