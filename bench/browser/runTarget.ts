/**
 * Runs the browser measurements against one transport in its own headless Chromium (fake mic
 * from the click WAV): cost of a session streaming both ways, the click round trip through the
 * echo bot (every frame, then gated), interruption → silence with the bot paced like Pipecat
 * and at 2x, and a long real-time session under CPU load. The phases are in `phases.ts`; every
 * one is bounded in time, and the browser is closed whatever happens.
 */
import { launchChromium } from "../../test/support/chromium.js";
import { DOUBLE_PACING, PIPECAT_PACING, type BenchBot } from "./botServer.js";
import type { BenchPageApi } from "./page/harness.js";
import { CLICK, clickPhase, costPhase, interruptionPhase, sessionPhase, type CostResult, type PlaybackDelta, type SessionResult } from "./phases.js";

/** What to run and for how long. */
export interface TargetPlan {
  /** Label in the results. */
  name: string;
  /** Page path and query, e.g. `official.html?media=wav`. */
  page: string;
  micWav: string;
  /** Length of the cost session (0: skipped). */
  costSeconds: number;
  /** Length of each click session (every frame, gated). */
  clickSeconds: number;
  /** Interruption rounds per pacing. */
  interruptions: number;
  /** Length of the real-time session under CPU load (0: skipped). */
  sessionSeconds: number;
  connectTimeoutMs: number;
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
  /** The player's counters over the every-frame session (ours only). */
  clickPlayback?: PlaybackDelta;
  /** The same with the gated echo (only frames with sound: empty player buffer at each click). */
  gatedClickMs?: number[];
  /**
   * Where the recorder has its own AudioContext (the official WavMediaManager): per click, how
   * much later (ms, page clock) the player's context saw the mic onset than the recorder's. The
   * round trips are measured from the player context's view of the mic, so they understate the
   * transport's own delay by this much.
   */
  recorderOffsetMs?: number[];
  /** Player context: rate and the latency it adds after the output node (s). */
  outputContext?: { sampleRate: number; baseLatency: number; outputLatency: number };
  /** Loopback text-message round trips on a plain socket (ms). */
  pingMs?: number[];
  /** Interruption → silence in ms, the bot paced like Pipecat; `null` = still sounding when the round's window closed. */
  interruptionMs?: (number | null)[];
  /** The same with the bot sending at 2x real time. */
  interruptionDoubleMs?: (number | null)[];
  /** Length of each interruption round's window (ms). */
  interruptionWindowMs?: number;
  /** The real-time session under CPU load. */
  session?: SessionResult;
}

/** `window.bench` in the page (types only: the functions below run in the browser). */
type W = { bench: BenchPageApi };

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
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

    if (plan.costSeconds > 0) {
      const browserCdp = await chromium.browser.newBrowserCDPSession().catch(() => undefined);
      result.cost = await costPhase(page, bot, plan.costSeconds, browserCdp);
      await browserCdp?.detach().catch(() => {});
    }

    // Click round trip: the bot echoes every mic frame at once; then only frames with sound.
    result.outputContext = await page.evaluate(([m, o]) => (window as unknown as W).bench.installDetector(m, o), [CLICK, CLICK] as const);
    const rate = result.outputContext.sampleRate;
    result.pingMs = await page.evaluate((url) => (window as unknown as W).bench.ping(url, 20), bot.pingUrl);
    const every = await clickPhase(page, bot, "echo", plan.clickSeconds, rate);
    result.clickMs = every.trips;
    result.clickPlayback = every.playback;
    const gated = await clickPhase(page, bot, "echo-gated", plan.clickSeconds, rate);
    result.gatedClickMs = gated.trips;
    if (every.recorderOffsetsMs.length + gated.recorderOffsetsMs.length > 0) result.recorderOffsetMs = [...every.recorderOffsetsMs, ...gated.recorderOffsetsMs];

    // Interruption: a bot utterance interrupted 500 ms in, paced like Pipecat and at 2x.
    const pipecat = await interruptionPhase(page, bot, plan.interruptions, PIPECAT_PACING, rate);
    const double = await interruptionPhase(page, bot, plan.interruptions, DOUBLE_PACING, rate);
    result.interruptionMs = pipecat.ms;
    result.interruptionDoubleMs = double.ms;
    result.interruptionWindowMs = pipecat.windowMs;
    [...pipecat.notes, ...double.notes].forEach(noteError);

    if (plan.sessionSeconds > 0) result.session = await sessionPhase(page, bot, plan.sessionSeconds, PIPECAT_PACING, true);

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
