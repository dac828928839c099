// @ts-check
/**
 * WAV files as clips a virtual user can speak: read, mixed down to mono, resampled to the
 * recorder rate and cut into 20 ms chunks once per worker, then shared by every VU (50 VUs
 * speaking the same file cost one decode). Paths are relative to the scenario file, as
 * Artillery's own payload files are.
 */
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { downmixToMono, parseWav, resamplePcm16 } from "pipecat-ws-transport/node";
import { StepError } from "./errors.js";

/** @typedef {import("./MicClock.js").Clip} Clip */

/** Loads and caches clips for one scenario file. */
export class ClipLibrary {
  /**
   * @param {{ baseDir: string, sampleRate: number, chunkMs: number }} options
   *   baseDir: where relative paths start (the scenario file's folder); sampleRate: recorder rate, Hz
   */
  constructor(options) {
    this.baseDir = options.baseDir;
    this.sampleRate = options.sampleRate;
    this.chunkMs = options.chunkMs;
    /** Samples per mic chunk at the recorder rate: clips and the silence between them share it. */
    this.chunkSamples = Math.round((options.sampleRate * options.chunkMs) / 1000);
    /** @type {Map<string, Promise<Clip>>} */
    this.cache = new Map();
  }

  /** @param {string} path */
  resolvePath(path) {
    return isAbsolute(path) ? path : resolve(this.baseDir, path);
  }

  /**
   * The clip for a WAV path. Rejects with an `invalid_scenario` StepError that names the file.
   * @param {string} path
   * @returns {Promise<Clip>}
   */
  get(path) {
    const full = this.resolvePath(path);
    let clip = this.cache.get(full);
    if (!clip) {
      clip = this.load(path, full);
      this.cache.set(full, clip);
    }
    return clip;
  }

  /**
   * @private
   * @param {string} shown the path as the scenario wrote it
   * @param {string} full
   * @returns {Promise<Clip>}
   */
  async load(shown, full) {
    let bytes;
    try {
      bytes = await readFile(full);
    } catch (e) {
      const code = /** @type {NodeJS.ErrnoException} */ (e).code;
      throw new StepError("invalid_scenario", `cannot read audio file ${shown} (${code === "ENOENT" ? `no such file: ${full}` : String(e)})`);
    }
    let wav;
    try {
      wav = parseWav(bytes);
    } catch (e) {
      throw new StepError("invalid_scenario", `audio file ${shown} is not a usable WAV: ${/** @type {Error} */ (e).message}`);
    }
    const mono = resamplePcm16(downmixToMono(wav.samples, wav.channels), wav.sampleRate, this.sampleRate);
    const per = this.chunkSamples;
    /** @type {ArrayBuffer[]} */
    const chunks = [];
    for (let i = 0; i < mono.length; i += per) {
      const chunk = new Int16Array(per); // the last chunk is zero-padded to a full chunk
      chunk.set(mono.subarray(i, Math.min(mono.length, i + per)));
      chunks.push(chunk.buffer);
    }
    if (chunks.length === 0) throw new StepError("invalid_scenario", `audio file ${shown} has no samples`);
    return { name: shown, chunks, durationMs: chunks.length * this.chunkMs };
  }
}
