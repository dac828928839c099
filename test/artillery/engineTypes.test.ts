/**
 * The engine is plain JavaScript with JSDoc types (Artillery loads it without a build step), so
 * the project's typecheck does not see it. This runs its own `tsc -p` (checkJs, strict) against
 * the built package's types: a change to pipecat-ws-transport's public API that the engine relies
 * on (`pipecat-ws-transport/node`, `AudioSink`, `handleUserAudioStream`, `getStats`) fails here.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("../..", import.meta.url));

describe("artillery-engine-pipecat types", () => {
  it("check against pipecat-ws-transport's public types (tsc -p packages/artillery-engine-pipecat)", () => {
    const tsc = require.resolve("typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", "packages/artillery-engine-pipecat/tsconfig.json"], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
