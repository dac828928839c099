/**
 * Scale through Artillery: how many virtual users of artillery-engine-pipecat one core drives in
 * real time. The real `artillery run` (its local workers: max(1, cores − 1) threads, one on a
 * 2-core machine), pinned to core 0 with taskset, against
 * the dev echo bot in its own process on core 1. Each VU connects, then talks and listens in a
 * loop (hello.wav, 1.5 s, then the echo heard out) for the whole measured window, so all of them
 * are on the line at once; the mic streams silence between turns, as a real one does.
 *
 * Figures come from the run's own report (the engine's `pipecat.loadgen.*` histograms, sampled
 * once a second): the mic clock's worst lateness (are user frames sent on time?), the event loop's
 * p99 delay, the Artillery process's CPU, the mic chunks sent more than one chunk (20 ms) late,
 * and the response latency the VUs measured (bot frames heard late would show there). A step is
 * real time when every VU completed, at most 1% of the mic chunks went out late, and the process
 * stayed under 90% of its core (p95 of the seconds).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { runArtillery, type ArtilleryReport } from "../test/artillery/support/runArtillery.js";
import { num, printTable } from "./table.js";

export interface ArtilleryStep {
  vus: number;
  /** Most sessions connected at once (per-second samples). */
  peakSessions: number;
  completed: number;
  failed: number;
  /** Artillery process CPU, % of one core: median and p95 of the per-second samples. */
  cpuP50: number;
  cpuP95: number;
  /** Worst mic-clock lateness per second, ms: p95 and max over the seconds. */
  micLagP95: number;
  micLagMax: number;
  /** Share of user audio chunks sent more than 20 ms after they were due. */
  lateChunkRatio: number;
  /** Mean CPU / mean sessions connected (per-second samples): % of a core per VU on the line. */
  cpuPerVu: number;
  /** Event-loop p99 delay per second, ms: p95 over the seconds. */
  loopDelayP95: number;
  responseP50: number;
  responseP95: number;
  turns: number;
  /** Bot audio heard / user speech spoken (the echo bot answers with what it heard: ≈ 1). */
  echoRatio: number;
  serverCpuPercent: number;
  wallSeconds: number;
  pass: boolean;
}

export interface ArtilleryResult {
  steps: ArtilleryStep[];
  /** Largest step that was real time by every criterion. */
  maxVus: number;
  /** 90% of a core / CPU per VU at the largest real-time step. */
  cpuBoundVus: number;
  notes: string[];
}

const here = fileURLToPath(new URL(".", import.meta.url));
const helloWav = fileURLToPath(new URL("../examples/load/hello.wav", import.meta.url));
const HELLO_MS = 1480; // examples/load/hello.wav
const hasTaskset = existsSync("/usr/bin/taskset");

function startBot(): ChildProcess {
  const cmd = [process.execPath, "--import", "tsx", `${here}artilleryBot.ts`];
  const opts = { stdio: ["ignore", "inherit", "inherit", "ipc"] as ("ignore" | "inherit" | "ipc")[] };
  return hasTaskset ? spawn("taskset", ["-c", "1", ...cmd], opts) : spawn(cmd[0]!, cmd.slice(1), opts);
}

function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMsg = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off("message", onMsg);
      child.off("exit", onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`artillery bench bot exited with ${code}`));
    child.on("message", onMsg);
    child.once("exit", onExit);
  });
}

/** The scenario for one step: `vus` callers arriving over `rampSeconds`, each talking for the whole window. */
export function scaleScenario(target: string, vus: number, rampSeconds: number, holdSeconds: number): object {
  const turnSeconds = (HELLO_MS + 400 + HELLO_MS + 300) / 1000; // speak, VAD stop, echo played out, quiet
  const turns = Math.ceil((rampSeconds + holdSeconds) / turnSeconds);
  return {
    config: {
      target,
      phases: [{ duration: rampSeconds, arrivalCount: vus }],
      engines: { pipecat: { quietMs: 300 } },
    },
    scenarios: [
      {
        name: "talk and listen",
        engine: "pipecat",
        flow: [{ connect: {} }, { loop: [{ speak: helloWav }, { waitForBot: {} }], count: turns }, { disconnect: {} }],
      },
    ],
  };
}

function summary(report: ArtilleryReport, name: string) {
  return report.aggregate.summaries[name] ?? { min: NaN, max: NaN, count: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN };
}

export async function benchArtillery(
  steps = [25, 50, 100, 200, 300, 400],
  holdSeconds = 15,
): Promise<ArtilleryResult> {
  const notes = [
    `artillery pinned to core 0${hasTaskset ? "" : " (taskset missing: not pinned)"} (${Math.max(1, cpus().length - 1)} worker thread(s)), echo bot on core 1; load average at start ${loadavg().map((l) => l.toFixed(2)).join(" ")}`,
  ];
  const bot = startBot();
  const { connectUrl } = await next<{ connectUrl: string }>(bot, "listening");
  const results: ArtilleryStep[] = [];
  try {
    for (const vus of steps) {
      const rampSeconds = Math.max(2, Math.ceil(vus / 25));
      bot.send({ type: "stats" });
      const s0 = await next<{ cpu: NodeJS.CpuUsage }>(bot, "stats");
      const t0 = performance.now();
      const run = await runArtillery({
        script: scaleScenario(connectUrl, vus, rampSeconds, holdSeconds),
        wrap: hasTaskset ? ["taskset", "-c", "0"] : [],
        timeoutMs: (rampSeconds + holdSeconds) * 1000 * 4 + 60_000,
      });
      bot.send({ type: "stats" });
      const s1 = await next<{ cpu: NodeJS.CpuUsage }>(bot, "stats");
      const serverCpu = ((s1.cpu.user - s0.cpu.user + s1.cpu.system - s0.cpu.system) / 1000 / (performance.now() - t0)) * 100;
      const r = run.report;
      const c = r.aggregate.counters;
      const cpu = summary(r, "pipecat.loadgen.cpu");
      const lag = summary(r, "pipecat.loadgen.mic_lag");
      const response = summary(r, "pipecat.response_latency");
      const step: ArtilleryStep = {
        vus,
        peakSessions: summary(r, "pipecat.loadgen.sessions").max,
        completed: c["vusers.completed"] ?? 0,
        failed: c["vusers.failed"] ?? 0,
        cpuP50: cpu.p50,
        cpuP95: cpu.p95,
        micLagP95: lag.p95,
        micLagMax: lag.max,
        lateChunkRatio: (c["pipecat.loadgen.mic_late_chunks"] ?? 0) / Math.max(1, (c["pipecat.user_audio_ms"] ?? 0) / 20),
        cpuPerVu: cpu.mean / Math.max(1, summary(r, "pipecat.loadgen.sessions").mean),
        loopDelayP95: summary(r, "pipecat.loadgen.event_loop_delay").p95,
        responseP50: response.p50,
        responseP95: response.p95,
        turns: c["pipecat.turns"] ?? 0,
        echoRatio: (c["pipecat.bot_audio_ms"] ?? 0) / Math.max(1, (c["pipecat.turns"] ?? 0) * HELLO_MS),
        serverCpuPercent: serverCpu,
        wallSeconds: run.wallMs / 1000,
        pass: false,
      };
      step.pass = step.failed === 0 && step.completed === vus && step.lateChunkRatio <= 0.01 && step.cpuP95 < 90;
      results.push(step);
      process.stderr.write(
        `  artillery ${vus} VUs: peak ${step.peakSessions} sessions, CPU p95 ${step.cpuP95.toFixed(0)}%, late mic chunks ${(step.lateChunkRatio * 100).toFixed(2)}%, mic lag p95 ${step.micLagP95.toFixed(1)} ms, ` +
          `response p50 ${step.responseP50.toFixed(0)} ms, failed ${step.failed}, bot CPU ${serverCpu.toFixed(0)}% → ${step.pass ? "ok" : "behind"}\n`,
      );
      if (!step.pass) {
        const errors = Object.entries(c).filter(([k]) => k.startsWith("errors."));
        if (errors.length) notes.push(`${vus} VUs: ${errors.map(([k, v]) => `${k} ×${v}`).join("; ")}`);
        if (serverCpu > 90) notes.push(`${vus} VUs: the echo bot used ${serverCpu.toFixed(0)}% of its core: this step may be bot-bound`);
        // Late chunks with CPU to spare are the neighbours' doing on a shared machine: go on, so the
        // CPU per VU is measured at every size. Failed VUs or a saturated core end the run.
        if (step.failed > 0 || step.completed < vus || step.cpuP95 >= 90) break;
      }
    }
  } finally {
    bot.send({ type: "exit" });
  }
  const passing = results.filter((s) => s.pass);
  // What the CPU alone allows: 90% of the core over the CPU per VU of the largest real-time step
  // (a step that fell behind got less CPU than it needed, so its CPU per VU is too low).
  const largest = passing[passing.length - 1];
  const cpuBoundVus = largest ? Math.floor(90 / largest.cpuPerVu) : 0;
  return { steps: results, maxVus: passing.length ? passing[passing.length - 1]!.vus : 0, cpuBoundVus, notes };
}

/** Prints the section's table (npm run bench). */
export function printArtillery(a: ArtilleryResult): void {
  printTable(
    "Artillery: VUs of artillery-engine-pipecat on one core (artillery run; echo bot on the other core; 16 kHz up, 24 kHz down, real time)",
    ["VUs", "peak on line", "failed", "CPU p50/p95", "CPU/VU", "late mic chunks", "mic lag p95/max", "loop p99 (p95)", "response p50/p95", "bot CPU", "real time"],
    a.steps.map((s) => [
      String(s.vus), String(s.peakSessions), String(s.failed), `${num(s.cpuP50, 0)}% / ${num(s.cpuP95, 0)}%`, `${num(s.cpuPerVu, 2)}%`,
      `${num(s.lateChunkRatio * 100, 2)}%`, `${num(s.micLagP95, 1)} / ${num(s.micLagMax, 1)} ms`, `${num(s.loopDelayP95, 1)} ms`,
      `${num(s.responseP50, 0)} / ${num(s.responseP95, 0)} ms`, `${num(s.serverCpuPercent, 0)}%`, s.pass ? "yes" : "no",
    ]),
  );
  console.log(`  max VUs in real time through Artillery on one core: ${a.maxVus}`);
  console.log(`  VUs the CPU alone would allow (90% of a core / CPU per VU at the largest real-time step): ${a.cpuBoundVus}`);
  for (const n of a.notes) console.log(`  note: ${n}`);
}
