/**
 * Runs the real Artillery CLI (`artillery run`) as a child process, as a user would with
 * `npx artillery run`, and returns its JSON report. (Artillery runs max(1, cores − 1) local worker
 * threads: one on this 2-core machine.) Telemetry off and Artillery's PostHog client replaced (see
 * noArtilleryTelemetry.mjs) so nothing leaves loopback. Bounded in time: the process is killed and
 * the call fails after `timeoutMs`. Needs the built package (dist/): the engine imports
 * `pipecat-ws-transport/node`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const artilleryBin = join(dirname(require.resolve("artillery/package.json")), "bin", "run");
export const noTelemetry = fileURLToPath(new URL("./noArtilleryTelemetry.mjs", import.meta.url));

/** One summary (histogram) of Artillery's report. */
export interface ArtillerySummary {
  min: number;
  max: number;
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

/** The parts of `--output report.json` we read. */
export interface ArtilleryReport {
  aggregate: {
    counters: Record<string, number>;
    summaries: Record<string, ArtillerySummary>;
  };
}

export interface ArtilleryRun {
  report: ArtilleryReport;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole run, ms. */
  wallMs: number;
}

export interface RunOptions {
  /** A scenario file, or a scenario object written to a temporary YAML-compatible JSON file. */
  script: string | object;
  target?: string;
  /** `--overrides` (JSON merged into the script by Artillery). */
  overrides?: object;
  /** Kill and fail after this (default 60 s). */
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Extra node arguments (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** Prefix command, e.g. ["taskset", "-c", "0"]. */
  wrap?: string[];
}

/** Runs `artillery run` to completion and parses its report. */
export async function runArtillery(options: RunOptions): Promise<ArtilleryRun> {
  const dir = mkdtempSync(join(tmpdir(), "pwt-artillery-"));
  try {
    let script = options.script;
    if (typeof script !== "string") {
      const file = join(dir, "scenario.json");
      writeFileSync(file, JSON.stringify(script, null, 2));
      script = file;
    }
    const output = join(dir, "report.json");
    const args = [
      ...(options.nodeArgs ?? []),
      "--import",
      noTelemetry,
      artilleryBin,
      "run",
      "--output",
      output,
      ...(options.target ? ["--target", options.target] : []),
      ...(options.overrides ? ["--overrides", JSON.stringify(options.overrides)] : []),
      script,
    ];
    const wrap = options.wrap ?? [];
    const cmd = wrap.length ? wrap[0]! : process.execPath;
    const cmdArgs = wrap.length ? [...wrap.slice(1), process.execPath, ...args] : args;
    const started = performance.now();
    const child = spawn(cmd, cmdArgs, {
      cwd: repoRoot,
      env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: "true", NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timeoutMs = options.timeoutMs ?? 60_000;
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`artillery run did not finish within ${timeoutMs} ms\nstdout:\n${stdout.slice(-3000)}\nstderr:\n${stderr.slice(-3000)}`));
      }, timeoutMs);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    const wallMs = performance.now() - started;
    let report: ArtilleryReport;
    try {
      report = JSON.parse(readFileSync(output, "utf8")) as ArtilleryReport;
    } catch (e) {
      throw new Error(`artillery run (exit ${code}) wrote no report: ${String(e)}\nstdout:\n${stdout.slice(-3000)}\nstderr:\n${stderr.slice(-3000)}`);
    }
    return { report, code, stdout, stderr, wallMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Artillery's `errors.<text>` counters of a report. */
export function errorCounters(report: ArtilleryReport): Record<string, number> {
  return Object.fromEntries(Object.entries(report.aggregate.counters).filter(([k]) => k.startsWith("errors.")));
}
