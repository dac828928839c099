/**
 * `pipecat-ws call`'s command line: its help text and its options, parsed and checked (a wrong
 * value is a UsageError that names the option, exit code 2) before any file or socket is opened.
 */
import { parseArgs } from "node:util";
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
  -v, --verbose            show the client's and the transport's debug log
  -h, --help               show this help

Ctrl-C (or SIGTERM) ends the call cleanly: BOT.wav and the messages file keep what was received.

Exit codes: 0 done, 1 failure (connection, file, server), 2 usage, 3 the bot did not finish in
--wait-ms, 130 interrupted (SIGINT), 143 terminated (SIGTERM).
`;

/** `call`'s options with defaults applied. */
export interface CallOptions {
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

/** Parses `call`'s arguments; throws UsageError (exit 2) naming the option. */
export function parseCallArgs(argv: string[]): CallOptions | "help" {
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
