/**
 * The README's Node example (examples/node-call.ts) runs for real against the dev bot server:
 * it must connect, speak, get the bot's echo recorded to a WAV, and exit 0.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseWav } from "../../src/pcm/wav.js";
import { startDevServer } from "../../src/server/index.js";

describe("examples/node-call.ts", () => {
  let server: Awaited<ReturnType<typeof startDevServer>>;
  const dir = mkdtempSync(join(tmpdir(), "pwt-example-"));
  beforeAll(async () => {
    server = await startDevServer({ port: 0, logger: false });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records the bot's echo to bot.wav and exits 0", async () => {
    const root = resolve(".");
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((done) => {
      // Run from a scratch folder, so bot.wav lands there.
      const child = execFile(
        join(root, "node_modules/.bin/tsx"),
        [join(root, "examples/node-call.ts"), server.connectUrl],
        { cwd: dir, timeout: 25_000 },
        (error, out) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out }),
      );
      child.stdin?.end();
    });
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/bot: \(echo of/);
    expect(existsSync(join(dir, "bot.wav"))).toBe(true);
    const wav = parseWav(readFileSync(join(dir, "bot.wav")));
    expect(wav.samples.length / wav.sampleRate).toBeGreaterThan(1);
  }, 30_000);
});
