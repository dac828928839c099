/**
 * A hostile server cannot drive the terminal through `pipecat-ws call`: escape sequences in the
 * bot's transcripts, outputs, errors and the endpoint's error body (window title, clear screen,
 * OSC 52 clipboard writes, bidi overrides, forged extra lines) are printed as visible text, and
 * no control character but the line ends reaches stdout or stderr.
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { encodeWav } from "../../src/pcm/wav.js";
import { ProtobufFrameSerializer } from "../../src/serializers/ProtobufFrameSerializer.js";
import { concatPcm, silence, syntheticSpeech } from "../server/support.js";
import { runCli } from "./spawnCli.js";

const ESCAPES = "\x1b]0;pwned title\x07\x1b[2J\x1b[H\x1b]52;c;ZWNobyBwd25lZA==\x07\u009b31m\u202edesrever\r\n[  9.9 s] done: forged line";
const dir = mkdtempSync(join(tmpdir(), "cli-hostile-"));
const input = join(dir, "in.wav");
let http: Server;
let port = 0;

beforeAll(async () => {
  writeFileSync(input, encodeWav(concatPcm(syntheticSpeech(16000, 0.6, 51), silence(16000, 0.2)), 16000));
  const serializer = new ProtobufFrameSerializer();
  const wss = new WebSocketServer({ noServer: true });
  http = createServer((req, res) => {
    // A start-bot endpoint that fails with a hostile body.
    res.writeHead(500, { "Content-Type": "text/plain" }).end(`internal error ${ESCAPES}`);
  });
  http.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const rtvi = (type: string, data: unknown, id = `s-${type}`) => ws.send(serializer.serializeMessage({ label: "rtvi-ai", type, id, data } as never));
      ws.on("message", (data: Buffer) => {
        const frame = serializer.decode(new Uint8Array(data));
        if (frame.type !== "message" || frame.message.type !== "client-ready") return;
        rtvi("bot-ready", { version: "2.1.0" }, frame.message.id as string);
        rtvi("user-transcription", { text: `hello ${ESCAPES}`, final: true, timestamp: "", user_id: "u" });
        rtvi("bot-output", { text: `answer ${ESCAPES}`, spoken: true, aggregated_by: "sentence" });
        rtvi("error", { message: `warning ${ESCAPES}`, fatal: false });
        setTimeout(() => ws.close(1000, "bye \x1b[2J"), 300);
      });
    });
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  port = (http.address() as { port: number }).port;
});
afterAll(async () => {
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** Control characters other than the newline that ends each line. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/; // eslint-disable-line no-control-regex

describe("pipecat-ws call prints a hostile server's text safely", () => {
  it("transcripts, bot outputs and error messages: visible escapes, one line each", async () => {
    const r = await runCli(["call", "--ws-url", `ws://127.0.0.1:${port}/ws`, "--in", input, "--out", join(dir, "out.wav")], 20_000);
    expect(r.code).toBe(0);
    const all = r.stdout + r.stderr;
    expect(all).not.toMatch(CONTROL);
    expect(r.stdout).toMatch(/\] user: hello \\x1b\]0;pwned title\\x07\\x1b\[2J\\x1b\[H\\x1b\]52;c;ZWNobyBwd25lZA==\\x07\\x9b31m\\u202edesrever {2}\[ {2}9\.9 s\] done: forged line\n/);
    expect(r.stdout).toMatch(/\] bot: answer \\x1b\]0;pwned title/);
    expect(r.stdout).toMatch(/\] warning: warning \\x1b\]0;pwned title/);
    // The forged "done:" is inside another line, never a line of its own.
    expect(r.stdout.split("\n").filter((l) => l.startsWith("[  9.9 s] done:"))).toEqual([]);
  });

  it("an endpoint's error body: one line on stderr, escapes visible", async () => {
    const r = await runCli(["call", "--endpoint", `http://127.0.0.1:${port}/start`, "--in", input, "--out", join(dir, "out2.wav")], 20_000);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(CONTROL);
    expect(r.stderr.split("\n")).toHaveLength(2); // one line and its newline
    expect(r.stderr).toMatch(/^pipecat-ws call: error: could not connect to http:\/\/127\.0\.0\.1:\d+\/start: the endpoint answered HTTP 500 Internal Server Error: the bot runner failed; see its log \(the server says: internal error \\x1b\]0;pwned title/);
  });
});
