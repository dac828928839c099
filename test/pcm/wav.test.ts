/**
 * WAV parsing against files written by sox (an independent encoder) in every format we claim to
 * read, the round trip of our encoder, and clear errors for files that are not usable WAVs.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { WavError, downmixToMono, encodeWav, parseWav } from "../../src/pcm/wav.js";

const dir = mkdtempSync(join(tmpdir(), "wav-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 0.1 s 440 Hz sine at half scale written by sox in the given encoding, without dither. */
function soxSine(name: string, args: string[], rate = 22050, channels = 1): Uint8Array {
  const file = join(dir, name);
  execFileSync("/usr/bin/sox", ["-D", "-n", "-r", String(rate), "-c", String(channels), ...args, file, "synth", "0.1", "sine", "440", "vol", "0.5"]);
  return new Uint8Array(readFileSync(file));
}

function expectSine(samples: Int16Array, rate: number, channels: number): void {
  expect(samples.length).toBe(Math.round(rate * 0.1) * channels);
  // Compare the first channel against the ideal sine (sox's synth is off by up to ~1% of full scale;
  // a wrong sign, width or endianness is off by thousands).
  for (let i = 0; i < samples.length / channels; i += 37) {
    const ideal = 0.5 * 32767 * Math.sin((2 * Math.PI * 440 * i) / rate);
    expect(Math.abs(samples[i * channels]! - ideal)).toBeLessThan(300);
  }
}

describe("parseWav", () => {
  it.each([
    ["pcm8.wav", ["-b", "8", "-e", "unsigned-integer"]],
    ["pcm16.wav", ["-b", "16", "-e", "signed-integer"]],
    ["pcm24.wav", ["-b", "24", "-e", "signed-integer"]],
    ["pcm32.wav", ["-b", "32", "-e", "signed-integer"]],
    ["float32.wav", ["-b", "32", "-e", "floating-point"]],
    ["float64.wav", ["-b", "64", "-e", "floating-point"]],
  ])("reads %s written by sox", (name, args) => {
    const wav = parseWav(soxSine(name, args as string[]));
    expect(wav.sampleRate).toBe(22050);
    expect(wav.channels).toBe(1);
    expectSine(wav.samples, 22050, 1);
  });

  it("reads stereo (sox writes WAVE_FORMAT_EXTENSIBLE for it at 24 bits) and downmixes", () => {
    const wav = parseWav(soxSine("stereo.wav", ["-b", "24"], 44100, 2));
    expect(wav.channels).toBe(2);
    expectSine(wav.samples, 44100, 2);
    const mono = downmixToMono(wav.samples, 2);
    expect(mono.length).toBe(wav.samples.length / 2);
    expect(mono[100]).toBe(Math.round((wav.samples[200]! + wav.samples[201]!) / 2));
  });

  it("round-trips its own encoder, and sox agrees on the header", () => {
    const s = new Int16Array([0, 1, -1, 32767, -32768, 1234, -4321]);
    const bytes = encodeWav(s, 16000, 1);
    const back = parseWav(bytes);
    expect(back).toEqual({ samples: s, sampleRate: 16000, channels: 1 });
    const file = join(dir, "ours.wav");
    writeFileSync(file, bytes);
    const info = execFileSync("/usr/bin/soxi", [file]).toString();
    expect(info).toMatch(/Sample Rate\s*:\s*16000/);
    expect(info).toMatch(/Channels\s*:\s*1/);
    expect(info).toMatch(/16-bit Signed Integer PCM/);
    expect(info).toMatch(/7 samples/);
  });

  it("tolerates a data size left at 0xFFFFFFFF by a streaming writer, and odd chunk padding", () => {
    const s = new Int16Array([10, 20, 30]);
    const bytes = encodeWav(s, 8000);
    new DataView(bytes.buffer).setUint32(40, 0xffffffff, true);
    expect(parseWav(bytes).samples).toEqual(s);
    // Insert an odd-sized "LIST" chunk (3 bytes + 1 pad) between fmt and data.
    const list = new Uint8Array([0x4c, 0x49, 0x53, 0x54, 3, 0, 0, 0, 1, 2, 3, 0]);
    const withList = new Uint8Array(bytes.length + list.length);
    withList.set(bytes.subarray(0, 36), 0);
    withList.set(list, 36);
    withList.set(bytes.subarray(36), 36 + list.length);
    expect(parseWav(withList).samples).toEqual(s);
  });

  it.each<[string, Uint8Array, string]>([
    ["empty input", new Uint8Array(0), "not-riff"],
    ["an MP3-like file", new TextEncoder().encode("ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"), "not-riff"],
    ["RIFF but AVI", new TextEncoder().encode("RIFF\u0004\u0000\u0000\u0000AVI "), "not-wave"],
    ["no fmt chunk", new TextEncoder().encode("RIFF\u0004\u0000\u0000\u0000WAVEdata\u0000\u0000\u0000\u0000"), "missing-fmt"],
  ])("rejects %s with a WavError", (_name, bytes, code) => {
    let err: unknown;
    try {
      parseWav(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WavError);
    expect((err as WavError).code).toBe(code);
  });

  it("rejects μ-law and truncated or empty-format files with a message that says what to do", () => {
    const ulaw = soxSine("ulaw.wav", ["-e", "mu-law"], 8000);
    expect(() => parseWav(ulaw)).toThrow(/not supported; convert it to 16-bit PCM/);
    const noData = encodeWav(new Int16Array(0), 8000).subarray(0, 36);
    expect(() => parseWav(noData)).toThrow(/no "data" chunk/);
    const zeroRate = encodeWav(new Int16Array(4), 8000);
    new DataView(zeroRate.buffer).setUint32(24, 0, true);
    expect(() => parseWav(zeroRate)).toThrow(/sample rate 0 Hz/);
  });
});
