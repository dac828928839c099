/** A logger that keeps lines in memory instead of printing them, so tests can assert on them. */
import type { Logger } from "../../src/common/logging.js";

export interface RecordingLogger extends Logger {
  lines: Array<{ level: string; text: string }>;
}

export function recordingLogger(): RecordingLogger {
  const lines: Array<{ level: string; text: string }> = [];
  const rec = (level: string) => (...args: unknown[]) => lines.push({ level, text: args.map(String).join(" ") });
  return { lines, debug: rec("debug"), info: rec("info"), warn: rec("warn"), error: rec("error") };
}

export const quietLogger: Logger = recordingLogger();
