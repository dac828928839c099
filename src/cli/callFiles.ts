/**
 * The files of a call, opened before any network traffic so a bad WAV or an unwritable path
 * fails first with one clear line: the input WAV (loaded and checked), the output WAV, and the
 * optional JSONL log of every RTVI message in either direction.
 */
import { PipecatWsError } from "../common/errors.js";
import { createWriteStream, type WriteStream } from "node:fs";
import type { InspectionEvent } from "../inspect/InspectionEvent.js";
import { WavFileSink } from "../node/WavFileSink.js";
import { WavFileSource } from "../node/WavFileSource.js";
import { WavError } from "../pcm/wav.js";
import type { CallOptions } from "./callOptions.js";

/** A failure before the call starts, worth one clear line and a non-zero exit. */
export class CallError extends PipecatWsError {
  /** The process exit code it means. */
  readonly exitCode = 1;
  constructor(message: string) {
    super("call-failed", message);
    this.name = "CallError";
  }
}

/** `--messages`: one JSON line per RTVI message or interruption, in either direction. */
export class MessageLog {
  count = 0;
  constructor(private readonly stream: WriteStream) {}

  write(ev: InspectionEvent & { kind: "frame" }, t: number): void {
    this.count++;
    const time = new Date().toISOString();
    // (A message sent without its decoded form, e.g. the transport's own client-ready, has no `message`.)
    const record =
      ev.frameType === "message" && ev.message !== undefined
        ? { t, time, dir: ev.direction, message: ev.message }
        : { t, time, dir: ev.direction, frame: ev.frameType };
    this.stream.write(`${JSON.stringify(record)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }
}

export interface CallFiles {
  source: WavFileSource;
  info: Awaited<ReturnType<WavFileSource["load"]>>;
  sink: WavFileSink;
  messages: MessageLog | undefined;
}

/** Opens `--in`, `--out` and `--messages`; throws {@link CallError} naming the file. */
export async function openCallFiles(opts: CallOptions): Promise<CallFiles> {
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
  if (!opts.messages) return { source, info, sink, messages: undefined };
  const stream = createWriteStream(opts.messages);
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", (e) => reject(new CallError(`cannot write --messages ${opts.messages}: ${fileError(e)}`)));
    });
  } catch (e) {
    sink.close();
    throw e;
  }
  return { source, info, sink, messages: new MessageLog(stream) };
}

function fileError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === "ENOENT") return "no such file or directory";
  if (err.code === "EACCES") return "permission denied";
  if (err.code === "EISDIR") return "is a directory";
  return err.message ?? String(e);
}
