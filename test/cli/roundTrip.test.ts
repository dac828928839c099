/**
 * The acceptance test: `pipecat-ws call` against `pipecat-ws serve`, both real processes.
 * A speech-like WAV (44.1 kHz stereo) goes in as the user; the bot's recorded voice must be that
 * utterance (correlation > 0.9 after resampling), against the bot on Pipecat's real-time clock
 * and at `--pace 2`; a barge-in must cut the bot's first answer.
 *
 * At real time the bot runs one 40 ms chunk ahead, so a chunk that arrives late on a loaded
 * machine leaves a gap in the recording (the recorder plays out in real time, as a speaker
 * would). Content is compared without runs of silence, so such a gap does not fail the test.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resamplePcm16 } from "../../src/pcm/resample.js";
import { encodeWav, parseWav } from "../../src/pcm/wav.js";
import { concatPcm, peakCorrelation, silence, syntheticSpeech, withoutSilentRuns } from "../server/support.js";
import { runCli, startServe, type ServeProcess } from "./spawnCli.js";

const dir = mkdtempSync(join(tmpdir(), "cli-roundtrip-"));
let serve: ServeProcess;
let serveAt2x: ServeProcess;

beforeAll(async () => {
  [serve, serveAt2x] = await Promise.all([startServe(), startServe(["--pace", "2"])]);
});
afterAll(async () => {
  const results = await Promise.all([serve.stop(), serveAt2x.stop()]);
  rmSync(dir, { recursive: true, force: true });
  // Ctrl+C stops the server cleanly.
  for (const r of results) {
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/stopped\.\n$/);
  }
});

/**
 * Correlation of the content of `expected` (its middle 90%: the echo's edges differ a little)
 * within `recorded`, both without their silences (≥ 2 ms at 24 kHz).
 */
function contentCorrelation(expected: Int16Array, recorded: Int16Array): number {
  const e = withoutSilentRuns(expected, 48);
  const core = e.subarray(Math.floor(e.length * 0.05), Math.ceil(e.length * 0.95));
  return peakCorrelation(core, withoutSilentRuns(recorded, 48)).correlation;
}

function stereoWav(mono: Int16Array, rate: number): Uint8Array {
  const st = new Int16Array(mono.length * 2);
  for (let i = 0; i < mono.length; i++) {
    st[2 * i] = mono[i]!;
    st[2 * i + 1] = Math.round(mono[i]! * 0.5);
  }
  return encodeWav(st, rate, 2);
}

/** The utterance as the bot should say it: downmixed like the CLI does, at the bot's 24 kHz. */
function expectedEcho(mono: Int16Array, rate: number): Int16Array {
  const down = new Int16Array(mono.length);
  for (let i = 0; i < mono.length; i++) down[i] = Math.round((mono[i]! + Math.round(mono[i]! * 0.5)) / 2);
  return resamplePcm16(down, rate, 24000);
}

function jsonl(path: string): { t: number; dir: string; message?: { type: string; data: unknown }; frame?: string }[] {
  return readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l) as never);
}

describe("pipecat-ws call ↔ pipecat-ws serve", () => {
  it.each([
    { clock: "real time (Pipecat's clock)", bot: () => serve },
    { clock: "--pace 2", bot: () => serveAt2x },
  ])("round-trips a spoken WAV: the recorded bot audio is the utterance (correlation > 0.9), bot at $clock", async ({ bot: which }) => {
    const bot = which();
    const utterance = syntheticSpeech(44100, 1.5, 21);
    const input = join(dir, "user.wav");
    const output = join(dir, "bot.wav");
    const messages = join(dir, "messages.jsonl");
    writeFileSync(input, stereoWav(concatPcm(silence(44100, 0.3), utterance), 44100));
    const r = await runCli(["call", "--endpoint", bot.connectUrl, "--in", input, "--out", output, "--messages", messages], 30_000);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pipecat-ws call: .*user\.wav \(1\.8 s, 44100 Hz, 2 ch\) -> http:\/\/127\.0\.0\.1:\d+\/connect\n/);
    expect(r.stdout).toMatch(/bot spoke 1 turn\(s\), 0 interrupted/);

    const recorded = parseWav(readFileSync(output));
    expect(recorded.sampleRate).toBe(24000);
    expect(recorded.channels).toBe(1);
    expect(contentCorrelation(expectedEcho(utterance, 44100), recorded.samples)).toBeGreaterThan(0.9);

    const types = jsonl(messages).filter((m) => m.dir === "in").map((m) => m.message?.type ?? m.frame);
    expect(types).toEqual([
      "bot-ready",
      "user-started-speaking",
      "user-stopped-speaking",
      "user-transcription",
      "bot-started-speaking",
      "bot-output",
      "bot-stopped-speaking",
    ]);
    // The server logged the session, without the token.
    await expect.poll(() => bot.output().stderr, { timeout: 5000 }).toMatch(/event=closed conn=\d+ code=1000/);
    const log = bot.output().stderr;
    expect(log).toMatch(/event=connected conn=\d+/);
    expect(log).not.toMatch(/token=/);
  });

  it("barge-in: the user talks over the bot; the bot stops and the recording has only what played", async () => {
    const first = syntheticSpeech(16000, 2.0, 31);
    const second = syntheticSpeech(16000, 0.8, 32);
    const input = join(dir, "bargein.wav");
    const output = join(dir, "bargein-bot.wav");
    const messages = join(dir, "bargein.jsonl");
    // The bot starts its 2 s answer ~0.4 s after the first turn; the user interrupts 0.6 s into it.
    writeFileSync(input, encodeWav(concatPcm(first, silence(16000, 1.0), second), 16000));
    const r = await runCli(["call", "--endpoint", serve.connectUrl, "--in", input, "--out", output, "--messages", messages], 30_000);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/interruption: bot audio not yet played was dropped/);
    expect(r.stdout).toMatch(/bot spoke 2 turn\(s\), 1 interrupted/);
    expect(r.stdout).toMatch(/cut by interruptions/);

    const inbound = jsonl(messages).filter((m) => m.dir === "in");
    const kinds = inbound.map((m) => m.message?.type ?? m.frame);
    const cut = kinds.indexOf("interruption");
    expect(cut).toBeGreaterThan(kinds.indexOf("bot-started-speaking"));
    expect(kinds.slice(cut, cut + 3)).toEqual(["interruption", "bot-interrupted", "bot-stopped-speaking"]);

    const bot = parseWav(readFileSync(output)).samples;
    const firstEcho = resamplePcm16(first, 16000, 24000);
    // The second answer is complete; of the first, only its beginning was heard.
    expect(contentCorrelation(resamplePcm16(second, 16000, 24000), bot)).toBeGreaterThan(0.9);
    expect(contentCorrelation(firstEcho.subarray(0, 24000 * 0.3), bot)).toBeGreaterThan(0.9);
    expect(peakCorrelation(firstEcho, bot).correlation).toBeLessThan(0.8);
  });
});
