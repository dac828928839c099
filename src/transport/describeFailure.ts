/**
 * What the user reads when a session fails: the machine's failure record turned into one line
 * that names the cause and what to check, and the error `connect()` rejects with.
 */
import type { CloseRecord, ConnectionFailure } from "../../machines/connectionMachine.js";
import { TransportConnectionError } from "../common/errors.js";

function closeOf(cause: unknown): CloseRecord | null {
  return cause && typeof cause === "object" && typeof (cause as CloseRecord).code === "number" ? (cause as CloseRecord) : null;
}

/** Why a WebSocket handshake failed, from what the platform reported. */
export function describeHandshakeFailure(close: CloseRecord): string {
  const { status, reason } = close;
  if (status === 401 || status === 403) return `the server refused the WebSocket (HTTP ${status}): missing or wrong token`;
  if (status === 404) return "the server refused the WebSocket (HTTP 404): nothing accepts WebSockets at this path";
  if (status !== undefined) return `the server refused the WebSocket (HTTP ${status})`;
  const refused = /ECONNREFUSED\s+(\S+)/.exec(reason);
  if (refused) return `connection refused (${refused[1]}): is the bot server running there?`;
  const dns = /(?:ENOTFOUND|EAI_AGAIN)\s+(\S+)/.exec(reason);
  if (dns) return `cannot resolve the host ${dns[1]}`;
  if (/wrong version number|SSL|TLS|certificate|EPROTO/i.test(reason)) {
    return `TLS handshake failed (${reason}): a wss:// URL for a server that speaks ws://, or a certificate problem`;
  }
  if (reason) return `could not open the WebSocket (code ${close.code}: ${reason})`;
  return (
    `could not open the WebSocket (code ${close.code}); the browser does not say why: check the token, ` +
    "that the server allows this page's origin, and the path, and see the server's log"
  );
}

/** One line for a failure record. */
export function failureMessage(failure: ConnectionFailure): string {
  if (failure.code === "connect-failed") {
    const close = closeOf(failure.cause);
    if (close) return describeHandshakeFailure(close);
  }
  return failure.message;
}

/** The error `connect()` rejects with for a failure record (its message through `redact`). */
export function failureError(failure: ConnectionFailure, redact: (text: string) => string): TransportConnectionError {
  const close = closeOf(failure.cause);
  return new TransportConnectionError(failure.code, redact(failureMessage(failure)), failure.cause, close?.status);
}
