/**
 * Artillery bench, bot process: the dev echo bot (`startDevServer`, its defaults: Pipecat's
 * real-time pacing, energy VAD, barge-in) on loopback, in its own process so the load
 * generator's CPU is the generator's alone. Reports its URL and, on request, its CPU time.
 */
import { startDevServer } from "../src/server/index.js";

const server = await startDevServer({ port: 0, logger: false, maxConnections: 100_000 });
process.send!({ type: "listening", connectUrl: server.connectUrl });
process.on("message", (m: { type: string }) => {
  if (m.type === "stats") process.send!({ type: "stats", cpu: process.cpuUsage() });
  if (m.type === "exit") void server.close().then(() => process.exit(0));
});
