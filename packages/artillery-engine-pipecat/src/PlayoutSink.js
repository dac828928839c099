// @ts-check
/**
 * Where a virtual user's bot audio goes: an `AudioSink` that plays nothing but keeps the clock a
 * speaker would. Bot audio arrives ahead of real time, queues, and is "audible" until the queue
 * would have played out; an interruption (`flush`) silences it at once, as the transport asks a
 * real player to. So "the bot stopped" means what a listener would have heard, not when the last
 * packet came — which is what interruption latency and the end of a bot turn are measured on.
 * It reads the frame's byte length only, so it never makes the frame copy its samples.
 */
import { performance } from "node:perf_hooks";

/** @typedef {import("pipecat-ws-transport/node").AudioFrame} AudioFrame */

/**
 * @typedef {object} PlayoutListener
 * @property {(at: number, durationMs: number) => void} botAudio a frame arrived
 * @property {(at: number) => void} interrupted the transport flushed the queue (InterruptionFrame)
 */

/** An `AudioSink` (pipecat-ws-transport) that models playout. */
export class PlayoutSink {
  /**
   * @param {PlayoutListener} listener
   * @param {() => number} [now] clock in ms (default `performance.now`)
   */
  constructor(listener, now = () => performance.now()) {
    this.listener = listener;
    this.now = now;
    /** Time until which bot audio is audible (ms, on `now`'s clock); in the past when silent. */
    this.audibleUntil = -Infinity;
    /** ms of bot audio received. */
    this.receivedMs = 0;
    /** ms of bot audio dropped by interruptions before it played. */
    this.droppedMs = 0;
  }

  /** @param {AudioFrame} frame */
  write(frame) {
    const bytes = frame.pcm ? frame.pcm.byteLength : frame.audio.byteLength;
    const ms = (bytes / 2 / Math.max(1, frame.numChannels) / frame.sampleRate) * 1000;
    if (!(ms > 0)) return;
    const now = this.now();
    this.audibleUntil = Math.max(now, this.audibleUntil) + ms;
    this.receivedMs += ms;
    this.listener.botAudio(now, ms);
  }

  flush() {
    const now = this.now();
    if (this.audibleUntil > now) this.droppedMs += this.audibleUntil - now;
    this.audibleUntil = Math.min(this.audibleUntil, now);
    this.listener.interrupted(now);
  }

  bufferedMs() {
    return Math.max(0, this.audibleUntil - this.now());
  }

  /** @param {number} now */
  audibleAt(now) {
    return this.audibleUntil > now;
  }
}
