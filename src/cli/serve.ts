/**
 * `pipecat-ws serve`: starts the dev bot server in the foreground and says how to reach it.
 * Connection events go to stderr as logfmt (or JSON with --json-logs); Ctrl+C stops it.
 */
import { parseArgs } from "node:util";
import { startDevServer, type DevServerOptions } from "../server/index.js";
import { formatLogfmt } from "../server/log.js";
import { Console, type CliIO } from "./output.js";
import { UsageError, intOption } from "./usage.js";

export const SERVE_HELP = `Usage: pipecat-ws serve [options]

Starts a local echo bot that speaks Pipecat's WebSocket protocol: it answers client-ready,
detects your turns with an energy VAD and speaks back what it heard (no AI, no STT).

Options:
  --host HOST              interface to bind (default 127.0.0.1)
  --port PORT              TCP port, 0 for any free port (default 7860)
  --token TOKEN            token clients must pass as ?token= (default: random per start;
                           also read from PIPECAT_WS_TOKEN)
  --allow-origin ORIGIN    browser origin allowed to connect; repeat for several, '*' for any
                           (default: pages served from localhost / 127.0.0.1 / [::1])
  --output-rate HZ         sample rate of the bot's audio (default 24000)
  --pace N                 speed of the bot's audio clock: 1 = real time with one chunk ahead,
                           as Pipecat sends (default); 2 = twice real time (the old dev bot)
  --chunk-ms MS            duration of each bot audio chunk (default 40 at --pace 1, else 20)
  --max-connections N      open WebSockets allowed; the next handshake gets HTTP 503 (default 64)
  --idle-timeout-ms MS     close a connection after this long with no message and no speech
                           (default 300000, Pipecat's idle timeout; 0 = never)
  --max-message-bytes N    largest inbound message (default 1048576)
  --vad-threshold DBFS     energy VAD threshold (default -40)
  --allow-non-loopback     allow binding a host other machines can reach (no real auth!)
  --enable-faults          serve the fault-injection API at POST /__faults (for tests)
  --json-logs              log JSON lines instead of logfmt
  -q, --quiet              no connection logs
  -h, --help               show this help
`;

/** Runs the server until SIGINT/SIGTERM (or `signal` aborts). Returns the exit code. */
export async function runServe(argv: string[], io: CliIO, signal?: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      token: { type: "string" },
      "allow-origin": { type: "string", multiple: true },
      "output-rate": { type: "string" },
      pace: { type: "string" },
      "chunk-ms": { type: "string" },
      "max-connections": { type: "string" },
      "idle-timeout-ms": { type: "string" },
      "max-message-bytes": { type: "string" },
      "vad-threshold": { type: "string" },
      "allow-non-loopback": { type: "boolean" },
      "enable-faults": { type: "boolean" },
      "json-logs": { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  const out = new Console(io);
  if (values.help) {
    out.line(SERVE_HELP);
    return 0;
  }
  const origins = values["allow-origin"];
  const options: DevServerOptions = {
    host: values.host ?? "127.0.0.1",
    port: intOption("--port", values.port, 7860, 0, 65535),
    allowNonLoopback: values["allow-non-loopback"] ?? false,
    outputSampleRate: intOption("--output-rate", values["output-rate"], 24000, 8000, 192000),
    maxConnections: intOption("--max-connections", values["max-connections"], 64, 1, 100_000),
    idleTimeoutMs: intOption("--idle-timeout-ms", values["idle-timeout-ms"], 300_000, 0, 24 * 3600_000),
    maxMessageSize: intOption("--max-message-bytes", values["max-message-bytes"], 1024 * 1024, 1024, 256 * 1024 * 1024),
    exposeFaults: values["enable-faults"] ?? false,
    logger: values.quiet
      ? false
      : (record) => io.stderr.write(`${values["json-logs"] ? JSON.stringify(record) : formatLogfmt(record)}\n`),
  };
  if (values.pace !== undefined) {
    const pace = Number(values.pace);
    if (!Number.isFinite(pace) || pace < 0.25 || pace > 100) throw new UsageError(`--pace must be a number 0.25..100 (1 = real time), got '${values.pace}'`);
    options.pace = pace;
  }
  if (values["chunk-ms"] !== undefined) options.chunkMs = intOption("--chunk-ms", values["chunk-ms"], 40, 5, 1000);
  if (values["vad-threshold"] !== undefined) {
    const db = Number(values["vad-threshold"]);
    if (!Number.isFinite(db) || db > 0 || db < -100) throw new UsageError(`--vad-threshold must be a dBFS level -100..0, got '${values["vad-threshold"]}'`);
    options.vad = { thresholdDbfs: db };
  }
  if (origins?.length) options.allowedOrigins = origins.includes("*") ? "*" : origins;
  const token = values.token ?? process.env.PIPECAT_WS_TOKEN;
  if (token !== undefined) options.token = token;

  const server = await startDevServer(options);
  const wsBase = server.wsUrl.split("?")[0];
  out.line("pipecat-ws dev bot server: an echo bot that speaks back what it hears");
  out.line(`  endpoint   POST ${server.connectUrl}  ->  { "ws_url": "${wsBase}?token=..." }`);
  out.line(`  websocket  ${wsBase}?token=${token === undefined ? "<random; use the endpoint>" : "<your --token>"}`);
  if (options.exposeFaults) out.line(`  faults     POST ${server.url}/__faults  (Authorization: Bearer <token>)`);
  out.line(`  try it     npx pipecat-ws call --endpoint ${server.connectUrl} --in hello.wav --out reply.wav`);
  out.line("Press Ctrl+C to stop.");

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener("abort", stop, { once: true });
  });
  await server.close();
  out.line("stopped.");
  return 0;
}
