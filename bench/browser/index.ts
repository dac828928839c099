/**
 * The browser section of `npm run bench`: builds the bench pages with Vite, starts the loopback
 * bot, and measures, each in its own headless Chromium: our transport (default 10 ms mic
 * chunks, and with 20 ms), the official one with its default media manager (DailyMediaManager),
 * and the official one with its Daily-free WavMediaManager. Returns raw figures plus medians;
 * nothing is estimated.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, percentile } from "../stats.js";
import { BenchBot } from "./botServer.js";
import { PAGES, buildPages } from "./buildPages.js";
import { writeClickWav } from "./clickWav.js";
import { runTarget, type TargetPlan, type TargetResult } from "./runTarget.js";

/** Medians and p95s derived from a {@link TargetResult}. */
export interface TargetSummary {
  clickMedianMs?: number;
  clickP95Ms?: number;
  clickMinMs?: number;
  clickMaxMs?: number;
  /** Within the every-frame session: max - min of the click round trips. */
  clickSpreadMs?: number;
  /** Median of the first and of the last 10 clicks of the every-frame session (drift). */
  clickFirstMedianMs?: number;
  clickLastMedianMs?: number;
  gatedClickMedianMs?: number;
  gatedClickP95Ms?: number;
  gatedClickSpreadMs?: number;
  /** Gated click median minus the loopback socket round trip median. */
  gatedAddedMedianMs?: number;
  /** Click median minus the loopback socket round trip median: what recorder + player add. */
  addedMedianMs?: number;
  pingMedianMs?: number;
  /** Median of `recorderOffsetMs` (official only): add it to its figures for its own pipeline's delay. */
  recorderOffsetMedianMs?: number;
  recorderOffsetMinMs?: number;
  recorderOffsetMaxMs?: number;
  interruptionMedianMs?: number;
  interruptionP95Ms?: number;
  /** Rounds still sounding when their window closed. */
  interruptionsNeverSilent?: number;
  interruptionDoubleMedianMs?: number;
  interruptionDoubleP95Ms?: number;
  interruptionsDoubleNeverSilent?: number;
}

export interface BrowserBenchResult {
  targets: { result: TargetResult; summary: TargetSummary }[];
  notes: string[];
}

function interruptions(ms: (number | null)[] | undefined): { median?: number; p95?: number; never?: number } {
  if (!ms?.length) return {};
  // A round that never went silent counts as longer than every measured one.
  const all = ms.map((x) => x ?? Infinity);
  return { median: median(all), p95: percentile(all, 95), never: ms.filter((x) => x === null).length };
}

export function summarize(r: TargetResult): TargetSummary {
  const s: TargetSummary = {};
  if (r.clickMs?.length) {
    s.clickMedianMs = median(r.clickMs);
    s.clickP95Ms = percentile(r.clickMs, 95);
    s.clickMinMs = Math.min(...r.clickMs);
    s.clickMaxMs = Math.max(...r.clickMs);
    s.clickSpreadMs = s.clickMaxMs - s.clickMinMs;
    s.clickFirstMedianMs = median(r.clickMs.slice(0, 10));
    s.clickLastMedianMs = median(r.clickMs.slice(-10));
  }
  if (r.gatedClickMs?.length) {
    s.gatedClickMedianMs = median(r.gatedClickMs);
    s.gatedClickP95Ms = percentile(r.gatedClickMs, 95);
    s.gatedClickSpreadMs = Math.max(...r.gatedClickMs) - Math.min(...r.gatedClickMs);
  }
  if (r.pingMs?.length) s.pingMedianMs = median(r.pingMs);
  if (s.pingMedianMs !== undefined) {
    if (s.clickMedianMs !== undefined) s.addedMedianMs = s.clickMedianMs - s.pingMedianMs;
    if (s.gatedClickMedianMs !== undefined) s.gatedAddedMedianMs = s.gatedClickMedianMs - s.pingMedianMs;
  }
  if (r.recorderOffsetMs?.length) {
    s.recorderOffsetMedianMs = median(r.recorderOffsetMs);
    s.recorderOffsetMinMs = Math.min(...r.recorderOffsetMs);
    s.recorderOffsetMaxMs = Math.max(...r.recorderOffsetMs);
  }
  const a = interruptions(r.interruptionMs);
  [s.interruptionMedianMs, s.interruptionP95Ms, s.interruptionsNeverSilent] = [a.median, a.p95, a.never];
  const d = interruptions(r.interruptionDoubleMs);
  [s.interruptionDoubleMedianMs, s.interruptionDoubleP95Ms, s.interruptionsDoubleNeverSilent] = [d.median, d.p95, d.never];
  return s;
}

export async function benchBrowser(opts: { quick?: boolean } = {}): Promise<BrowserBenchResult> {
  const notes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "pwt-bench-browser-"));
  const files = await buildPages();
  const bot = await BenchBot.start(files, [...PAGES]);
  try {
    const base = {
      micWav: writeClickWav(join(dir, "clicks.wav")),
      costSeconds: opts.quick ? 8 : 30,
      clickSeconds: opts.quick ? 10 : 60,
      interruptions: opts.quick ? 5 : 12,
      sessionSeconds: opts.quick ? 20 : 120,
      connectTimeoutMs: 15_000,
    };
    const plans: TargetPlan[] = [
      { ...base, name: "ours", page: "ours.html" },
      { ...base, name: "ours, 20 ms mic chunks", page: "ours.html?chunkMs=20", costSeconds: 0, sessionSeconds: 0 },
      // Its connect() never settles offline (daily-js gives up on its CDN bundle after ~6.5 s).
      { ...base, name: "official (default DailyMediaManager)", page: "official.html?media=daily", connectTimeoutMs: 10_000 },
      { ...base, name: "official (WavMediaManager)", page: "official.html?media=wav" },
    ];
    const targets: BrowserBenchResult["targets"] = [];
    for (const plan of plans) {
      process.stderr.write(`  browser: ${plan.name}…\n`);
      const result = await runTarget(bot, plan);
      targets.push({ result, summary: summarize(result) });
    }
    return { targets, notes };
  } finally {
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
