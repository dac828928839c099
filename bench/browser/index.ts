/**
 * The browser section of `npm run bench`: builds the bench pages with Vite, starts the loopback
 * bot, and measures, each in its own headless Chromium: our transport, the official one with its
 * default media manager (DailyMediaManager), and the official one with its Daily-free
 * WavMediaManager. Returns raw figures plus medians; nothing is estimated.
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
  gatedClickMedianMs?: number;
  gatedClickP95Ms?: number;
  /** Gated click median minus the loopback socket round trip median. */
  gatedAddedMedianMs?: number;
  /** Click median minus the loopback socket round trip median: what recorder + player add. */
  addedMedianMs?: number;
  pingMedianMs?: number;
  interruptionMedianMs?: number;
  interruptionP95Ms?: number;
  /** Rounds still sounding when their window closed. */
  interruptionsNeverSilent?: number;
}

export interface BrowserBenchResult {
  targets: { result: TargetResult; summary: TargetSummary }[];
  notes: string[];
}

export function summarize(r: TargetResult): TargetSummary {
  const s: TargetSummary = {};
  if (r.clickMs?.length) {
    s.clickMedianMs = median(r.clickMs);
    s.clickP95Ms = percentile(r.clickMs, 95);
    s.clickMinMs = Math.min(...r.clickMs);
    s.clickMaxMs = Math.max(...r.clickMs);
  }
  if (r.gatedClickMs?.length) {
    s.gatedClickMedianMs = median(r.gatedClickMs);
    s.gatedClickP95Ms = percentile(r.gatedClickMs, 95);
  }
  if (r.pingMs?.length) s.pingMedianMs = median(r.pingMs);
  if (s.pingMedianMs !== undefined) {
    if (s.clickMedianMs !== undefined) s.addedMedianMs = s.clickMedianMs - s.pingMedianMs;
    if (s.gatedClickMedianMs !== undefined) s.gatedAddedMedianMs = s.gatedClickMedianMs - s.pingMedianMs;
  }
  if (r.interruptionMs?.length) {
    const silent = r.interruptionMs.filter((x): x is number => x !== null);
    s.interruptionsNeverSilent = r.interruptionMs.length - silent.length;
    // A round that never went silent counts as longer than every measured one.
    const all = r.interruptionMs.map((x) => x ?? Infinity);
    s.interruptionMedianMs = median(all);
    s.interruptionP95Ms = percentile(all, 95);
  }
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
      clicks: opts.quick ? 10 : 16,
      interruptions: opts.quick ? 10 : 12,
      connectTimeoutMs: 15_000,
    };
    const plans: TargetPlan[] = [
      { ...base, name: "ours", page: "ours.html" },
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
