/**
 * bin/pipecat-ws.js: runs the built CLI, and without a build says exactly what to do.
 */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "bin", "pipecat-ws.js");
const dir = mkdtempSync(join(tmpdir(), "cli-bin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function node(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("bin/pipecat-ws.js", () => {
  it("tells the user to run `npm run build` when dist/cli.js is missing", async () => {
    mkdirSync(join(dir, "bin"));
    copyFileSync(bin, join(dir, "bin", "pipecat-ws.js"));
    const r = await node(join(dir, "bin", "pipecat-ws.js"), ["serve"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/dist\/cli\.js is missing.*\n\s+npm run build/);
  });

  // `npm test` builds first; a bare `vitest run` without a build skips only this one.
  it.skipIf(!existsSync(join(root, "dist", "cli.js")))("runs the built CLI and passes its exit code on", async () => {
    const help = await node(bin, ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: pipecat-ws <command>/);
    const usage = await node(bin, ["call"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/exactly one of --ws-url URL or --endpoint URL/);
  });
});
