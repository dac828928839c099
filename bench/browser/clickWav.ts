/**
 * The fake microphone's WAV for the browser bench: silence with a click every `periodFrames` —
 * a 10 ms 1 kHz burst at half scale, starting at a zero crossing so its onset is sharp. Chromium
 * loops the file, which holds exactly `clicks` periods so the loop keeps the rhythm.
 * The default period (516.27 ms) is chosen so that successive clicks land at well spread points
 * of both a 20 ms and a 16 ms mic chunk: a click's wait for the end of its chunk is part of
 * what a recorder adds, and a period that is a multiple of the chunk would always measure the
 * same, arbitrary, point of it. Written directly (16-bit PCM mono) so the bench needs no sox.
 */
import { writeFileSync } from "node:fs";

export interface ClickWavOptions {
  rate?: number;
  periodFrames?: number;
  clicks?: number;
}

/** Writes the WAV to `file` and returns the path. */
export function writeClickWav(file: string, { rate = 48000, periodFrames = 24781, clicks = 16 }: ClickWavOptions = {}): string {
  const n = periodFrames * clicks;
  const pcm = new Int16Array(n);
  const burst = Math.round(rate * 0.01);
  for (let start = 0; start < n; start += periodFrames) {
    for (let i = 0; i < burst; i++) pcm[start + i] = Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * 1000 * i) / rate));
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + n * 2, 4);
  header.write("WAVE", 8);
  header.write("fmt ", 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(n * 2, 40);
  writeFileSync(file, Buffer.concat([header, Buffer.from(pcm.buffer)]));
  return file;
}
