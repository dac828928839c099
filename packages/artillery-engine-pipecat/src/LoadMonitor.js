// @ts-check
/**
 * Is the load generator itself keeping up? Once a second, while any VU of this Artillery worker is
 * connected, it records the worst lateness of the shared 20 ms mic clock, the event loop's p99
 * delay, the process's CPU use and the number of connected sessions, as histograms in the report,
 * and counts the mic chunks that went out more than one chunk (20 ms) late. A worker that falls
 * behind sends its users' audio late and hears the bot late, which would show up as the bot's
 * latency; these say when the figures are the generator's, not the bot's.
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { clearInterval, setInterval } from "node:timers";
import { METRICS } from "./metrics.js";

export class LoadMonitor {
  /**
   * @param {import("./MicClock.js").MicClock} clock
   * @param {{ readonly size: number }} sessions connected VUs
   * @param {(type: "histogram" | "counter", name: string, value: number) => void} emit
   */
  constructor(clock, sessions, emit) {
    this.clock = clock;
    this.sessions = sessions;
    this.emit = emit;
    this.resolutionMs = 10;
    this.delay = monitorEventLoopDelay({ resolution: this.resolutionMs });
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.timer = undefined;
    this.cpu = process.cpuUsage();
    this.cpuAt = performance.now();
  }

  start() {
    if (this.timer) return;
    this.delay.enable();
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref(); // never what keeps a finished worker alive
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.delay.disable();
  }

  /** @private */
  sample() {
    const lag = this.clock.takeWorstLag();
    const late = this.clock.takeLateChunks();
    // The histogram records the whole timer interval; the delay is what exceeds the resolution.
    const p99 = Math.max(0, this.delay.percentile(99) / 1e6 - this.resolutionMs);
    this.delay.reset();
    const cpu = process.cpuUsage(this.cpu);
    const now = performance.now();
    const cpuPercent = ((cpu.user + cpu.system) / 1000 / Math.max(1, now - this.cpuAt)) * 100;
    this.cpu = process.cpuUsage();
    this.cpuAt = now;
    if (this.sessions.size === 0) return;
    this.emit("histogram", METRICS.cpu, cpuPercent);
    this.emit("histogram", METRICS.micLag, lag);
    this.emit("histogram", METRICS.eventLoopDelay, p99);
    this.emit("histogram", METRICS.sessions, this.sessions.size);
    if (late > 0) this.emit("counter", METRICS.micLateChunks, late);
  }
}
