/**
 * The CLI's cause mapping on error shapes a live test cannot easily produce: the transport's
 * codes and fields (EndpointError `status`, `httpStatus` on connect-failed, ready-timeout,
 * reconnect-failed), client-js's StartBotError, fallbacks to the message; and that a secret in a
 * server's text is redacted before the line is cut (never half a token). Also the terminal
 * output: control characters are shown, and the live status line ends with a newline.
 */
import { PassThrough } from "node:stream";
import { StartBotError } from "@pipecat-ai/client-js";
import { describe, expect, it } from "vitest";
import { EndpointError, TransportConnectionError } from "../../src/common/errors.js";
import { Redactor } from "../../src/common/Redactor.js";
import { describeFailure, type FailureTarget } from "../../src/cli/describeFailure.js";
import { Console } from "../../src/cli/output.js";
import { printable } from "../../src/cli/printable.js";

const ws: FailureTarget = { url: "ws://127.0.0.1:7860/ws", via: "ws-url", tokenGiven: false, connectTimeoutMs: 15000 };
const endpoint: FailureTarget = { url: "http://127.0.0.1:7860/connect", via: "endpoint", tokenGiven: false, connectTimeoutMs: 15000, endpoint: null };
const connectError = (error: unknown) => ({ kind: "connect-error" as const, error });

describe("describeFailure", () => {
  it("reads the transport's codes and fields", () => {
    const refused = new TransportConnectionError("connect-failed", "the server refused the WebSocket (HTTP 403)", { code: 1006, reason: "Unexpected server response: 403", status: 403 }, 403);
    expect(describeFailure(connectError(refused), ws)).toBe(
      "could not connect to ws://127.0.0.1:7860/ws: the server refused the WebSocket (HTTP 403): forbidden (origin or credentials); see the server's log",
    );
    const notFound = new TransportConnectionError("connect-failed", "x", undefined, 404);
    expect(describeFailure(connectError(notFound), ws)).toMatch(/\(HTTP 404\): no WebSocket at this path; check the URL \(the dev bot's is \/ws\)$/);
    const endpointFailed = new TransportConnectionError("endpoint-failed", "endpoint answered 502", new EndpointError("endpoint answered 502", 502));
    expect(describeFailure(connectError(Object.assign(endpointFailed, { status: 502 })), endpoint)).toMatch(/: the endpoint answered HTTP 502: the bot runner failed; see its log/);
    expect(describeFailure(connectError(new TransportConnectionError("ready-timeout", "no bot-ready")), ws)).toBe(
      "no bot-ready within 15000 ms (--connect-timeout-ms): the WebSocket opened, the bot never answered client-ready",
    );
    expect(describeFailure(connectError(new TransportConnectionError("reconnect-failed", "connection lost (code 1011: boom); gave up after 2 reconnect attempt(s)")), ws)).toBe(
      "connection lost: code 1011: boom; gave up after 2 reconnect attempt(s)",
    );
    expect(describeFailure(connectError(new TransportConnectionError("aborted", "cancelled")), ws)).toBe("the connection was cancelled");
  });

  it("client-js's StartBotError without an observed answer, and unknown errors: the message", () => {
    expect(describeFailure(connectError(new StartBotError("Failed to connect / invalid auth bundle from base url", 500)), endpoint)).toBe(
      "could not connect to http://127.0.0.1:7860/connect: the endpoint failed: Failed to connect / invalid auth bundle from base url",
    );
    expect(describeFailure(connectError(new Error("something odd")), ws)).toBe("could not connect to ws://127.0.0.1:7860/ws: something odd");
    expect(describeFailure(connectError("a string"), ws)).toBe("could not connect to ws://127.0.0.1:7860/ws: a string");
  });

  it("the endpoint's observed answer beats what client-js kept", () => {
    const seen = { url: endpoint.url, status: 401, statusText: "Unauthorized", contentType: "application/json", bodyStart: '{"detail":"bad key"}' };
    expect(describeFailure(connectError(new StartBotError("bad key", 401)), { ...endpoint, endpoint: seen })).toBe(
      "could not connect to http://127.0.0.1:7860/connect: the endpoint answered HTTP 401 Unauthorized: it wants credentials this CLI did not send (the server says: bad key)",
    );
  });

  it("redacts the call's secrets before cutting the line: never half a token", () => {
    const token = "s3cr3t-token-value-0123456789";
    const redactor = new Redactor();
    redactor.addSecret(token);
    const say = (body: string) =>
      describeFailure(connectError(new SyntaxError("Unexpected token")), {
        ...endpoint,
        endpoint: { url: endpoint.url, status: 400, statusText: "Bad Request", contentType: "text/plain", bodyStart: body },
        redact: redactor.string,
      });
    expect(say(`your token ${token} is invalid`)).toBe(
      "could not connect to http://127.0.0.1:7860/connect: the endpoint answered HTTP 400 Bad Request (the server says: your token *** is invalid)",
    );
    // The token straddles the cut (160 characters): it is redacted first, so no part of it shows.
    const long = say(`${"x".repeat(150)} token ${token} is invalid`);
    expect(long).not.toMatch(/s3c/);
    expect(long).toMatch(/\(the server says: x+ token \*{1,3}…\)$/);
  });
});

describe("terminal output", () => {
  it("printable: control characters become visible escapes, text is cut with …", () => {
    expect(printable("a\x1b]0;t\x07b\u009bc\u202ed\r\ne")).toBe("a\\x1b]0;t\\x07b\\x9bc\\u202ed  e");
    expect(printable("x".repeat(50), 10)).toBe(`${"x".repeat(9)}…`);
    expect(printable("plain text, é ü ✓")).toBe("plain text, é ü ✓");
  });

  it("Console: lines are printable; the live status line ends with a newline when the command ends", () => {
    const stdout = Object.assign(new PassThrough(), { isTTY: true });
    const stderr = new PassThrough();
    let written = "";
    stdout.on("data", (d: Buffer) => (written += d.toString()));
    const out = new Console({ stdout, stderr });
    out.line("bot: \x1b[2Jhi");
    out.progress("[  1.0 s] sent 1.0 s · listening");
    out.progress("[  1.2 s] sent 1.2 s · listening");
    out.endProgress();
    expect(written).toBe("bot: \\x1b[2Jhi\n\r\x1b[2K[  1.0 s] sent 1.0 s · listening\r\x1b[2K[  1.2 s] sent 1.2 s · listening\r\x1b[2K[  1.2 s] sent 1.2 s · listening\n");
    out.endProgress(); // once only
    expect(written.endsWith("listening\n")).toBe(true);
  });
});
