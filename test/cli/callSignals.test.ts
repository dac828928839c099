/**
 * Ctrl-C (SIGINT) and SIGTERM during `pipecat-ws call`, on the real CLI process: the call ends
 * cleanly — a readable WAV with the bot audio received so far (its header counts the data), the
 * messages file written, the summary printed — with exit code 130 / 143.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeWav, parseWav } from "../../src/pcm/wav.js";
import { startDevServer, type DevServer } from "../../src/server/index.js";
import { concatPcm, silence, syntheticSpeech } from "../server/support.js";
import { spawnCli } from "./spawnCli.js";

const dir = mkdtempSync(join(tmpdir(), "cli-signals-"));
const input = join(dir, "talk.wav");
let server: DevServer;

beforeAll(async () => {
  // Two turns: the call is still going when the signal comes, during the bot's first answer.
  writeFileSync(input, encodeWav(concatPcm(syntheticSpeech(16000, 1.5, 41), silence(16000, 2.5), syntheticSpeech(16000, 1.5, 42)), 16000));
  server = await startDevServer({ port: 0, logger: false });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("pipecat-ws call ends cleanly on a signal", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s: exit %i, a readable WAV of what was received, the messages file and the summary", async (signal, code) => {
    const out = join(dir, `${signal}.wav`);
    const messages = join(dir, `${signal}.jsonl`);
    const cli = spawnCli(["call", "--ws-url", server.wsUrl, "--in", input, "--out", out, "--messages", messages], 30_000);
    await cli.waitForStdout(/bot started speaking/);
    await new Promise((r) => setTimeout(r, 700)); // ~0.7 s of the answer plays into the WAV
    cli.child.kill(signal);
    const r = await cli.exited;

    expect(r.code).toBe(code);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.at(-2)).toMatch(new RegExp(`^interrupted \\(${signal}\\): sent \\d+\\.\\d s of audio; bot spoke 1 turn\\(s\\), 0 interrupted; \\d+\\.\\d s written to .*${signal}\\.wav$`));
    expect(lines.at(-1)).toMatch(new RegExp(`^messages: \\d+ written to .*${signal}\\.jsonl$`));

    // The header was finished: it counts every byte of audio in the file.
    const bytes = readFileSync(out);
    expect(bytes.readUInt32LE(40)).toBe(statSync(out).size - 44);
    const wav = parseWav(bytes);
    expect(wav.sampleRate).toBe(24000);
    expect(wav.samples.length).toBeGreaterThan(24000 * 0.3);
    expect(wav.samples.some((s) => Math.abs(s) > 1000)).toBe(true);

    const records = readFileSync(messages, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as { message?: { type: string } });
    const types = records.map((m) => m.message?.type);
    expect(types).toContain("bot-ready");
    expect(types).toContain("bot-started-speaking");
  });
});
