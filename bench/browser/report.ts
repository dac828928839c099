/**
 * Prints the browser section of `npm run bench`: latency and cost side by side (ours, the
 * official package with its default media manager, and with its WavMediaManager), then the
 * issue's targets. A transport that could not run shows "cannot run offline" and why.
 */
import { kb, num, printTable, target } from "../table.js";
import type { BrowserBenchResult, TargetSummary } from "./index.js";
import type { TargetResult } from "./runTarget.js";

const ms = (x: number | undefined, d = 1) => (x === undefined ? "—" : Number.isFinite(x) ? `${num(x, d)} ms` : "never");

export function printBrowser(b: BrowserBenchResult): void {
  const cols = b.targets.map((t) => t.result.name);
  const cell = (f: (r: TargetResult, s: TargetSummary) => string) =>
    b.targets.map(({ result, summary }) => (result.ran ? f(result, summary) : "cannot run offline"));

  printTable("Browser latency on loopback (headless Chromium, fake mic; sample-exact on the player's AudioContext clock)", ["measure", ...cols], [
    ["click round trip, echo of every frame: median / p95", ...cell((_, s) => `${ms(s.clickMedianMs)} / ${ms(s.clickP95Ms)}`)],
    ["  min – max (runs)", ...cell((r, s) => `${ms(s.clickMinMs)} – ${ms(s.clickMaxMs)} (${r.clickMs?.length ?? 0})`)],
    ["click round trip, gated echo (empty buffer): median / p95", ...cell((r, s) => `${ms(s.gatedClickMedianMs)} / ${ms(s.gatedClickP95Ms)} (${r.gatedClickMs?.length ?? 0})`)],
    ["loopback socket round trip (median)", ...cell((_, s) => ms(s.pingMedianMs, 2))],
    ["added by recorder + player: every frame / gated", ...cell((_, s) => `${ms(s.addedMedianMs)} / ${ms(s.gatedAddedMedianMs)}`)],
    ["interruption frame → silence: median / p95", ...cell((_, s) => `${ms(s.interruptionMedianMs)} / ${ms(s.interruptionP95Ms)}`)],
    ["  rounds still sounding at window end", ...cell((r, s) => `${s.interruptionsNeverSilent ?? "—"} of ${r.interruptionMs?.length ?? 0} (window ${r.interruptionWindowMs} ms)`)],
    ["player context: rate, base + output latency", ...cell((r) => (r.outputContext ? `${r.outputContext.sampleRate} Hz, ${num((r.outputContext.baseLatency + r.outputContext.outputLatency) * 1000, 1)} ms` : "—"))],
  ]);

  printTable("Browser cost over a session streaming both ways (CDP Performance.getMetrics)", ["measure", ...cols], [
    ["session length", ...cell((r) => `${num(r.cost?.seconds ?? 0, 1)} s`)],
    ["main-thread script (ScriptDuration), ms per s", ...cell((r) => num(r.cost?.scriptMsPerSec ?? NaN, 1))],
    ["main-thread tasks (TaskDuration), ms per s", ...cell((r) => num(r.cost?.taskMsPerSec ?? NaN, 1))],
    ["renderer process CPU, all threads, ms per s", ...cell((r) => (r.cost?.rendererCpuMsPerSec === undefined ? "—" : num(r.cost.rendererCpuMsPerSec, 1)))],
    ["JS heap used: start → end", ...cell((r) => (r.cost ? `${kb(r.cost.heapStartBytes)} → ${kb(r.cost.heapEndBytes)}` : "—"))],
    ["JS heap used after GC at end", ...cell((r) => (r.cost ? kb(r.cost.heapAfterGcBytes) : "—"))],
    ["frames/s up (mic) / down (bot)", ...cell((r) => (r.cost ? `${num(r.cost.micFramesPerSec, 1)} / ${num(r.cost.botFramesPerSec, 1)}` : "—"))],
  ]);

  const ours = b.targets.find((t) => t.result.name === "ours");
  const theirs = b.targets.find((t) => t.result.name.includes("WavMediaManager") && t.result.ran);
  if (ours?.result.ran) {
    const rows: string[][] = [];
    const o = ours.summary;
    const t = theirs?.summary;
    for (const [label, a, bb] of [
      ["every frame", o.addedMedianMs, t?.addedMedianMs],
      ["gated", o.gatedAddedMedianMs, t?.gatedAddedMedianMs],
    ] as const) {
      if (a === undefined) continue;
      rows.push([`added round trip (${label}) < 60 ms`, ms(a), target(a < 60)]);
      if (bb !== undefined) rows.push([`added round trip (${label}) ≤ ½ official (WavMediaManager)`, `${num(a / bb, 2)}× (${ms(a)} vs ${ms(bb)})`, target(a <= bb / 2)]);
    }
    if (o.interruptionMedianMs !== undefined) rows.push(["interruption → silence < 30 ms (p95)", ms(o.interruptionP95Ms), target((o.interruptionP95Ms ?? Infinity) < 30)]);
    printTable("Browser figures vs targets", ["target", "measured", "met"], rows);
  }
  for (const { result } of b.targets) {
    if (!result.ran) console.log(`  note: ${result.name} could not run: ${result.error}; page errors: ${result.consoleErrors.join(" | ")}`);
  }
  for (const n of b.notes) console.log(`  note: ${n}`);
}
