/**
 * Terminal output for the CLI: plain lines that read well in a log, plus one live progress
 * line when the output is a TTY. No line carries a control character (text from a server is
 * made printable before it gets here; this is the backstop), and the progress line is ended
 * with a newline when the command ends, so the shell prompt starts on a line of its own.
 */
import type { Writable } from "node:stream";
import { printable } from "./printable.js";

/** Where the CLI writes. Tests pass their own streams. */
export interface CliIO {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
}

/** Prints lines to stdout, keeping an optional progress line at the bottom on a TTY. */
export class Console {
  private progressShown = false;
  private lastProgress = "";
  constructor(private readonly io: CliIO) {}

  get isTTY(): boolean {
    return this.io.stdout.isTTY === true;
  }

  line(text: string): void {
    this.clearProgress();
    this.io.stdout.write(`${safe(text)}\n`);
  }

  error(text: string): void {
    this.clearProgress();
    this.io.stderr.write(`${safe(text)}\n`);
  }

  /** Replaces the progress line (TTY only; a no-op otherwise so logs stay clean). */
  progress(text: string): void {
    if (!this.isTTY) return;
    this.lastProgress = safe(text);
    this.io.stdout.write(`\r\x1b[2K${this.lastProgress}`);
    this.progressShown = true;
  }

  /** Leaves the last progress line on screen as a finished line (ending in a newline). */
  endProgress(): void {
    if (!this.progressShown) return;
    this.io.stdout.write(`\r\x1b[2K${this.lastProgress}\n`);
    this.progressShown = false;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.io.stdout.write("\r\x1b[2K");
    this.progressShown = false;
  }
}

/** Each line of `text` without control characters (multi-line help stays multi-line). */
function safe(text: string): string {
  return text
    .split("\n")
    .map((l) => printable(l, 100_000))
    .join("\n");
}

/** Seconds with one decimal: `2.4 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `[  1.2 s]` timestamp prefix relative to the start of the call. */
export function stamp(ms: number): string {
  return `[${(ms / 1000).toFixed(1).padStart(5)} s]`;
}
