/**
 * `pipecat-ws call`: drives a Pipecat bot from Node with `PipecatClient` + our transport — a WAV
 * file as the user's voice (in real time), the bot's voice recorded to a WAV (honouring
 * interruptions), every RTVI message to a JSONL file. For CI tests and load tests of bots.
 * When the call is over (and so the exit code) is the call statechart's (machines/callMachine.ts);
 * this file supplies its implementations and does the printing.
 */
import { LogLevel, PipecatClient, logger as clientLogger } from "@pipecat-ai/client-js";
import { createActor, fromPromise, toPromise } from "xstate";
import { callMachine, callExitCode, type CallOutput, type CallSignal } from "../../machines/callMachine.js";
import { StreamAudioIO } from "../audio/StreamAudioIO.js";
import { Redactor } from "../common/Redactor.js";
import type { Logger } from "../common/logging.js";
import type { InspectionEvent } from "../inspect/InspectionEvent.js";
import { WebSocketTransport } from "../node/NodeWebSocketTransport.js";
import { CALL_HELP, parseCallArgs, type CallOptions } from "./callOptions.js";
import { openCallFiles, type CallFiles } from "./callFiles.js";
import { describeFailure } from "./describeFailure.js";
import { observeEndpoint } from "./observeEndpoint.js";
import { Console, seconds, stamp, type CliIO } from "./output.js";
import { printable } from "./printable.js";

export { CallError } from "./callFiles.js";

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Runs one call. Returns the exit code; never throws for expected failures. */
export async function runCall(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCallArgs(argv);
  const out = new Console(io);
  if (parsed === "help") {
    out.line(CALL_HELP);
    return 0;
  }
  const opts = parsed;
  // client-js prints its own lines ("Error fetching: …", "Fatal error reported. Disconnecting...").
  clientLogger.setLevel(opts.verbose ? LogLevel.DEBUG : LogLevel.NONE);
  const redactor = new Redactor();
  redactor.addSecret(opts.token);
  const target = opts.wsUrl ?? opts.endpoint!;
  redactor.addUrlSecrets(target);
  /** Server text, safe to print on one line. */
  const said = (text: unknown): string => printable(redactor.string(String(text ?? "")), 200);

  // Files first: a bad WAV or an unwritable path fails before any network traffic.
  const files = await openCallFiles(opts);
  const { source, info, sink } = files;
  out.line(`pipecat-ws call: ${opts.input} (${seconds(info.durationMs - opts.trailingSilenceMs)}, ${info.sampleRate} Hz, ${info.channels} ch) -> ${redactor.string(target)}`);

  const t0 = performance.now();
  const elapsed = (): number => performance.now() - t0;
  const event = (text: string): void => out.line(`${stamp(elapsed())} ${text}`);
  const progress = { sentMs: 0, botAudioMs: 0 };

  const transport = new WebSocketTransport({
    recorderSampleRate: opts.recorderRate,
    audio: new StreamAudioIO({ sink }),
    connectTimeoutMs: opts.connectTimeoutMs,
    readyTimeoutMs: opts.connectTimeoutMs,
    logger: opts.verbose ? clientLogger : silent,
    ...(opts.token ? { token: opts.token } : {}),
  });
  const endpointSeen = opts.endpoint ? observeEndpoint(opts.endpoint) : null;

  const actor = createActor(
    callMachine.provide({
      actors: {
        connect: fromPromise(async () => {
          await (opts.endpoint ? client.startBotAndConnect({ endpoint: opts.endpoint }) : client.connect({ wsUrl: opts.wsUrl! }));
        }),
        // Start the voice only at bot-ready: mic audio sent earlier is dropped by design.
        sendInput: fromPromise(async () => {
          await source.start((chunk) => {
            progress.sentMs += (chunk.byteLength / 2 / opts.recorderRate) * 1000;
            transport.handleUserAudioStream(chunk);
          }, opts.recorderRate);
          return source.finished;
        }),
      },
      actions: {
        announceReady: () => event(`connected; bot ready (${transport.getStats().timeToReadyMs?.toFixed(0) ?? "?"} ms)`),
        announceInputSent: ({ context }) => {
          if (context.inputCompleted) event("input sent; waiting for the bot to finish");
        },
        announceBotLeft: () => event("the bot ended the call"),
      },
      delays: { drain: () => sink.bufferedMs() },
    }),
    { input: { connectTimeoutMs: opts.connectTimeoutMs, idleMs: opts.idleMs, waitMs: opts.waitMs } },
  );

  const unsubscribe = transport.inspect((ev: InspectionEvent) => {
    if (ev.kind !== "frame") return;
    if (ev.direction === "in" && ev.frameType === "audio" && ev.audio) {
      progress.botAudioMs += (ev.audio.samples / ev.audio.numChannels / ev.audio.sampleRate) * 1000;
      actor.send({ type: "BOT_AUDIO" });
    }
    if (ev.frameType === "message" || ev.frameType === "interruption") files.messages?.write(ev, Math.round(elapsed()));
    if (ev.direction === "in" && ev.frameType === "interruption") {
      actor.send({ type: "INTERRUPTION" });
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
        actor.send({ type: "USER_STOPPED_SPEAKING" });
        event("user stopped speaking");
      },
      onUserTranscript: (t) => {
        if (t.final) event(`user: ${said(t.text)}`);
      },
      onBotStartedSpeaking: () => {
        actor.send({ type: "BOT_STARTED_SPEAKING" });
        event("bot started speaking");
      },
      onBotStoppedSpeaking: () => {
        actor.send({ type: "BOT_STOPPED_SPEAKING" });
        event("bot stopped speaking");
      },
      onBotOutput: (d) => event(`bot: ${said(d.text)}`),
      onError: (msg) => {
        const data = (msg.data ?? {}) as { error?: string; message?: string; fatal?: boolean };
        if (data.fatal) actor.send({ type: "FATAL", message: String(data.error ?? data.message ?? "fatal error") });
        else event(`warning: ${said(data.error ?? data.message ?? "error")}`);
      },
      onBotDisconnected: () => actor.send({ type: "BOT_LEFT" }),
      // client-js has no "reconnecting": a ready call that goes back to connecting is reconnecting.
      onTransportStateChanged: (state) => actor.send({ type: state === "ready" ? "LINK_UP" : "LINK_DOWN" }),
    },
  });

  // Ctrl-C / SIGTERM end the call cleanly (recording finished, summary printed); twice, at once.
  const onSignal = (signal: CallSignal): void => {
    if (actor.getSnapshot().status !== "active") {
      sink.close();
      process.exit(callExitCode("interrupted", signal));
    }
    actor.send({ type: "SIGNAL", signal });
  };
  const onInt = (): void => onSignal("SIGINT");
  const onTerm = (): void => onSignal("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);

  const progressTimer = setInterval(() => {
    const ctx = actor.getSnapshot().context;
    if (!actor.getSnapshot().matches("sending") && !actor.getSnapshot().matches("awaitingBot")) return;
    const who = ctx.linkDown ? "reconnecting" : ctx.botSpeaking ? "bot speaking" : ctx.userTurnPending ? "waiting for bot" : "listening";
    out.progress(`${stamp(elapsed())} sent ${seconds(progress.sentMs)}/${seconds(source.durationMs)} · bot audio ${seconds(progress.botAudioMs)} · ${who}`);
  }, 200);

  let result: CallOutput;
  try {
    actor.start();
    result = await toPromise(actor);
  } finally {
    clearInterval(progressTimer);
    source.stop();
    unsubscribe();
    await Promise.race([client.disconnect().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    sink.close();
    await files.messages?.close();
    endpointSeen?.stop();
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
    out.endProgress();
  }
  return report(result, opts, files, out, (failure) =>
    describeFailure(failure, {
      url: redactor.string(target),
      via: opts.endpoint ? "endpoint" : "ws-url",
      tokenGiven: Boolean(opts.token) || /[?&]token=/.test(target),
      connectTimeoutMs: opts.connectTimeoutMs,
      endpoint: endpointSeen?.last() ?? null,
      redact: redactor.string,
    }),
    progress,
  );
}

/** Prints how the call ended; returns the exit code. */
function report(
  result: CallOutput,
  opts: CallOptions,
  files: CallFiles,
  out: Console,
  describe: (failure: NonNullable<CallOutput["failure"]>) => string,
  progress: { sentMs: number },
): number {
  if (result.outcome === "failed") {
    out.error(`pipecat-ws call: error: ${describe(result.failure ?? { kind: "fatal", message: "the call failed" })}`);
    return result.exitCode;
  }
  if (result.outcome === "timed-out") {
    out.error(`pipecat-ws call: error: the bot did not finish within ${opts.waitMs} ms after the input ended (--wait-ms)`);
    return result.exitCode;
  }
  const stats = files.sink.stats;
  const how = result.outcome === "interrupted" ? `interrupted (${result.exitCode === 143 ? "SIGTERM" : "SIGINT"})` : "done";
  out.line(
    `${how}: sent ${seconds(progress.sentMs)} of audio; bot spoke ${result.turns} turn(s), ${result.interruptions} interrupted; ` +
      `${seconds(stats.writtenMs)} written to ${opts.output}${stats.droppedMs > 0 ? ` (${seconds(stats.droppedMs)} cut by interruptions)` : ""}`,
  );
  if (files.messages) out.line(`messages: ${files.messages.count} written to ${opts.messages}`);
  return result.exitCode;
}
