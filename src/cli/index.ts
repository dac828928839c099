/**
 * The `pipecat-ws` command line (built to dist/cli.js; bin/pipecat-ws.js runs it):
 * `serve` starts the dev bot server, `call` drives a bot from Node with a WAV file.
 * A mistake on the command line is one line and a pointer to the help, exit code 2.
 */
import { CallError, runCall } from "./call.js";
import type { CliIO } from "./output.js";
import { runServe } from "./serve.js";
import { UsageError } from "./usage.js";
import { packageVersion } from "./version.js";

export type { CliIO } from "./output.js";

const HELP = `Usage: pipecat-ws <command> [options]

Commands:
  serve   start a local echo bot that speaks Pipecat's WebSocket protocol (port 7860)
  call    talk to a Pipecat bot from Node: a WAV in as the user, the bot's voice out to a WAV

Run 'pipecat-ws <command> --help' for the options of a command; 'pipecat-ws --version' for the version.
`;

/**
 * Runs the CLI with `argv` (without `node` and the script). Resolves the exit code: 0 ok,
 * 1 failure, 2 usage error, 3 (call) the bot did not finish in time, 130/143 (call) interrupted.
 */
export async function main(argv: string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr }, signal?: AbortSignal): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "serve":
        return await runServe(rest, io, signal);
      case "call":
        return await runCall(rest, io);
      case "--version":
      case "-V":
      case "version":
        io.stdout.write(`pipecat-ws ${packageVersion()}\n`);
        return 0;
      case undefined:
      case "help":
      case "-h":
      case "--help":
        io.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      const known = command === "call" || command === "serve";
      const who = known ? `pipecat-ws ${command}` : "pipecat-ws";
      io.stderr.write(`${who}: ${firstSentence((e as Error).message)}; see '${who} --help'\n`);
      return 2;
    }
    if (e instanceof CallError) {
      io.stderr.write(`pipecat-ws call: error: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr.write(`pipecat-ws ${command ?? ""}: error: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

/** Node's parseArgs errors go on ("To specify a positional argument…"); the first sentence says it. */
function firstSentence(message: string): string {
  const m = /^(.*?\S)\. [A-Z]/.exec(message);
  return m ? m[1]! : message.replace(/\.$/, "");
}
