/**
 * Runs the three browser measurements against one transport in its own headless Chromium (fake
 * mic from the click WAV): cost of a session streaming both ways (CDP metrics), the click round
 * trip through the echo bot, and interruption → silence. Every phase is bounded in time, and the
 * browser is closed whatever happens.
 */
import type { CDPSession, Page } from "playwright-core";
import { launchChromium } from "../../test/support/chromium.js";
import { clickRoundTrips, silenceAfter } from "./analyze.js";
import type { BenchBot, BotMode } from "./botServer.js";
import type { BenchPageApi, DetectorEvent, DetectorThresholds } from "./page/harness.js";

/** What to run and for how long. */
export interface TargetPlan {
  /** Label in the results. */
  name: string;
  /** Page path and query, e.g. `official.html?media=wav`. */
  page: string;
  micWav: string;
  costSeconds: number;
  clicks: number;
  interruptions: number;
  connectTimeoutMs: number;
}

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

export interface TargetResult {
  name: string;
  ran: boolean;
  /** Why it could not run (exact error text), when `ran` is false. */
  error?: string;
  /** Console errors and page errors seen (first few, deduplicated). */
  consoleErrors: string[];
  connectMs?: number;
  cost?: CostResult;
  /** Click round trips in ms, in order, echoing every mic frame (continuous stream). */
  clickMs?: number[];
  /** The same with the gated echo (only frames with sound: empty player buffer at each click). */
  gatedClickMs?: number[];
  /** Player context: rate and the latency it adds after the output node (s). */
  outputContext?: { sampleRate: number; baseLatency: number; outputLatency: number };
  /** Loopback text-message round trips on a plain socket (ms). */
  pingMs?: number[];
  /** Interruption → silence in ms; `null` = still sounding when the round's window closed. */
  interruptionMs?: (number | null)[];
  /** Length of each interruption round's window (ms). */
  interruptionWindowMs?: number;
}

const CLICK: DetectorThresholds = { on: 0.1, off: 0.01, holdMs: 20 };
const SILENCE: DetectorThresholds = { on: 0.05, off: 1e-3, holdMs: 10 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `window.bench` in the page (types only: the functions below run in the browser). */
type W = { bench: BenchPageApi };

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))),]).finally(() => clearTimeout(t));
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

/** Click round trips (ms) with the bot in `mode`: about `count` of them, bounded in time. */
async function clickPhase(page: Page, bot: BenchBot, mode: BotMode, count: number, rate: number): Promise<number[]> {
  bot.setMode(mode);
  await sleep(1200); // let the echo path settle, then start counting
  await page.evaluate(() => (window as unknown as W).bench.take());
  const until = performance.now() + 520 * (count + 4);
  const events: DetectorEvent[] = [];
  let trips: number[] = [];
  while (trips.length < count && performance.now() < until) {
    await sleep(1000);
    events.push(...(await page.evaluate(() => (window as unknown as W).bench.take())).events);
    trips = clickRoundTrips(events, rate);
  }
  bot.setMode("idle");
  await sleep(500);
  return trips;
}

/** Runs one transport; never throws (a failure is reported in the result). */
export async function runTarget(bot: BenchBot, plan: TargetPlan): Promise<TargetResult> {
  const result: TargetResult = { name: plan.name, ran: false, consoleErrors: [] };
  const noteError = (s: string) => {
    const line = s.split("\n")[0]!.slice(0, 300);
    if (!result.consoleErrors.includes(line) && result.consoleErrors.length < 8) result.consoleErrors.push(line);
  };
  const chromium = await launchChromium({ fakeMicWav: plan.micWav });
  try {
    const page = await chromium.browser.newPage();
    page.on("console", (m) => m.type() === "error" && noteError(m.text()));
    page.on("pageerror", (e) => noteError(e.message));
    page.on("requestfailed", (r) => noteError(`request failed: ${r.url()} (${r.failure()?.errorText ?? "?"})`));
    await page.goto(bot.pageUrl(plan.page));
    await page.waitForFunction(() => "bench" in window, undefined, { timeout: 10_000 });
    bot.setMode("idle");
    try {
      const c = await withTimeout(page.evaluate((url) => (window as unknown as W).bench.connect(url), bot.wsUrl), plan.connectTimeoutMs, "client.connect()");
      result.connectMs = c.ms;
    } catch (e) {
      result.error = (e as Error).message.split("\n")[0];
      return result;
    }
    result.ran = true;

    // Cost: streaming both ways, nothing of the harness running but the page's own code.
    const cdp = await page.context().newCDPSession(page);
    const browserCdp = await chromium.browser.newBrowserCDPSession().catch(() => undefined);
    await cdp.send("Performance.enable");
    bot.setMode("stream");
    await sleep(2000);
    bot.resetCounters();
    const m0 = await metrics(cdp);
    const cpu0 = await rendererCpu(browserCdp);
    const t0 = performance.now();
    await sleep(plan.costSeconds * 1000);
    const m1 = await metrics(cdp);
    const cpu1 = await rendererCpu(browserCdp);
    const secs = (performance.now() - t0) / 1000;
    const counters = { ...bot.counters };
    await cdp.send("HeapProfiler.collectGarbage");
    const m2 = await metrics(cdp);
    result.cost = {
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
    bot.setMode("idle");
    await browserCdp?.detach().catch(() => {});
    await cdp.detach().catch(() => {});

    // Click round trip: the bot echoes every mic frame at once.
    result.outputContext = await page.evaluate(([m, o]) => (window as unknown as W).bench.installDetector(m, o), [CLICK, CLICK] as const);
    result.pingMs = await page.evaluate((url) => (window as unknown as W).bench.ping(url, 20), bot.pingUrl);
    result.clickMs = await clickPhase(page, bot, "echo", plan.clicks, result.outputContext.sampleRate);
    result.gatedClickMs = await clickPhase(page, bot, "echo-gated", plan.clicks, result.outputContext.sampleRate);

    // Interruption: a bot utterance sent at 2x real time, interrupted 500 ms in.
    await page.evaluate(([m, o]) => (window as unknown as W).bench.setThresholds(m, o), [CLICK, SILENCE] as const);
    const windowMs = 1500;
    result.interruptionWindowMs = windowMs;
    result.interruptionMs = [];
    for (let i = 0; i < plan.interruptions; i++) {
      bot.startTone(4000, 2);
      await sleep(500);
      await page.evaluate(() => (window as unknown as W).bench.take());
      bot.interrupt();
      const deadline = performance.now() + windowMs;
      const events: DetectorEvent[] = [];
      let arrival: number | undefined;
      let ms: number | undefined;
      // Collect until the voice has gone silent after the frame arrived, or the window closes.
      while (ms === undefined && performance.now() < deadline) {
        await sleep(100);
        const t = await page.evaluate(() => (window as unknown as W).bench.take());
        events.push(...t.events);
        arrival ??= t.arrivals[0]?.frame;
        if (arrival !== undefined) ms = silenceAfter(events, arrival, result.outputContext.sampleRate);
      }
      if (arrival === undefined) noteError(`interruption ${i}: the page never saw the frame`);
      result.interruptionMs.push(ms ?? null);
      // A player that ignored it: let it drain before the next round.
      await sleep(ms === undefined ? 2500 : 200);
    }
    const errs = await page.evaluate(() => (window as unknown as W).bench.errors);
    errs.forEach(noteError);
    await withTimeout(page.evaluate(() => (window as unknown as W).bench.disconnect()), 5000, "disconnect").catch((e: Error) => noteError(e.message));
    return result;
  } catch (e) {
    result.error ??= (e as Error).message.split("\n")[0];
    return result;
  } finally {
    bot.setMode("idle");
    bot.stopTone();
    await chromium.close();
  }
}
