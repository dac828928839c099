/**
 * `pipecat-ws call`: drives a Pipecat bot from Node with `PipecatClient` + our transport — a WAV
 * file as the user's voice (in real time), the bot's voice recorded to a WAV (honouring
 * interruptions), every RTVI message to a JSONL file. For CI tests and load tests of bots.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { LogLevel, PipecatClient, logger } from "@pipecat-ai/client-js";
import { StreamAudioIO } from "../audio/StreamAudioIO.js";
import type { InspectionEvent } from "../inspect/InspectionEvent.js";
import { WebSocketTransport } from "../node/NodeWebSocketTransport.js";
import { WavFileSink } from "../node/WavFileSink.js";
import { WavFileSource } from "../node/WavFileSource.js";
import { WavError } from "../pcm/wav.js";
import { redactString } from "../common/redact.js";
import { Console, seconds, stamp, type CliIO } from "./output.js";
import { UsageError, intOption } from "./usage.js";

export const CALL_HELP = `Usage: pipecat-ws call (--ws-url URL | --endpoint URL) --in USER.wav --out BOT.wav [options]

Connects to a Pipecat bot over WebSocket, speaks USER.wav as the user (in real time, any rate
or channel count), records the bot's voice to BOT.wav as a listener would hear it (barge-in
cuts it), and exits when the bot has answered and gone quiet.

Options:
  --ws-url URL             bot WebSocket URL (ws:// or wss://)
  --endpoint URL           or: POST this URL first to get { ws_url } (Pipecat bot runners)
  --token TOKEN            appended as ?token= (also read from PIPECAT_WS_TOKEN); never printed
  --in FILE                WAV to speak as the user
  --out FILE               WAV to write the bot's audio to
  --messages FILE          write every RTVI message (both directions) as JSON lines
  --recorder-rate HZ       rate of the audio sent to the bot (default 16000)
  --trailing-silence-ms N  silence sent after USER.wav so the bot hears the turn end (default 1000)
  --idle-ms N              after the input, finish once the bot is quiet this long (default 1500)
  --wait-ms N              after the input, give up waiting for the bot after this (default 30000)
  --connect-timeout-ms N   give up connecting after this (default 15000)
  -v, --verbose            show the client's debug log
  -h, --help               show this help

Exit codes: 0 done, 1 failure (connection, file, server), 2 usage, 3 the bot did not finish in --wait-ms.
`;

interface CallOptions {
  wsUrl: string | undefined;
  endpoint: string | undefined;
  token: string | undefined;
  input: string;
  output: string;
  messages: string | undefined;
  recorderRate: number;
  trailingSilenceMs: number;
  idleMs: number;
  waitMs: number;
  connectTimeoutMs: number;
  verbose: boolean;
}

/** A failure worth one clear line and a non-zero exit. */
export class CallError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CallError";
  }
}

function parseCallArgs(argv: string[]): CallOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      "ws-url": { type: "string" },
      endpoint: { type: "string" },
      token: { type: "string" },
      in: { type: "string" },
      out: { type: "string" },
      messages: { type: "string" },
      "recorder-rate": { type: "string" },
      "trailing-silence-ms": { type: "string" },
      "idle-ms": { type: "string" },
      "wait-ms": { type: "string" },
      "connect-timeout-ms": { type: "string" },
      verbose: { type: "boolean", short: "v" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  if (!values["ws-url"] === !values.endpoint) throw new UsageError("pass exactly one of --ws-url URL or --endpoint URL");
  if (!values.in) throw new UsageError("--in USER.wav is required (the user's voice)");
  if (!values.out) throw new UsageError("--out BOT.wav is required (where the bot's voice is written)");
  const url = values["ws-url"] ?? values.endpoint!;
  const scheme = values["ws-url"] ? /^wss?:\/\//i : /^https?:\/\//i;
  if (!scheme.test(url)) {
    throw new UsageError(values["ws-url"] ? "--ws-url must start with ws:// or wss://" : "--endpoint must start with http:// or https://");
  }
  return {
    wsUrl: values["ws-url"],
    endpoint: values.endpoint,
    token: values.token ?? process.env.PIPECAT_WS_TOKEN,
    input: values.in,
    output: values.out,
    messages: values.messages,
    recorderRate: intOption("--recorder-rate", values["recorder-rate"], 16000, 8000, 48000),
    trailingSilenceMs: intOption("--trailing-silence-ms", values["trailing-silence-ms"], 1000, 0, 60_000),
    idleMs: intOption("--idle-ms", values["idle-ms"], 1500, 100, 600_000),
    waitMs: intOption("--wait-ms", values["wait-ms"], 30_000, 100, 3_600_000),
    connectTimeoutMs: intOption("--connect-timeout-ms", values["connect-timeout-ms"], 15_000, 100, 600_000),
    verbose: values.verbose ?? false,
  };
}

/** Runs one call. Returns the exit code; never throws for expected failures. */
export async function runCall(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCallArgs(argv);
  const out = new Console(io);
  if (parsed === "help") {
    out.line(CALL_HELP);
    return 0;
  }
  const opts = parsed;
  logger.setLevel(opts.verbose ? LogLevel.DEBUG : LogLevel.ERROR);

  // Files first: a bad WAV or an unwritable path fails before any network traffic.
  const source = new WavFileSource({ path: opts.input, trailingSilenceMs: opts.trailingSilenceMs });
  let info;
  try {
    info = await source.load();
  } catch (e) {
    // WavError messages already start with the path.
    throw new CallError(e instanceof WavError ? `cannot use --in ${e.message}` : `cannot read --in ${opts.input}: ${fileError(e)}`);
  }
  let sink: WavFileSink;
  try {
    sink = new WavFileSink({ path: opts.output });
  } catch (e) {
    throw new CallError(`cannot write --out ${opts.output}: ${fileError(e)}`);
  }
  let messages: WriteStream | undefined;
  let messageCount = 0;
  if (opts.messages) {
    messages = createWriteStream(opts.messages);
    await new Promise<void>((resolve, reject) => {
      messages!.once("open", () => resolve());
      messages!.once("error", (e) => reject(new CallError(`cannot write --messages ${opts.messages}: ${fileError(e)}`)));
    }).catch((e: unknown) => {
      sink.close();
      throw e;
    });
  }

  const target = opts.wsUrl ?? opts.endpoint!;
  out.line(`pipecat-ws call: ${opts.input} (${seconds(info.durationMs - opts.trailingSilenceMs)}, ${info.sampleRate} Hz, ${info.channels} ch) -> ${redactString(target)}`);

  const t0 = performance.now();
  const elapsed = (): number => performance.now() - t0;
  const state = {
    botSpeaking: false,
    userTurnPending: false,
    lastBotActivity: 0,
    botAudioMs: 0,
    turns: 0,
    interruptions: 0,
    fatal: null as string | null,
    botLeft: false,
    sentMs: 0,
  };
  const event = (text: string): void => out.line(`${stamp(elapsed())} ${text}`);

  const transport = new WebSocketTransport({
    recorderSampleRate: opts.recorderRate,
    audio: new StreamAudioIO({ sink }),
    ...(opts.token ? { token: opts.token } : {}),
  });
  const unsubscribe = transport.inspect((ev: InspectionEvent) => {
    if (ev.kind !== "frame") return;
    if (ev.direction === "in" && ev.frameType === "audio" && ev.audio) {
      state.lastBotActivity = elapsed();
      state.botAudioMs += (ev.audio.samples / ev.audio.numChannels / ev.audio.sampleRate) * 1000;
    }
    if (messages && (ev.frameType === "message" || ev.frameType === "interruption")) {
      messageCount++;
      // (A message sent without its decoded form, e.g. the transport's own client-ready, has no `message`.)
      const record = ev.frameType === "message" && ev.message !== undefined
        ? { t: Math.round(elapsed()), time: new Date().toISOString(), dir: ev.direction, message: ev.message }
        : { t: Math.round(elapsed()), time: new Date().toISOString(), dir: ev.direction, frame: ev.frameType };
      messages.write(`${JSON.stringify(record)}\n`);
    }
    if (ev.direction === "in" && ev.frameType === "interruption") {
      state.interruptions++;
      event("interruption: bot audio not yet played was dropped");
    }
  });

  const client = new PipecatClient({
    transport,
    enableMic: true,
    enableCam: false,
    callbacks: {
      onUserStartedSpeaking: () => event("user started speaking"),
      onUserStoppedSpeaking: () => {
        state.userTurnPending = true;
        event("user stopped speaking");
      },
      onUserTranscript: (t) => {
        if (t.final) event(`user: ${t.text}`);
      },
      onBotStartedSpeaking: () => {
        state.botSpeaking = true;
        state.userTurnPending = false;
        state.turns++;
        state.lastBotActivity = elapsed();
        event("bot started speaking");
      },
      onBotStoppedSpeaking: () => {
        state.botSpeaking = false;
        state.lastBotActivity = elapsed();
        event("bot stopped speaking");
      },
      onBotOutput: (d) => event(`bot: ${d.text}`),
      onError: (msg) => {
        const data = msg.data as { error?: string; message?: string; fatal?: boolean };
        if (data.fatal) state.fatal ??= data.error ?? data.message ?? "fatal error";
        else event(`warning: ${data.error ?? data.message ?? "error"}`);
      },
      onBotDisconnected: () => {
        state.botLeft = true;
      },
    },
  });

  let progressTimer: ReturnType<typeof setInterval> | undefined;
  const cleanup = async (): Promise<void> => {
    if (progressTimer) clearInterval(progressTimer);
    source.stop();
    unsubscribe();
    await client.disconnect().catch(() => undefined);
    sink.close();
    if (messages) await new Promise<void>((r) => messages!.end(() => r()));
    out.clearProgress();
  };

  try {
    const connecting = opts.endpoint
      ? client.startBotAndConnect({ endpoint: opts.endpoint })
      : client.connect({ wsUrl: opts.wsUrl! });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CallError(`no bot-ready within ${opts.connectTimeoutMs} ms (--connect-timeout-ms)`)), opts.connectTimeoutMs);
    });
    try {
      await Promise.race([connecting, timeout]);
    } catch (e) {
      throw e instanceof CallError ? e : new CallError(`could not connect to ${redactString(target)}: ${(e as Error).message ?? String(e)}`);
    } finally {
      clearTimeout(timer);
    }
    event(`connected; bot ready (${transport.getStats().timeToReadyMs?.toFixed(0) ?? "?"} ms)`);

    // Start the voice only now: mic audio sent before bot-ready is dropped by design.
    await source.start((chunk) => {
      state.sentMs += (chunk.byteLength / 2 / opts.recorderRate) * 1000;
      transport.handleUserAudioStream(chunk);
    }, opts.recorderRate);
    progressTimer = setInterval(() => {
      const who = state.botSpeaking ? "bot speaking" : state.userTurnPending ? "waiting for bot" : "listening";
      out.progress(`${stamp(elapsed())} sent ${seconds(state.sentMs)}/${seconds(source.durationMs)} · bot audio ${seconds(state.botAudioMs)} · ${who}`);
    }, 200);

    let inputDone: boolean | undefined;
    void source.finished.then((completed) => (inputDone = completed));
    await until(() => inputDone !== undefined || state.fatal !== null || state.botLeft);
    const inputEnded = elapsed();
    if (inputDone === true) event("input sent; waiting for the bot to finish");
    // Done when the bot has answered the last turn, played out, and stayed quiet for idle-ms.
    let timedOut = false;
    await until(() => {
      if (state.fatal !== null || state.botLeft) return true;
      const quiet = elapsed() - Math.max(state.lastBotActivity, inputEnded);
      if (!state.botSpeaking && !state.userTurnPending && sink.bufferedMs() === 0 && quiet >= opts.idleMs) return true;
      if (elapsed() - inputEnded > opts.waitMs) return (timedOut = true);
      return false;
    });
    if (state.fatal !== null) throw new CallError(`connection lost: ${state.fatal}`);
    if (state.botLeft) event("the bot ended the call");
    if (timedOut && (state.botSpeaking || state.userTurnPending)) {
      throw new CallError(`the bot did not finish within ${opts.waitMs} ms after the input ended (--wait-ms)`, 3);
    }
  } catch (e) {
    await cleanup();
    throw e;
  }
  await cleanup();
  const stats = sink.stats;
  out.line(
    `done: sent ${seconds(state.sentMs)} of audio; bot spoke ${state.turns} turn(s), ${state.interruptions} interrupted; ` +
      `${seconds(stats.writtenMs)} written to ${opts.output}${stats.droppedMs > 0 ? ` (${seconds(stats.droppedMs)} cut by interruptions)` : ""}`,
  );
  if (opts.messages) out.line(`messages: ${messageCount} written to ${opts.messages}`);
  return 0;
}

/** Resolves when `predicate` holds, polling every 50 ms. */
function until(predicate: () => boolean): Promise<true> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (predicate()) resolve(true);
      else setTimeout(check, 50);
    };
    check();
  });
}

function fileError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === "ENOENT") return "no such file or directory";
  if (err.code === "EACCES") return "permission denied";
  if (err.code === "EISDIR") return "is a directory";
  return err.message ?? String(e);
}
