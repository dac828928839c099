/**
 * The worklet code ships as a pre-minified string (`generated/workletSource.ts`, made by
 * `npm run worklet` from the processor functions). Checks that the committed string is what the
 * generator makes from the current functions, that it behaves exactly like their readable
 * (unminified) text, and that apps' builds — Vite minified as `npm run bench` builds, esbuild
 * minified with `keepNames` — ship it unchanged.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build as esbuild } from "esbuild";
import { build as viteBuild, type Rollup } from "vite";
import { describe, expect, it } from "vitest";
import { RESAMPLER_CODE } from "../../../src/audio/browser/worklet/dspSource.js";
import { JITTER_CODE } from "../../../src/audio/browser/worklet/jitterSource.js";
import { CHUNK_ALIGN_CODE } from "../../../src/audio/browser/worklet/chunkAlignSource.js";
import { WORKLET_MODULE_SOURCE } from "../../../src/audio/browser/worklet/loadWorklets.js";
import { PLAYER_CODE } from "../../../src/audio/browser/worklet/playerSource.js";
import { RECORDER_CODE } from "../../../src/audio/browser/worklet/recorderSource.js";
import { loadProcessors } from "./pages/workletScope.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const entry = join(root, "src/audio/browser/worklet/loadWorklets.ts");
const committed = join(root, "src/audio/browser/worklet/generated/workletSource.ts");

/** A fixed scenario through both processors; returns everything they posted and played. */
function run(source: string): { recorded: number[]; played: number[]; posted: unknown[] } {
  const p = loadProcessors(source, 44100);
  const rec = new p["pwt-recorder"]!({ processorOptions: { targetRate: 16000, chunkSamples: 320, enabled: true, levelFrames: 4410 } });
  const q = new Float32Array(128);
  for (let b = 0; b < 400; b++) {
    for (let i = 0; i < 128; i++) q[i] = 0.6 * Math.sin((2 * Math.PI * 700 * (b * 128 + i)) / 44100);
    rec.process([[q]], [[]]);
  }
  const recorded = rec.port.posted.flatMap((m) => {
    const e = m as { type: string; pcm?: ArrayBuffer; level?: number };
    return e.pcm ? Array.from(new Int16Array(e.pcm)) : [e.level!];
  });
  const play = new p["pwt-player"]!({ processorOptions: { capacityFrames: 44100, fadeFrames: 88, levelFrames: 2205 } });
  const pcm = Int16Array.from({ length: 4800 }, (_, i) => Math.round(20000 * Math.sin((2 * Math.PI * 300 * i) / 24000)));
  play.port.onmessage!({ data: { type: "audio", pcm: pcm.buffer, byteOffset: 0, samples: pcm.length, sampleRate: 24000, channels: 1 } });
  const played: number[] = [];
  for (let b = 0; b < 60; b++) {
    if (b === 40) play.port.onmessage!({ data: { type: "clear", epoch: 1 } });
    const out = new Float32Array(128);
    play.process([], [[out]]);
    played.push(...out);
  }
  return { recorded, played, posted: play.port.posted };
}

async function viteMinified(): Promise<string> {
  const out = (await viteBuild({
    configFile: false,
    logLevel: "silent",
    build: { write: false, minify: true, target: "es2022", lib: { entry, formats: ["iife"], name: "W" } },
  })) as Rollup.RollupOutput[];
  const chunk = out[0]!.output.find((o) => o.type === "chunk")!;
  return new Function(`${chunk.code};return W.WORKLET_MODULE_SOURCE;`)() as string;
}

async function esbuildKeepNames(): Promise<string> {
  const r = await esbuild({ entryPoints: [entry], bundle: true, write: false, format: "iife", globalName: "W", minify: true, keepNames: true, logLevel: "silent" });
  return new Function(`${r.outputFiles[0]!.text};return W.WORKLET_MODULE_SOURCE;`)() as string;
}

describe("shipped worklet code", () => {
  it("is what `npm run worklet` makes from the current processor functions", () => {
    const dir = mkdtempSync(join(tmpdir(), "pwt-worklet-"));
    try {
      const out = join(dir, "workletSource.ts");
      execFileSync(process.execPath, [join(root, "scripts/gen-worklet.mjs"), out], { stdio: "pipe", timeout: 20_000 });
      expect(readFileSync(out, "utf8"), "stale: run npm run worklet").toBe(readFileSync(committed, "utf8"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const readable = RESAMPLER_CODE + JITTER_CODE + CHUNK_ALIGN_CODE + RECORDER_CODE + PLAYER_CODE;
  const reference = run(readable);

  it("is minified, and behaves exactly like the readable functions (chunks, levels, audio, clear)", () => {
    expect(WORKLET_MODULE_SOURCE).not.toContain("ZERO_CROSSINGS");
    expect(WORKLET_MODULE_SOURCE.length).toBeLessThan(readable.length * 0.8);
    expect(reference.recorded.length).toBeGreaterThan(3000);
    expect(Math.max(...reference.played.slice(0, 40 * 128))).toBeGreaterThan(0.5);
    expect(reference.played.slice(41 * 128).every((s) => s === 0)).toBe(true);
    expect(reference.posted.length).toBeGreaterThan(2);
    expect(run(WORKLET_MODULE_SOURCE)).toEqual(reference);
  });

  it("ships unchanged through a Vite minified build", async () => {
    expect(await viteMinified()).toBe(WORKLET_MODULE_SOURCE);
  });

  it("ships unchanged through esbuild minified with keepNames (where fn.toString() would break)", async () => {
    expect(await esbuildKeepNames()).toBe(WORKLET_MODULE_SOURCE);
  });
});
