// @ts-check
/**
 * The one place where a failure becomes an error kind. Every failure a virtual user can meet —
 * the transport's coded errors, client-js's `StartBotError`, a step whose expectation was not met —
 * is mapped here to a short, stable kind; the engine counts it as `pipecat.errors.<kind>` and
 * reports it to Artillery (the `errors.<message>` counter) with a message that says what failed.
 */

/**
 * Stable error kinds, counted as `pipecat.errors.<kind>`.
 * @typedef {"connect_refused" | "timeout" | "bot_left" | "connection_lost" | "expectation_failed" |
 *   "invalid_scenario" | "aborted" | "malformed_input" | "unexpected"} ErrorKind
 */

/** @type {ReadonlyArray<ErrorKind>} */
export const ERROR_KINDS = Object.freeze([
  "connect_refused", // the endpoint or the WebSocket handshake said no (HTTP status, refused TCP, not JSON)
  "timeout", // a step did not finish in time (connect → bot-ready, waitForBot, bargeIn, send)
  "bot_left", // the bot closed the session (code 1000) while a step still expected something
  "connection_lost", // the connection dropped and the transport's reconnect attempts were spent
  "expectation_failed", // the bot answered, but not as the step expected (error-response, mismatch, not speaking)
  "invalid_scenario", // a mistake in the scenario: unknown step, bad option, unreadable WAV
  "aborted", // the connect was abandoned (disconnect while connecting)
  "malformed_input", // bad frames from the bot (counted per frame; never fails a VU)
  "unexpected", // anything else (a bug: please report it with the message)
]);

/** A failure with a kind: what steps throw when their expectation is not met. */
export class StepError extends Error {
  /**
   * @param {ErrorKind} kind
   * @param {string} message what failed and, where there is one, the fix
   * @param {{ cause?: unknown }} [options]
   */
  constructor(kind, message, options) {
    super(message, options);
    this.name = "StepError";
    /** @type {ErrorKind} */
    this.kind = kind;
  }
}

/** Transport error codes (`err.code` of pipecat-ws-transport's errors) and their kinds. */
/** @type {Readonly<Record<string, ErrorKind>>} */
const TRANSPORT_CODES = Object.freeze({
  "endpoint-failed": "connect_refused",
  "connect-failed": "connect_refused",
  "connect-timeout": "timeout",
  "ready-timeout": "timeout",
  "reconnect-failed": "connection_lost",
  aborted: "aborted",
  "invalid-option": "invalid_scenario",
  "invalid-connect-params": "invalid_scenario",
  "missing-url": "invalid_scenario",
  "invalid-audio": "invalid_scenario",
  "message-too-large": "invalid_scenario",
});

/**
 * Maps any failure to its kind and a one-line message.
 * @param {unknown} err
 * @returns {{ kind: ErrorKind, message: string }}
 */
export function classifyError(err) {
  if (err instanceof StepError) return { kind: err.kind, message: err.message };
  const e = /** @type {{ code?: unknown, name?: unknown, error?: unknown, status?: unknown, httpStatus?: unknown, message?: unknown }} */ (
    typeof err === "object" && err !== null ? err : {}
  );
  const message = typeof e.message === "string" && e.message ? e.message : String(err);
  if (typeof e.code === "string" && e.code in TRANSPORT_CODES) {
    const status = typeof e.httpStatus === "number" ? e.httpStatus : typeof e.status === "number" ? e.status : undefined;
    return { kind: TRANSPORT_CODES[e.code], message: status !== undefined && !message.includes(String(status)) ? `${message} (HTTP ${status})` : message };
  }
  // client-js's own start-bot path (startBotAndConnect): StartBotError, `status` 500 when no HTTP answer came.
  if (e.name === "StartBotError" || e.error === "invalid-request-error") {
    const status = typeof e.status === "number" ? e.status : undefined;
    if (message === "fetch failed") return { kind: "connect_refused", message: "the endpoint could not be reached (fetch failed: nothing listening, or DNS)" };
    return { kind: "connect_refused", message: `the endpoint refused to start the bot${status !== undefined ? ` (HTTP ${status})` : ""}: ${message}` };
  }
  // client-js reads an error answer with `response.json()`; a body that is not JSON (a plain 404 page)
  // surfaces as a SyntaxError from startBotAndConnect.
  if (e.name === "SyntaxError") {
    return { kind: "connect_refused", message: `the endpoint answered with an error that is not JSON (wrong URL or path?): ${message}` };
  }
  return { kind: "unexpected", message };
}

/**
 * The text Artillery counts as `errors.<text>`: the kind first, then the message, on one line and
 * short (Artillery makes a counter per distinct text, so nothing per-VU may appear in it).
 * @param {{ kind: ErrorKind, message: string }} failure
 */
export function artilleryErrorText(failure) {
  const oneLine = failure.message.replace(/\s+/g, " ").trim();
  const text = `pipecat.${failure.kind}: ${oneLine}`;
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
