import { describe, expect, it } from "vitest";
import { audioLevel, pcmBytesLevel } from "../../src/pcm/level.js";

describe("audio levels for inspection", () => {
  it("reads the same level from PCM bytes at any offset as from the samples", () => {
    const samples = Int16Array.from({ length: 480 }, (_, i) => Math.round(Math.sin(i / 3) * 20000) - (i % 7));
    const bytes = new Uint8Array(samples.buffer);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(pcmBytesLevel(bytes)).toBeCloseTo(audioLevel(samples), 12);
    expect(pcmBytesLevel(shifted.subarray(1))).toBeCloseTo(audioLevel(samples), 12);
    expect(audioLevel(samples)).toBeGreaterThan(0.4);
    expect(pcmBytesLevel(new Uint8Array(0))).toBe(0);
  });
});
