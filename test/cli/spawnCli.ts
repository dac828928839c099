/**
 * Runs `pipecat-ws` as a real child process (from source via tsx, as bin/pipecat-ws.js runs
 * dist/cli.js), with a time bound, collecting output. `serve` processes are started separately
 * and stopped with SIGINT, like a user pressing Ctrl+C.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const runner = fileURLToPath(new URL("./runCli.ts", import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));

/** Result of a finished CLI process. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", runner, ...args], {
    cwd: root,
    env: { ...process.env, ...env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** A CLI process still running: its output so far, a way to wait for a line, its end. */
export interface RunningCli {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves once stdout matches `pattern` (rejects if the process ends or `ms` pass first). */
  waitForStdout(pattern: RegExp, ms?: number): Promise<void>;
  /** Resolves when the process exits; it is killed (and this rejects) after `timeoutMs`. */
  exited: Promise<CliResult>;
}

/** Starts the CLI; see {@link RunningCli}. */
export function spawnCli(args: string[], timeoutMs = 30_000, env: Record<string, string> = {}): RunningCli {
  const child = start(args, env);
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  child.stdout!.on("data", (d: Buffer) => {
    stdout += d.toString();
    for (const l of [...listeners]) l();
  });
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  let done = false;
  const exited = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`pipecat-ws ${args[0]} did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      done = true;
      clearTimeout(timer);
      for (const l of [...listeners]) l();
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    output: () => ({ stdout, stderr }),
    exited,
    waitForStdout: (pattern, ms = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(stdout)) finish(null);
          else if (done) finish(new Error(`exited before stdout matched ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        };
        const timer = setTimeout(() => finish(new Error(`stdout did not match ${pattern} within ${ms} ms\nstdout:\n${stdout}`)), ms);
        const finish = (e: Error | null): void => {
          clearTimeout(timer);
          listeners.delete(check);
          if (e) reject(e);
          else resolve();
        };
        listeners.add(check);
        check();
      }),
  };
}

/** Runs the CLI to completion; kills it (and fails) after `timeoutMs`. */
export function runCli(args: string[], timeoutMs = 30_000, env: Record<string, string> = {}): Promise<CliResult> {
  return spawnCli(args, timeoutMs, env).exited;
}

/** A running `pipecat-ws serve`: its connect URL (parsed from its banner) and its output so far. */
export interface ServeProcess {
  connectUrl: string;
  output(): { stdout: string; stderr: string };
  /** Ctrl+C; resolves the exit result. */
  stop(): Promise<CliResult>;
}

/** Starts `pipecat-ws serve --port 0 …` and waits for its banner. */
export function startServe(args: string[] = [], timeoutMs = 20_000): Promise<ServeProcess> {
  const child = start(["serve", "--port", "0", ...args]);
  let stdout = "";
  let stderr = "";
  const exited = new Promise<CliResult>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`serve did not start within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      const m = /endpoint\s+POST (http:\/\/\S+\/connect)/.exec(stdout);
      if (m && stdout.includes("Press Ctrl+C")) {
        clearTimeout(timer);
        resolve({
          connectUrl: m[1]!,
          output: () => ({ stdout, stderr }),
          stop: () => {
            child.kill("SIGINT");
            const t = setTimeout(() => child.kill("SIGKILL"), 5000);
            return exited.finally(() => clearTimeout(t));
          },
        });
      }
    });
    void exited.then((r) => {
      clearTimeout(timer);
      reject(new Error(`serve exited early (${r.code})\n${r.stdout}\n${r.stderr}`));
    });
  });
}
