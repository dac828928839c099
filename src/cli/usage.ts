/** Command-line mistakes: reported with the option's name and exit code 2. */
import { PipecatWsError } from "../common/errors.js";

/** A wrong or missing command-line option. */
export class UsageError extends PipecatWsError {
  constructor(message: string) {
    super("usage", message);
    this.name = "UsageError";
  }
}

/** Parses an integer option within bounds, or returns the default when absent. */
export function intOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer ${min}..${max}, got '${value}'`);
  return n;
}
