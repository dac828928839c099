// @ts-check
/**
 * One 20 ms clock per Artillery worker that drives every virtual user's microphone. A real
 * caller's mic never stops: it streams silence between turns, and a bot's VAD needs that silence
 * to notice that the user stopped. So each connected VU sends one chunk per tick — silence, or the
 * next chunk of the WAV it is speaking. One timer for all VUs (not one per VU) keeps the cost per
 * VU to the send itself; the clock catches up after a stalled event loop (like a mic buffer) and
 * records how late it ran, which is how the load generator tells it is falling behind.
 */
import { performance } from "node:perf_hooks";
import { clearTimeout, setTimeout } from "node:timers";

/**
 * A member of the clock: sends one chunk per tick.
 * @typedef {{ tick(now: number): void }} ClockMember
 */

export class MicClock {
  /** @param {{ chunkMs?: number, now?: () => number }} [options] chunkMs: tick period in ms (default 20) */
  constructor(options = {}) {
    this.chunkMs = options.chunkMs ?? 20;
    this.now = options.now ?? (() => performance.now());
    /** @type {Set<ClockMember>} */
    this.members = new Set();
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    this.t0 = 0;
    this.ticks = 0;
    /** Worst lateness of a tick since the last `takeWorstLag()`, ms. */
    this.worstLagMs = 0;
    /** Chunks (one per member per tick) sent more than one chunk late, since the last `takeLateChunks()`. */
    this.lateChunks = 0;
    this.onTick = this.onTick.bind(this);
  }

  /** @param {ClockMember} member starts receiving ticks at the next tick */
  add(member) {
    this.members.add(member);
    if (!this.timer) {
      this.t0 = this.now();
      this.ticks = 0;
      this.timer = setTimeout(this.onTick, this.chunkMs);
    }
  }

  /** @param {ClockMember} member */
  remove(member) {
    this.members.delete(member);
    if (this.members.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** The worst tick lateness (ms) since the last call, and resets it. */
  takeWorstLag() {
    const worst = this.worstLagMs;
    this.worstLagMs = 0;
    return worst;
  }

  /** Chunks sent more than one chunk period late since the last call, and resets the count. */
  takeLateChunks() {
    const late = this.lateChunks;
    this.lateChunks = 0;
    return late;
  }

  /** @private */
  onTick() {
    this.timer = undefined;
    const now = this.now();
    // Tick k is due at t0 + (k + 1) * chunkMs; send every tick that is due (catch up after a stall).
    const due = Math.floor((now - this.t0) / this.chunkMs);
    if (this.ticks < due) this.worstLagMs = Math.max(this.worstLagMs, now - (this.t0 + (this.ticks + 1) * this.chunkMs));
    for (; this.ticks < due; this.ticks++) {
      if (now - (this.t0 + (this.ticks + 1) * this.chunkMs) > this.chunkMs) this.lateChunks += this.members.size;
      for (const member of this.members) member.tick(now);
    }
    if (this.members.size === 0) return;
    this.timer = setTimeout(this.onTick, Math.max(1, this.t0 + (this.ticks + 1) * this.chunkMs - this.now()));
  }
}

/**
 * A clip ready to stream: PCM16 mono chunks of `chunkMs` at the recorder rate (immutable,
 * shared by every VU that speaks it).
 * @typedef {{ name: string, chunks: ReadonlyArray<ArrayBuffer>, durationMs: number }} Clip
 */

/**
 * What happened when a clip was spoken: the send times of its first and last chunk.
 * @typedef {{ startedAt: number, endedAt: number }} Utterance
 */

/** One VU's microphone: silence, or a clip, one chunk per clock tick. */
export class Mic {
  /**
   * @param {(chunk: ArrayBuffer) => void} send hands a chunk to the transport
   * @param {{ chunkSamples: number, chunkMs: number }} format
   * @param {{ speechStarted(at: number): void, speechEnded(at: number): void }} listener
   */
  constructor(send, format, listener) {
    this.send = send;
    this.listener = listener;
    this.chunkMs = format.chunkMs;
    this.silence = new ArrayBuffer(format.chunkSamples * 2);
    /** @type {{ clip: Clip, next: number, startedAt: number, resolve: (u: Utterance | null) => void } | null} */
    this.playing = null;
    /** ms of audio sent (speech and silence). */
    this.sentMs = 0;
  }

  /** True while a clip is being spoken. */
  get speaking() {
    return this.playing !== null;
  }

  /**
   * Speaks `clip` from the next tick on; resolves when its last chunk was sent (null if stopped first).
   * @param {Clip} clip
   * @returns {Promise<Utterance | null>}
   */
  play(clip) {
    this.stopClip();
    return new Promise((resolve) => {
      this.playing = { clip, next: 0, startedAt: 0, resolve };
    });
  }

  /** Ends the clip being spoken, if any (the mic goes back to silence). */
  stopClip() {
    const p = this.playing;
    this.playing = null;
    p?.resolve(null);
  }

  /** @param {number} now */
  tick(now) {
    const p = this.playing;
    this.sentMs += this.chunkMs;
    if (!p) {
      this.send(this.silence);
      return;
    }
    if (p.next === 0) {
      p.startedAt = now;
      this.listener.speechStarted(now);
    }
    this.send(/** @type {ArrayBuffer} */ (p.clip.chunks[p.next++]));
    if (p.next >= p.clip.chunks.length) {
      this.playing = null;
      this.listener.speechEnded(now);
      p.resolve({ startedAt: p.startedAt, endedAt: now });
    }
  }
}
