/**
 * Another process that keeps every core busy, for the bench's real-time session under load:
 * a child Node process with one busy-looping worker thread per core (at normal priority, so it
 * competes with the browser's audio and main threads like a busy machine does). Stopped by the
 * returned function, which kills that one process by its pid; if the bench itself is killed, the
 * process sees its IPC channel close and exits.
 */
import { spawn } from "node:child_process";
import { cpus } from "node:os";

const BUSY = `
const { Worker } = require("node:worker_threads");
const spin = "let x = 0; for (;;) x = (x * 1103515245 + 12345) % 2147483647;";
for (let i = 0; i < Number(process.argv[1]); i++) new Worker(spin, { eval: true });
// The IPC channel closes when the bench process ends, however it ends: never outlive it.
process.on("disconnect", () => process.exit(0));
`;

/** Starts the load; resolves once the process is running. */
export async function startCpuLoad(threads = cpus().length): Promise<{ threads: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ["-e", BUSY, String(threads)], { stdio: ["ignore", "ignore", "ignore", "ipc"] });
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", () => resolve());
    child.once("error", reject);
  });
  return {
    threads,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGKILL");
      await exited;
    },
  };
}
