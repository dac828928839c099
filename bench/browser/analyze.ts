/**
 * Turns the detector's transitions (context frames on the player's clock) into the bench
 * figures: click round trips and interruption → silence times. Pure functions, so the rules
 * (what pairs with what, what counts as silent) are in one readable place.
 */
import type { DetectorEvent } from "./page/harness.js";

/** Each mic click onset paired with the first onset of the bot's voice after it (ms). */
export function clickRoundTrips(events: DetectorEvent[], rate: number, maxMs = 450): number[] {
  const mic = events.filter((e) => e.input === 0 && e.on).map((e) => e.frame);
  const out = events.filter((e) => e.input === 1 && e.on).map((e) => e.frame);
  const max = (maxMs * rate) / 1000;
  const trips: number[] = [];
  let j = 0;
  for (const m of mic) {
    while (j < out.length && out[j]! <= m) j++;
    if (j < out.length && out[j]! - m < max) {
      trips.push(((out[j]! - m) * 1000) / rate);
      j++;
    }
  }
  return trips;
}

/**
 * ms from the interruption's arrival (context frame read on the main thread when the socket
 * delivered it) to the first sample of the bot's voice after which it stayed silent; `undefined`
 * if it was still sounding when the events were taken.
 */
export function silenceAfter(events: DetectorEvent[], arrivalFrame: number, rate: number): number | undefined {
  // currentTime is read per render quantum: allow one quantum before the stamp.
  const off = events.find((e) => e.input === 1 && !e.on && e.frame >= arrivalFrame - 128);
  if (!off) return undefined;
  const laterOn = events.find((e) => e.input === 1 && e.on && e.frame > off.frame);
  if (laterOn) return silenceAfter(events.filter((e) => e.frame > laterOn.frame), arrivalFrame, rate);
  return ((off.frame - arrivalFrame) * 1000) / rate;
}

/** Gaps in the bot's voice: times it fell silent and then sounded again (its final silence is not one). */
export function outputGaps(events: DetectorEvent[]): number {
  let gaps = 0;
  let sounded = false;
  let silent = false;
  for (const e of events) {
    if (e.input !== 1) continue;
    if (e.on) {
      if (silent) gaps++;
      silent = false;
      sounded = true;
    } else if (sounded) silent = true;
  }
  return gaps;
}
