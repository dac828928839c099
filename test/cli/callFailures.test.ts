/**
 * `pipecat-ws call` fails clearly: every failure the issue names (bad usage, bad WAV, unreachable
 * server, refused token, fatal disconnect, no bot-ready) gives a non-zero exit code and one line
 * that says what went wrong — against a real dev server on loopback, in-process.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  it.each([
    [[], /Usage: pipecat-ws <command>/],
    [["dance"], /unknown command 'dance'/],
    [["call", "--in", "a.wav", "--out", "b.wav"], /exactly one of --ws-url URL or --endpoint URL/],
    [["call", "--ws-url", "ws://x/ws", "--endpoint", "http://x/connect", "--in", "a.wav", "--out", "b.wav"], /exactly one/],
    [["call", "--ws-url", "ws://x/ws", "--out", "b.wav"], /--in USER.wav is required/],
    [["call", "--ws-url", "http://x/ws", "--in", "a.wav", "--out", "b.wav"], /--ws-url must start with ws:\/\//],
    [["call", "--ws-url", "ws://x/ws", "--in", "a.wav", "--out", "b.wav", "--recorder-rate", "fast"], /--recorder-rate must be an integer/],
    [["call", "--bogus"], /Unknown option '--bogus'/],
    [["serve", "--port", "99999"], /--port must be an integer 0..65535/],
  ])("%j", async (argv, message) => {
    const r = await run(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(message);
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
