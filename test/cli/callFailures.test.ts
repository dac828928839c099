/**
 * `pipecat-ws call` fails clearly: every failure (bad usage, bad WAV, connection refused, the
 * endpoint's HTTP status, a TLS/scheme mismatch, a missing or wrong token, a fatal disconnect,
 * no bot-ready) gives a non-zero exit code and ONE line that names the cause — nothing from
 * client-js's own logger — against real servers on loopback.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeWav } from "../../src/pcm/wav.js";
import { main } from "../../src/cli/index.js";
import { runCli } from "./spawnCli.js";
import { startDevServer, type DevServer } from "../../src/server/index.js";
import { concatPcm, silence, syntheticSpeech } from "../server/support.js";

const dir = mkdtempSync(join(tmpdir(), "cli-fail-"));
const speechWav = join(dir, "speech.wav");
let server: DevServer;

beforeAll(async () => {
  writeFileSync(speechWav, encodeWav(concatPcm(syntheticSpeech(16000, 0.8, 11), silence(16000, 0.2)), 16000));
  server = await startDevServer({ port: 0, logger: false, token: "right-token" });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await main(argv, { stdout, stderr });
  return { code, stdout: out, stderr: err };
}

const lastLine = (text: string): string => text.trimEnd().split("\n").at(-1) ?? "";
const outWav = (): string => join(dir, `out-${Math.random().toString(36).slice(2)}.wav`);

describe("pipecat-ws usage errors (exit 2)", () => {
  it("no command: the help", async () => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^Usage: pipecat-ws <command>/);
  });

  it.each([
    [["dance"], /unknown command 'dance'/],
    [["call", "--in", "a.wav", "--out", "b.wav"], /exactly one of --ws-url URL or --endpoint URL/],
    [["call", "--ws-url", "ws://x/ws", "--endpoint", "http://x/connect", "--in", "a.wav", "--out", "b.wav"], /exactly one/],
    [["call", "--ws-url", "ws://x/ws", "--out", "b.wav"], /--in USER.wav is required/],
    [["call", "--ws-url", "http://x/ws", "--in", "a.wav", "--out", "b.wav"], /--ws-url must start with ws:\/\//],
    [["call", "--ws-url", "ws://x/ws", "--in", "a.wav", "--out", "b.wav", "--recorder-rate", "fast"], /--recorder-rate must be an integer/],
    [["call", "--bogus"], /Unknown option '--bogus'/],
    [["serve", "--port", "99999"], /--port must be an integer 0..65535/],
  ])("%j: one line, the error and where the help is", async (argv, message) => {
    const r = await run(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/; see 'pipecat-ws( call| serve)? --help'\n$/);
    expect(r.stderr.split("\n")).toHaveLength(2);
  });

  it("--version prints package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    const r = await run("--version");
    expect(r).toEqual({ code: 0, stdout: `pipecat-ws ${version}\n`, stderr: "" });
  });
});

/** The real CLI in a child process: exit code and output exactly as a user sees them. */
async function runProcess(...argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCli(argv, 20_000);
}

describe("pipecat-ws call failures (exit 1)", () => {
  it("a file that is not a WAV, before any network traffic", async () => {
    const bad = join(dir, "notes.wav");
    writeFileSync(bad, "these are my notes");
    const r = await run("call", "--ws-url", "ws://127.0.0.1:9/ws", "--in", bad, "--out", outWav());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`pipecat-ws call: error: cannot use --in ${bad}: not a WAV file: expected "RIFF" at byte 0\n`);
  });

  it("a missing input file and an unwritable output path", async () => {
    const missing = await run("call", "--ws-url", server.wsUrl, "--in", join(dir, "nope.wav"), "--out", outWav());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read --in .*nope\.wav: no such file or directory/);
    const unwritable = await run("call", "--ws-url", server.wsUrl, "--in", speechWav, "--out", join(dir, "no-such-dir", "o.wav"));
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/cannot write --out .*o\.wav: no such file or directory/);
  });

  it("an unreachable server", async () => {
    const closed = await startDevServer({ port: 0, logger: false });
    const url = closed.wsUrl;
    await closed.close();
    const r = await runProcess("call", "--ws-url", url, "--in", speechWav, "--out", outWav(), "--connect-timeout-ms", "8000");
    expect(r.code).toBe(1);
    expect(lastLine(r.stderr)).toMatch(/^pipecat-ws call: error: could not connect to ws:\/\/127\.0\.0\.1:\d+\/ws\?token=\*\*\*: /);
  });

  it("a refused token, which is never printed", async () => {
    const url = server.wsUrl.replace("right-token", "wrong-token");
    const r = await runProcess("call", "--ws-url", url, "--in", speechWav, "--out", outWav(), "--connect-timeout-ms", "8000");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/could not connect/);
    expect(r.stdout + r.stderr).not.toMatch(/wrong-token|right-token/);
  });

  it("no bot-ready within the connect timeout", async () => {
    server.faults.withholdBotReady(1);
    const r = await runProcess("call", "--ws-url", server.wsUrl, "--in", speechWav, "--out", outWav(), "--connect-timeout-ms", "800");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no bot-ready within 800 ms/);
    expect(r.stderr).toBe("pipecat-ws call: error: no bot-ready within 800 ms (--connect-timeout-ms)\n");
    server.faults.reset();
  });

  it("a fatal disconnect: the connection drops and every reconnect is refused", async () => {
    const pending = runProcess("call", "--ws-url", server.wsUrl, "--in", speechWav, "--out", outWav());
    await expect.poll(() => server.connectionCount(), { timeout: 10_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    server.faults.refuseHandshakes(10, 503);
    server.faults.dropConnections();
    const r = await pending;
    server.faults.reset();
    expect(r.code).toBe(1);
    expect(lastLine(r.stderr)).toMatch(/^pipecat-ws call: error: connection lost: /);
  });
});

describe("pipecat-ws call endings (exit 0)", () => {
  it("the bot ends the call with a clean close", async () => {
    const out = outWav();
    const pending = runProcess("call", "--ws-url", server.wsUrl, "--in", speechWav, "--out", out);
    await expect.poll(() => server.connectionCount(), { timeout: 10_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    server.faults.closeConnections(1000, "bot finished");
    const r = await pending;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/the bot ended the call/);
    expect(readFileSync(out).subarray(0, 4).toString()).toBe("RIFF");
  });
});

/** stderr is exactly one line that matches `cause`, and nothing came from client-js's logger. */
function expectOneLine(r: { code: number | null; stdout: string; stderr: string }, cause: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^pipecat-ws call: error: could not connect to [^\n]*\n$/);
  expect(r.stderr).toMatch(cause);
  expect(r.stdout + r.stderr).not.toMatch(/\[Pipecat Client\]|Fatal error reported|\[pipecat-ws-transport\]/);
}

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe.concurrent("pipecat-ws call failures name their cause in one line", () => {
  let other: Server;
  let tls: Server | undefined;
  const base = (s: Server, scheme: string): string => `${scheme}://127.0.0.1:${(s.address() as { port: number }).port}`;

  beforeAll(async () => {
    // Not a bot runner: a 404 with a text body, a 200 web page.
    other = createHttpServer((req, res) => {
      if (req.url === "/page") res.writeHead(200, { "Content-Type": "text/html" }).end("<html>hello</html>");
      else res.writeHead(404, { "Content-Type": "text/plain" }).end("nope");
    });
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    if (hasOpenssl()) {
      const key = join(dir, "key.pem");
      const cert = join(dir, "cert.pem");
      execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"], { stdio: "ignore" });
      tls = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end("{}"));
      await new Promise<void>((r) => tls!.listen(0, "127.0.0.1", r));
    }
  });
  afterAll(async () => {
    for (const s of [other, tls]) {
      s?.closeAllConnections();
      await new Promise((r) => (s ? s.close(r) : r(undefined)));
    }
  });

  const call = (...args: string[]) => runProcess("call", ...args, "--in", speechWav, "--out", outWav(), "--connect-timeout-ms", "8000");

  it("connection refused, WebSocket and endpoint: names host:port", async () => {
    const closed = await startDevServer({ port: 0, logger: false });
    const { wsUrl, connectUrl, port } = closed;
    await closed.close();
    const [ws, endpoint] = await Promise.all([call("--ws-url", wsUrl), call("--endpoint", connectUrl)]);
    expectOneLine(ws, new RegExp(`: connection refused by 127\\.0\\.0\\.1:${port}: is the bot running there\\?\\n$`));
    expectOneLine(endpoint, new RegExp(`: connection refused by 127\\.0\\.0\\.1:${port}: is the bot running there\\?\\n$`));
  });

  it("the endpoint's HTTP status, not a JSON parse error (404 with JSON detail, 404 with text, 200 with a web page)", async () => {
    const [detail, text, page] = await Promise.all([
      call("--endpoint", `${server.url}/conect`),
      call("--endpoint", `${base(other, "http")}/start`),
      call("--endpoint", `${base(other, "http")}/page`),
    ]);
    expectOneLine(detail, /: the endpoint answered HTTP 404 Not Found: check the URL \(the server says: not found: POST \/conect; the endpoint is POST \/connect, the WebSocket is \/ws\)\n$/);
    expectOneLine(text, /: the endpoint answered HTTP 404 Not Found: check the URL \(the server says: nope\)\n$/);
    expectOneLine(page, /: the endpoint answered HTTP 200 with text\/html, not JSON \{ ws_url \}: is http:\/\/127\.0\.0\.1:\d+\/page a bot runner's start URL\?\n$/);
    for (const r of [detail, text]) expect(r.stderr).not.toMatch(/JSON|Unexpected token/);
  });

  it("a TLS URL for a server without TLS: says which scheme to use", async () => {
    const [ws, endpoint] = await Promise.all([
      call("--ws-url", server.wsUrl.replace("ws://", "wss://")),
      call("--endpoint", server.connectUrl.replace("http://", "https://")),
    ]);
    expectOneLine(ws, /: TLS handshake with 127\.0\.0\.1:\d+ failed: the server does not speak TLS; use ws:\/\/ instead of wss:\/\/\n$/);
    expectOneLine(endpoint, /: TLS handshake with 127\.0\.0\.1:\d+ failed: the server does not speak TLS; use http:\/\/ instead of https:\/\/\n$/);
  });

  it.skipIf(!hasOpenssl())("a TLS server: a plain URL says to use wss://; an untrusted certificate is named", async () => {
    const [plain, untrusted] = await Promise.all([call("--ws-url", `${base(tls!, "ws")}/ws`), call("--ws-url", `${base(tls!, "wss")}/ws`)]);
    expectOneLine(plain, /: 127\.0\.0\.1:\d+ closed the connection without an HTTP answer: if it expects TLS, use wss:\/\/ instead of ws:\/\/\n$/);
    expectOneLine(untrusted, /: the TLS certificate of 127\.0\.0\.1:\d+ was rejected \(self-signed certificate\); to trust it, set NODE_EXTRA_CA_CERTS=<its CA file>\n$/);
  });

  it("a missing token and a wrong token, told apart; neither printed", async () => {
    const [missing, wrong] = await Promise.all([
      call("--ws-url", server.wsUrl.split("?")[0]!),
      call("--ws-url", server.wsUrl.split("?")[0]!, "--token", "wrong-token"),
    ]);
    expectOneLine(missing, /: the server refused the WebSocket \(HTTP 401\): missing token; pass --token \(or PIPECAT_WS_TOKEN\), or use --endpoint to get a URL with one\n$/);
    expectOneLine(wrong, /: the server refused the WebSocket \(HTTP 401\): wrong token \(check --token \/ PIPECAT_WS_TOKEN, or use --endpoint to get a fresh URL\)\n$/);
    expect(wrong.stdout + wrong.stderr).not.toMatch(/wrong-token|right-token/);
  });
});
