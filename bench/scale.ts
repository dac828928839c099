/**
 * Scale in Node: how many concurrent PipecatClient sessions one process pinned to one core
 * (taskset) sustains in real time, each streaming 16 kHz mic audio up and receiving 24 kHz
 * bot audio down. The server runs in its own process on the other core. A step passes when
 * every session received ≥ 98% of the real-time frame count, all mic frames went out, and the
 * client process used under 90% of its core (headroom to stay real-time). The event loop's p99
 * delay is reported but not a criterion: on a shared machine it measures the neighbours' load.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";

export interface ScaleStep {
  sessions: number;
  cpuPercent: number;
  cpuPerSessionPercent: number;
  downMinRatio: number;
  downMeanRatio: number;
  upRatio: number;
  droppedAudioChunks: number;
  loopDelayP99Ms: number;
  micTimerLateMaxMs: number;
  heapMB: number;
  serverCpuPercent: number;
  pass: boolean;
}

const here = fileURLToPath(new URL(".", import.meta.url));
const hasTaskset = existsSync("/usr/bin/taskset");

function node(script: string, args: string[], core: number): ChildProcess {
  const cmd = [process.execPath, "--import", "tsx", `${here}scale/${script}`, ...args];
  return hasTaskset
    ? spawn("taskset", ["-c", String(core), ...cmd], { stdio: ["ignore", "inherit", "inherit", "ipc"] })
    : spawn(cmd[0], cmd.slice(1), { stdio: ["ignore", "inherit", "inherit", "ipc"] });
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = () => {
      child.off("message", onMsg);
      child.off("exit", onExit);
    };
    const onMsg = (m: { type: string; message?: string }) => {
      if (m.type === type) {
        done();
        resolve(m as T);
      } else if (m.type === "error") {
        done();
        reject(new Error(m.message));
      }
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`${type}: child exited with ${code}`));
    };
    child.on("message", onMsg);
    child.on("exit", onExit);
  });
}

export async function benchScale(steps = [50, 100, 200, 300, 400, 500, 600, 800], seconds = 6): Promise<{ steps: ScaleStep[]; maxSessions: number; maxSessionsLoopP99Under20ms: number; notes: string[] }> {
  const notes = [
    `client pinned to core 0${hasTaskset ? "" : " (taskset missing: not pinned)"}, server on core 1; load average at start ${loadavg().map((l) => l.toFixed(2)).join(" ")}`,
  ];
  const server = node("server.ts", [], 1);
  const { port } = await nextMessage<{ port: number }>(server, "listening");
  const url = `ws://127.0.0.1:${port}/ws`;
  const results: ScaleStep[] = [];
  try {
    for (const n of steps) {
      server.send({ type: "stats" });
      const s0 = await nextMessage<{ cpu: NodeJS.CpuUsage }>(server, "stats");
      const t0 = performance.now();
      const client = node("client.ts", [url, String(n), String(seconds)], 0);
      const r = await nextMessage<Omit<ScaleStep, "pass" | "cpuPerSessionPercent" | "serverCpuPercent">>(client, "result");
      await new Promise((res) => client.once("exit", res));
      server.send({ type: "stats" });
      const s1 = await nextMessage<{ cpu: NodeJS.CpuUsage }>(server, "stats");
      const serverCpu = ((s1.cpu.user - s0.cpu.user + s1.cpu.system - s0.cpu.system) / 1000 / (performance.now() - t0)) * 100;
      const pass = r.downMinRatio >= 0.98 && r.upRatio >= 0.98 && r.droppedAudioChunks === 0 && r.cpuPercent < 90;
      const step: ScaleStep = { ...r, sessions: n, cpuPerSessionPercent: r.cpuPercent / n, serverCpuPercent: serverCpu, pass };
      results.push(step);
      process.stderr.write(
        `  scale ${n} sessions: client CPU ${r.cpuPercent.toFixed(0)}%, down min ${(r.downMinRatio * 100).toFixed(1)}%, loop p99 ${r.loopDelayP99Ms.toFixed(1)} ms, server CPU ${serverCpu.toFixed(0)}% → ${pass ? "ok" : "behind"}\n`,
      );
      if (!pass) break;
    }
  } finally {
    server.send({ type: "exit" });
  }
  const passing = results.filter((r) => r.pass);
  const strict = results.filter((r) => r.pass && r.loopDelayP99Ms < 20);
  return {
    steps: results,
    maxSessions: passing.length ? passing[passing.length - 1].sessions : 0,
    maxSessionsLoopP99Under20ms: strict.length ? strict[strict.length - 1].sessions : 0,
    notes,
  };
}
