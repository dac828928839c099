/** Number and time formatting shared by the panel and its tests. */

/** `1.2 kB`, `3.4 MB`: decimal units, as network tools show them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "—";
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

/** Two byte counts with the unit once when they share it (`49.4 / 124.9 kB`): fits a narrow counter. */
export function formatBytePair(a: number, b: number): string {
  const [x, y] = [formatBytes(a), formatBytes(b)];
  const unit = (s: string) => s.slice(s.lastIndexOf(" ") + 1);
  return unit(x) === unit(y) && x !== "—" ? `${x.slice(0, x.lastIndexOf(" "))} / ${y}` : `${x} / ${y}`;
}

/** `850 ms`, `12.3 s`, `4 min 05 s`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** Seconds since `origin`, e.g. `+12.345 s`, for log and timeline rows. */
export function formatOffset(time: number, origin: number): string {
  return `+${((time - origin) / 1000).toFixed(3)} s`;
}

/** `24.2 kB/s`: a byte rate. */
export function formatByteRate(bytesPerSec: number): string {
  return `${formatBytes(bytesPerSec)}/s`;
}

/** `26.5 frames/s`. */
export function formatFrameRate(framesPerSec: number): string {
  return `${Number.isFinite(framesPerSec) ? framesPerSec.toFixed(1) : "—"} frames/s`;
}

/** An RMS level 0..1 as dBFS: `−12.3 dBFS`, `−∞ dBFS` for silence. */
export function formatLevel(level: number): string {
  if (!(level > 0)) return "−∞ dBFS";
  return `${(20 * Math.log10(level)).toFixed(1).replace("-", "−")} dBFS`;
}

/** Seconds with millisecond precision: `12.345 s`. */
export function formatSeconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(3)} s`;
}
