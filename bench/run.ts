/**
 * `npm run bench`: every benchmark in one run, ours side by side with the official
 * `@pipecat-ai/websocket-transport`, printed as tables against the targets and written
 * to bench/results.json. Not part of `npm test` (figures, not pass/fail).
 *
 *   npm run bench                         # everything (~5 min)
 *   npm run bench -- --only serializer,bundle
 *   npm run bench -- --quick              # fewer rounds/runs, for a smoke check
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { benchArtillery, printArtillery } from "./artillery.js";
import { benchBrowser } from "./browser/index.js";
import { printBrowser } from "./browser/report.js";
import { benchBundles } from "./bundle.js";
import { benchLatency } from "./latency.js";
import { benchRedact } from "./redact.js";
import { benchScale } from "./scale.js";
import { benchSerializers } from "./serializer.js";
import { kb, num, printTable, target } from "./table.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
// Sections: serializer, bundle, latency, scale, browser, redact, artillery.
const onlyArg = args.find((a) => a.startsWith("--only"));
const only = onlyArg ? (onlyArg.includes("=") ? onlyArg.split("=")[1] : args[args.indexOf(onlyArg) + 1]).split(",") : null;
const want = (name: string) => !only || only.includes(name);

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    loadAverageAtStart: loadavg(),
    quick,
  };

  if (want("serializer")) {
    process.stderr.write("serializer…\n");
    const ser = await benchSerializers(quick ? 3 : 9, quick ? 80 : 200);
    results.serializer = ser;
    const rows: string[][] = [];
    for (const s of ser) {
      for (const [name, ops] of Object.entries(s.opsPerSec)) rows.push([s.scenario, name, num(ops)]);
    }
    printTable("Serializer throughput (ops/s, median of rounds)", ["scenario", "implementation", "ops/s"], rows);
    const [enc, dec, msgEnc, msgDec] = ser;
    printTable("Serializer ratios (median of per-round ratios) vs targets", ["measure", "ratio", "target", "met"], [
      ["decode bot frame: ours / official", num(dec.ratios["ours/official (Blob)"], 1) + "×", "≥ 30×", target(dec.ratios["ours/official (Blob)"] >= 30)],
      ["decode bot frame: ours / plain copy", num(dec.ratios["ours/copy"], 2) + "×", "≥ 0.8×", target(dec.ratios["ours/copy"] >= 0.8)],
      ["decode bot frame, both from Blob: ours / official", num(dec.ratios["ours (Blob)/official (Blob)"], 1) + "×", "—", ""],
      ["encode mic frame: ours / official", num(enc.ratios["ours/official"], 1) + "×", "≥ 5×", target(enc.ratios["ours/official"] >= 5)],
      ["encode mic frame: ours / plain copy", num(enc.ratios["ours/copy"], 2) + "×", "—", ""],
      ["encode RTVI: ours / official", num(msgEnc.ratios["ours/official"], 1) + "×", "—", ""],
      ["decode RTVI: ours / official", num(msgDec.ratios["ours/official (Blob)"], 1) + "×", "—", ""],
    ]);
  }

  if (want("bundle")) {
    process.stderr.write("bundle (vite builds)…\n");
    const b = await benchBundles();
    results.bundle = b;
    const by = Object.fromEntries(b.apps.map((a) => [a.app, a]));
    const base = by.base;
    const rows = b.apps.map((a) => [
      a.app, kb(a.minBytes), kb(a.gzipBytes), base && a !== base ? kb(a.gzipBytes - base.gzipBytes) : "(client-js alone)",
      a.topPackages.slice(0, 4).map((p) => `${p.name} ${kb(p.minBytes)}`).join(", "),
    ]);
    printTable("Bundle: Vite-built app, minified / gzip -9", ["app", "min", "gzip", "gzip minus client-js", "largest inputs (pre-minify)"], rows);
    if (base && by.ours && by.official) {
      const oursCost = by.ours.gzipBytes - base.gzipBytes;
      const theirCost = by.official.gzipBytes - base.gzipBytes;
      const rowsT = [
        ["our transport's own cost", kb(oursCost), "< 30 KB", target(oursCost < 30 * 1024)],
        ["ours / official", num(oursCost / theirCost, 2), "≤ 0.33", target(oursCost / theirCost <= 1 / 3)],
      ];
      if (by.oursDevtools) rowsT.push(["devtools panel on top of ours", kb(by.oursDevtools.gzipBytes - by.ours.gzipBytes), "—", ""]);
      printTable("Bundle vs targets", ["measure", "value", "target", "met"], rowsT);
    }
    for (const n of b.notes) console.log(`  note: ${n}`);
  }

  if (want("latency")) {
    process.stderr.write("latency (loopback)…\n");
    const l = await benchLatency(quick ? 10 : 40);
    results.latency = l;
    printTable("Latency on loopback, Node (ms)", ["measure", "runs", "median", "p95", "min"], l.map((r) => [r.name, String(r.runs), num(r.medianMs, 1), num(r.p95Ms, 1), num(r.minMs, 1)]));
  }

  if (want("scale")) {
    process.stderr.write("scale (child processes)…\n");
    const s = await benchScale(quick ? [50, 200] : undefined, quick ? 4 : 6);
    results.scale = s;
    printTable(
      "Scale: concurrent PipecatClient sessions in one Node process on one core (16 kHz up, 24 kHz down, real time)",
      ["sessions", "client CPU", "CPU/session", "down min", "up", "loop p99", "server CPU", "real time"],
      s.steps.map((r) => [
        String(r.sessions), `${num(r.cpuPercent, 0)}%`, `${num(r.cpuPerSessionPercent, 3)}%`, `${num(r.downMinRatio * 100, 1)}%`,
        `${num(r.upRatio * 100, 1)}%`, `${num(r.loopDelayP99Ms, 1)} ms`, `${num(r.serverCpuPercent, 0)}%`, r.pass ? "yes" : "no",
      ]),
    );
    console.log(`  max sessions in real time: ${s.maxSessions} (target ≥ 200: ${target(s.maxSessions >= 200)})`);
    console.log(`  max sessions that also keep the event loop's p99 delay under one frame (20 ms): ${s.maxSessionsLoopP99Under20ms}`);
    for (const n of s.notes) console.log(`  note: ${n}`);
  }

  if (want("redact")) {
    process.stderr.write("redact…\n");
    const r = benchRedact(quick ? 3 : 7);
    results.redact = r;
    printTable(
      `Redaction of 1 MiB hostile strings (ms, median CPU / wall; Redactor with ${r.secrets} literal forms; target < 20 ms CPU)`,
      ["input", "redactString", "Redactor", "met", "before #11, 64 KiB"],
      r.rows.map((x) => [
        x.input, `${num(x.patternsCpuMs, 1)} / ${num(x.patternsMs, 1)}`, `${num(x.redactorCpuMs, 1)} / ${num(x.redactorMs, 1)}`,
        target(Math.max(x.patternsCpuMs, x.redactorCpuMs) < 20), num(x.legacy64KiBMs, 1),
      ]),
    );
    printTable("Redacted copies of hostile values (Redactor.value, ms, median CPU / wall)", ["input", "ms"], r.values.map((x) => [x.input, `${num(x.cpuMs, 1)} / ${num(x.ms, 1)}`]));
  }

  if (want("artillery")) {
    process.stderr.write("artillery (the engine through artillery run)…\n");
    const a = await benchArtillery(quick ? [25, 100] : undefined, quick ? 8 : 15);
    results.artillery = a;
    printArtillery(a);
  }

  if (want("browser")) {
    process.stderr.write("browser (headless Chromium, fake mic)…\n");
    const b = await benchBrowser({ quick });
    results.browser = b;
    printBrowser(b);
  }

  const out = fileURLToPath(new URL("./results.json", import.meta.url));
  writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nwrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
