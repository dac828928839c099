/**
 * The measurements of one browser bench session, each a function of the page and the bot:
 * cost while streaming both ways (CDP), click round trips (every frame echoed, or gated),
 * interruption → silence, and a long real-time session under CPU load that counts audible
 * gaps. Every phase is bounded in time.
 */
import type { CDPSession, Page } from "playwright-core";
import { clickRoundTrips, outputGaps, silenceAfter } from "./analyze.js";
import type { BenchBot, BotMode, Pacing } from "./botServer.js";
import { startCpuLoad } from "./cpuLoad.js";
import type { BenchPageApi, DetectorEvent, DetectorThresholds } from "./page/harness.js";

/** CDP figures over the streaming window. */
export interface CostResult {
  seconds: number;
  /** Main-thread script time (CDP ScriptDuration), ms per second of session. */
  scriptMsPerSec: number;
  /** All main-thread tasks (CDP TaskDuration), ms per second of session. */
  taskMsPerSec: number;
  /** Renderer process CPU (all its threads, audio worklets included), ms per second, if CDP gave it. */
  rendererCpuMsPerSec?: number;
  heapStartBytes: number;
  heapEndBytes: number;
  /** After a forced GC at the end. */
  heapAfterGcBytes: number;
  micFramesPerSec: number;
  botFramesPerSec: number;
}

/** The player's own counters over a phase (ours only). */
export interface PlaybackDelta {
  underruns: number;
  shedMs: number;
  /** Buffered ahead of the output at the end of the phase (ms). */
  leadMs: number;
}

/** A long real-time session: the bot streams one tone, paced like Pipecat, while the CPU is loaded. */
export interface SessionResult {
  seconds: number;
  pacing: Pacing;
  /** Threads of the load process (0: no load). */
  loadThreads: number;
  /** Times the bot's voice went silent (≥ 1 ms below -60 dBFS) while the tone was still being sent. */
  gaps: number;
  /** The player's own counters over the session (ours only). */
  playback?: PlaybackDelta;
}

export const CLICK: DetectorThresholds = { on: 0.1, off: 0.01, holdMs: 20 };
export const SILENCE: DetectorThresholds = { on: 0.05, off: 1e-3, holdMs: 10 };
/** A gap in a continuous tone: 1 ms below -60 dBFS (a 440 Hz tone never stays that low so long). */
const GAP: DetectorThresholds = { on: 0.05, off: 1e-3, holdMs: 1 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `window.bench` in the page (types only: the functions below run in the browser). */
type W = { bench: BenchPageApi };

const take = (page: Page) => page.evaluate(() => (window as unknown as W).bench.take());
const playback = (page: Page) => page.evaluate(() => (window as unknown as W).bench.playbackStats());

function delta(a: PlaybackDelta | null, b: PlaybackDelta | null): PlaybackDelta | undefined {
  return a && b ? { underruns: b.underruns - a.underruns, shedMs: b.shedMs - a.shedMs, leadMs: b.leadMs } : undefined;
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: m } = await cdp.send("Performance.getMetrics");
  return Object.fromEntries(m.map((x) => [x.name, x.value]));
}

async function rendererCpu(browserCdp: CDPSession | undefined): Promise<number | undefined> {
  if (!browserCdp) return undefined;
  try {
    const r = (await browserCdp.send("SystemInfo.getProcessInfo" as never)) as { processInfo: { type: string; cpuTime: number }[] };
    return r.processInfo.filter((p) => p.type === "renderer").reduce((s, p) => s + p.cpuTime, 0);
  } catch {
    return undefined;
  }
}

/** Cost: streaming both ways, nothing of the harness running but the page's own code. */
export async function costPhase(page: Page, bot: BenchBot, seconds: number, browserCdp: CDPSession | undefined): Promise<CostResult> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  bot.setMode("stream");
  await sleep(2000);
  bot.resetCounters();
  const m0 = await metrics(cdp);
  const cpu0 = await rendererCpu(browserCdp);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const m1 = await metrics(cdp);
  const cpu1 = await rendererCpu(browserCdp);
  const secs = (performance.now() - t0) / 1000;
  const counters = { ...bot.counters };
  await cdp.send("HeapProfiler.collectGarbage");
  const m2 = await metrics(cdp);
  bot.setMode("idle");
  await cdp.detach().catch(() => {});
  return {
    seconds: secs,
    scriptMsPerSec: ((m1.ScriptDuration! - m0.ScriptDuration!) * 1000) / secs,
    taskMsPerSec: ((m1.TaskDuration! - m0.TaskDuration!) * 1000) / secs,
    rendererCpuMsPerSec: cpu0 !== undefined && cpu1 !== undefined ? ((cpu1 - cpu0) * 1000) / secs : undefined,
    heapStartBytes: m0.JSHeapUsedSize!,
    heapEndBytes: m1.JSHeapUsedSize!,
    heapAfterGcBytes: m2.JSHeapUsedSize!,
    micFramesPerSec: counters.micFrames / secs,
    botFramesPerSec: counters.botFrames / secs,
  };
}

/** Click round trips (ms, in order) with the bot in `mode`, over a session of `seconds`. */
export async function clickPhase(
  page: Page,
  bot: BenchBot,
  mode: BotMode,
  seconds: number,
  rate: number,
): Promise<{ trips: number[]; playback?: PlaybackDelta; recorderOffsetsMs: number[] }> {
  bot.setMode(mode);
  await sleep(1200); // let the echo path settle, then start counting
  await take(page);
  const before = await playback(page);
  const events: DetectorEvent[] = [];
  const recorderOffsetsMs: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    await sleep(1000);
    const t = await take(page);
    events.push(...t.events);
    for (const p of t.micPairs) recorderOffsetsMs.push(p.player - p.recorder);
  }
  const after = await playback(page);
  bot.setMode("idle");
  await sleep(500);
  return { trips: clickRoundTrips(events, rate), playback: delta(before, after), recorderOffsetsMs };
}

/** Interruption → silence (ms; null = still sounding at the window's end), `rounds` times. */
export async function interruptionPhase(page: Page, bot: BenchBot, rounds: number, pacing: Pacing, rate: number): Promise<{ ms: (number | null)[]; windowMs: number; notes: string[] }> {
  await page.evaluate(([m, o]) => (window as unknown as W).bench.setThresholds(m, o), [CLICK, SILENCE] as const);
  const windowMs = 1500;
  const ms: (number | null)[] = [];
  const notes: string[] = [];
  for (let i = 0; i < rounds; i++) {
    bot.startTone(4000, pacing);
    await sleep(500);
    await take(page);
    bot.interrupt();
    const deadline = performance.now() + windowMs;
    const events: DetectorEvent[] = [];
    let arrival: number | undefined;
    let silent: number | undefined;
    // Collect until the voice has gone silent after the frame arrived, or the window closes.
    while (silent === undefined && performance.now() < deadline) {
      await sleep(100);
      const t = await take(page);
      events.push(...t.events);
      arrival ??= t.arrivals[0]?.frame;
      if (arrival !== undefined) silent = silenceAfter(events, arrival, rate);
    }
    if (arrival === undefined) notes.push(`interruption ${i}: the page never saw the frame`);
    ms.push(silent ?? null);
    // A player that ignored it: let it drain before the next round.
    await sleep(silent === undefined ? 2500 : 200);
  }
  return { ms, windowMs, notes };
}

/**
 * A continuous tone for `seconds`, paced by `pacing`, while another process loads every core
 * (`load`); counts the gaps in the bot's voice at the player's output.
 */
export async function sessionPhase(page: Page, bot: BenchBot, seconds: number, pacing: Pacing, load: boolean): Promise<SessionResult> {
  await page.evaluate(([m, o]) => (window as unknown as W).bench.setThresholds(m, o), [CLICK, GAP] as const);
  const cpu = load ? await startCpuLoad() : undefined;
  try {
    await take(page);
    const before = await playback(page);
    const events: DetectorEvent[] = [];
    bot.startTone(seconds * 1000, pacing, 24000, 0.3);
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      await sleep(1000);
      events.push(...(await take(page)).events);
    }
    const after = await playback(page);
    bot.stopTone();
    await sleep(300);
    events.push(...(await take(page)).events);
    return { seconds, pacing, loadThreads: cpu?.threads ?? 0, gaps: outputGaps(events), playback: delta(before, after) };
  } finally {
    bot.stopTone();
    await cpu?.stop();
  }
}
