/** A level meter (mic or bot) fed by the audio levels in inspection events. */
import type { LevelReading } from "../model/sessionView.js";
import { formatLevel } from "../model/format.js";

/** Readings older than this show as silence: the stream stopped. */
const STALE_MS = 400;

/** Width 0..1 of a meter: dB-scaled, so speech sits mid-scale instead of hugging zero. */
export function meterFraction(reading: LevelReading, now: number): number {
  if (now - reading.time > STALE_MS || reading.level <= 0) return 0;
  const db = 20 * Math.log10(reading.level);
  return Math.max(0, Math.min(1, (db + 60) / 60));
}

export function Meter(props: { label: string; reading: LevelReading; now: number }) {
  const fraction = meterFraction(props.reading, props.now);
  const live = fraction > 0;
  return (
    <span class="meter" title={`${props.label} level: ${live ? formatLevel(props.reading.level) : "silent"} (scale −60…0 dBFS)`}>
      {props.label}
      <span class="bar">
        <span class="fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} data-level={fraction.toFixed(3)} />
      </span>
    </span>
  );
}
