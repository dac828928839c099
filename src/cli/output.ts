/**
 * Terminal output for the CLI: plain lines that read well in a log, plus one live progress
 * line when the output is a TTY. Secrets are redacted from every URL printed.
 */
import type { Writable } from "node:stream";

/** Where the CLI writes. Tests pass their own streams. */
export interface CliIO {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
}

/** Prints lines to stdout, keeping an optional progress line at the bottom on a TTY. */
export class Console {
  private progressShown = false;
  constructor(private readonly io: CliIO) {}

  get isTTY(): boolean {
    return this.io.stdout.isTTY === true;
  }

  line(text: string): void {
    this.clearProgress();
    this.io.stdout.write(`${text}\n`);
  }

  error(text: string): void {
    this.clearProgress();
    this.io.stderr.write(`${text}\n`);
  }

  /** Replaces the progress line (TTY only; a no-op otherwise so logs stay clean). */
  progress(text: string): void {
    if (!this.isTTY) return;
    this.io.stdout.write(`\r\x1b[2K${text}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.io.stdout.write("\r\x1b[2K");
    this.progressShown = false;
  }
}

/** Seconds with one decimal: `2.4 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `[  1.2 s]` timestamp prefix relative to the start of the call. */
export function stamp(ms: number): string {
  return `[${(ms / 1000).toFixed(1).padStart(5)} s]`;
}
