/**
 * Scale bench, client process: N `PipecatClient` sessions with our Node transport in one
 * process, each sending a 20 ms 16 kHz mic chunk every 20 ms and receiving the server's 24 kHz
 * stream. Reports per-session delivery, CPU and event-loop delay over a measurement window.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { LogLevel, PipecatClient } from "@pipecat-ai/client-js";
import { StreamAudioIO } from "../../src/audio/StreamAudioIO.js";
import { WebSocketTransport } from "../../src/node/index.js";
import { pace } from "../../test/reliability/support/pacedAudio.js";

const [url, nArg, secondsArg] = process.argv.slice(2);
const sessions = Number(nArg);
const seconds = Number(secondsArg);
const silent = { debug() {}, info() {}, warn() {}, error() {} };

interface S {
  client: PipecatClient;
  transport: WebSocketTransport;
  down: number;
}

async function main(): Promise<void> {
  const all: S[] = [];
  for (let i = 0; i < sessions; i++) {
    const s = { down: 0 } as S;
    s.transport = new WebSocketTransport({
      logger: silent,
      audio: new StreamAudioIO({ sink: { write: () => void s.down++, flush() {} } }),
    });
    s.client = new PipecatClient({ transport: s.transport, enableMic: true, enableCam: false });
    s.client.setLogLevel(LogLevel.NONE);
    all.push(s);
  }
  // Connect in batches so the connect storm itself is not what is measured.
  for (let i = 0; i < all.length; i += 50) await Promise.all(all.slice(i, i + 50).map((s) => s.client.connect({ wsUrl: url })));

  let lateMax = 0;
  const started = performance.now();
  const stopMic = pace(20, (seq) => {
    lateMax = Math.max(lateMax, performance.now() - (started + seq * 20));
    for (const s of all) s.transport.handleUserAudioStream(new ArrayBuffer(640));
  });
  await new Promise((r) => setTimeout(r, 2_000)); // warm-up

  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  lateMax = 0;
  const down0 = all.map((s) => s.down);
  const up0 = all.reduce((n, s) => n + s.transport.getStats().audioFramesOut, 0);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  delay.disable();
  const expected = (wall / 1000) * 50;
  const downRatios = all.map((s, i) => (s.down - down0[i]) / expected);
  const up = all.reduce((n, s) => n + s.transport.getStats().audioFramesOut, 0) - up0;
  const dropped = all.reduce((n, s) => n + s.transport.getStats().droppedAudioChunks, 0);
  stopMic();
  process.send!({
    type: "result",
    sessions,
    wallMs: wall,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    downMinRatio: Math.min(...downRatios),
    downMeanRatio: downRatios.reduce((a, b) => a + b, 0) / downRatios.length,
    upRatio: up / (expected * sessions),
    droppedAudioChunks: dropped,
    micTimerLateMaxMs: lateMax,
    loopDelayP99Ms: delay.percentile(99) / 1e6,
    heapMB: process.memoryUsage().heapUsed / 1048576,
  });
  await Promise.all(all.map((s) => s.client.disconnect().catch(() => {})));
  process.exit(0);
}

main().catch((e) => {
  process.send!({ type: "error", message: String(e?.stack ?? e) });
  process.exit(1);
});
