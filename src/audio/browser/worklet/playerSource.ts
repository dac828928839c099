/**
 * The player AudioWorklet processor, written as a function whose source text is the worklet
 * code (see `scope.ts`; shipped minified, see `loadWorklets.ts`). A bounded Float32 ring buffer at
 * the AudioContext's rate: PCM16 frames arrive as transferred buffers at any rate and channel count,
 * are downmixed and resampled here (off the main thread), and are played out one render quantum
 * at a time, as an adaptive jitter buffer (the policy is `jitterSource.ts`):
 *
 * - A new stream plays at once. If it runs dry while more of it keeps coming (an underrun), the
 *   last samples fade out, the underrun is counted, and it restarts, fading in, once it has
 *   the target lead (measured jitter plus two render quanta).
 * - Excess lead on a stream that arrives at its playing rate is shed: near-silent stretches are
 *   skipped (inaudible), and in sound the stream plays 2 % faster (cubic interpolation, in
 *   episodes that end on a whole sample). Audio a server sends ahead of real time is not shed.
 *   A stream short of its target lead (it began at once) gets it the same ways: a pause is
 *   lengthened, or sound plays 2 % slower.
 * - `clear` (barge-in): everything buffered is dropped except a fade of at most one render
 *   quantum, so the output is silent from the next quantum on.
 * - Status (buffered frames, lead, RMS level of what was played, counters) is posted at a
 *   steady interval; the main thread extrapolates `bufferedMs()` between two posts.
 *
 * Messages: see `messages.ts` (`PlayerCommand` in, `PlayerStatus` out).
 */
import { PLAYER_PROCESSOR_NAME, type PlayerCommand, type PlayerProcessorOptions, type PlayerStatus } from "./messages.js";
import type { JitterEstimator, JitterEstimatorClass, ProcessorBase, RegisterProcessor, WorkletResampler, WorkletResamplerClass } from "./scope.js";

type AudioCommand = Extract<PlayerCommand, { type: "audio" }>;

/** Registers the player processor as `name`. Runs in the worklet (see `scope.ts`). */
function definePlayer(
  AudioWorkletProcessor: ProcessorBase,
  registerProcessor: RegisterProcessor,
  sampleRate: number,
  Resampler: WorkletResamplerClass,
  Estimator: JitterEstimatorClass,
  name: string,
): void {
  /** Playback states: nothing to play; ran dry mid-stream, waiting for the target lead; playing. */
  const IDLE = 0,
    WAITING = 1,
    PLAYING = 2;
  /** Shedding in sound: play this much faster; building the target lead: this much slower. */
  const RATE_CHANGE = 0.02;
  /** Most frames one rate-change episode sheds or adds (it then ends on a whole sample). */
  const EPISODE_FRAMES = 128;
  /** Lead below target by this many frames starts a slow-down episode. */
  const MIN_DEFICIT = 64;
  /** Shedding in silence: blocks of this many frames whose peak is below SILENT are skipped. */
  const SKIP_BLOCK = 32;
  const SILENT = 0.001;
  /** Most silence skipped per render quantum, in frames. */
  const MAX_SKIP = 128;
  /** After skipping or adding silence, sound keeps its rate for this long (s): pauses do the work. */
  const PAUSE_S = 1;

  class PwtPlayerProcessor extends AudioWorkletProcessor {
    declare readonly rate: number;
    declare readonly ring: Float32Array;
    declare read: number;
    declare count: number;
    declare readonly fadeFrames: number;
    declare fadeIn: number;
    declare tailLeft: number;
    declare tailLen: number;
    declare state: number;
    /** The stream ran dry while playing (so its next frame, if it continues, is an underrun). */
    declare dry: boolean;
    declare readonly jitter: JitterEstimator;
    /** Frames rendered so far: the context frame of the next quantum. */
    declare frame: number;
    /** The last sample consumed from the ring (the interpolation's left neighbour). */
    declare prev: number;
    /** Rate-change episode: outputs left, frames it sheds (negative: adds) over epLen outputs, the running fraction. */
    declare epLeft: number;
    declare epLen: number;
    declare epShed: number;
    declare epAcc: number;
    /** Frame of the last silence skipped or added (sound keeps its rate soon after). */
    declare lastSkip: number;
    declare resampler: WorkletResampler | null;
    declare mono: Float32Array;
    declare resampled: Float32Array;
    declare readonly levelFrames: number;
    declare levelSum: number;
    declare levelCount: number;
    declare levelDue: number;
    declare epoch: number;
    declare receivedMs: number;
    declare underruns: number;
    declare shedFrames: number;
    declare droppedFrames: number;
    declare alive: boolean;

    constructor(options: { processorOptions: PlayerProcessorOptions }) {
      super();
      const o = options.processorOptions;
      this.rate = Math.round(sampleRate);
      this.ring = new Float32Array(o.capacityFrames);
      this.read = 0;
      this.count = 0;
      this.fadeFrames = Math.max(1, o.fadeFrames);
      this.fadeIn = 0;
      this.tailLeft = 0;
      this.tailLen = 0;
      this.state = IDLE;
      this.dry = false;
      this.jitter = new Estimator(this.rate);
      this.frame = 0;
      this.prev = 0;
      this.epLeft = 0;
      this.epLen = 1;
      this.epShed = 0;
      this.epAcc = 0;
      this.lastSkip = -Infinity;
      this.resampler = null;
      this.mono = new Float32Array(2048);
      this.resampled = new Float32Array(4096);
      this.levelFrames = o.levelFrames;
      this.levelSum = 0;
      this.levelCount = 0;
      this.levelDue = o.levelFrames;
      this.epoch = 0;
      this.receivedMs = 0;
      this.underruns = 0;
      this.shedFrames = 0;
      this.droppedFrames = 0;
      this.alive = true;
      this.port.onmessage = (e) => this.onCommand(e.data as PlayerCommand);
    }

    onCommand(m: PlayerCommand): void {
      if (m.type === "audio") this.enqueue(m);
      else if (m.type === "clear") this.clear(m.epoch);
      else if (m.type === "stop") {
        this.alive = false;
        this.port.onmessage = null;
      }
    }

    enqueue(m: AudioCommand): void {
      const channels = m.channels;
      const frames = Math.floor(m.samples / channels);
      this.receivedMs += (frames * 1000) / m.sampleRate;
      if (frames === 0) return;
      // Received messages put samples at any byte offset; an odd one is copied here, on the
      // audio thread, so the main thread never copies samples.
      const pcm =
        m.byteOffset % 2 === 0
          ? new Int16Array(m.pcm, m.byteOffset, frames * channels)
          : new Int16Array(m.pcm.slice(m.byteOffset, m.byteOffset + frames * channels * 2));
      if (this.mono.length < frames) this.mono = new Float32Array(frames * 2);
      const mono = this.mono;
      if (channels === 1) {
        for (let i = 0; i < frames; i++) mono[i] = pcm[i] / 32768;
      } else {
        const k = 1 / (32768 * channels);
        for (let i = 0, j = 0; i < frames; i++) {
          let s = 0;
          for (let c = 0; c < channels; c++) s += pcm[j++];
          mono[i] = s * k;
        }
      }
      // The frame's own rate wins; a new rate gets a fresh resampler.
      if (!this.resampler || this.resampler.fromRate !== m.sampleRate) this.resampler = new Resampler(m.sampleRate, this.rate, "low-latency");
      const need = this.resampler.maxOutput(frames);
      if (this.resampled.length < need) this.resampled = new Float32Array(need * 2);
      const n = this.resampler.process(mono, frames, this.resampled);
      const cap = this.ring.length;
      const room = cap - this.count;
      const take = Math.min(n, room);
      this.droppedFrames += n - take;
      let w = (this.read + this.count) % cap;
      for (let i = 0; i < take; i++) {
        this.ring[w] = this.resampled[i];
        if (++w === cap) w = 0;
      }
      this.count += take;
      if (take === 0) return;
      const fresh = this.jitter.arrive(this.frame, take);
      if (fresh) {
        // A new stream plays at once (a reply is not delayed).
        this.dry = false;
        if (this.state !== PLAYING) this.begin();
      } else if (this.state === IDLE) {
        // More of a stream that ran dry: an underrun; it restarts with its target lead.
        if (this.dry) this.underruns++;
        this.dry = false;
        this.state = WAITING;
      }
    }

    begin(): void {
      this.state = PLAYING;
      this.fadeIn = 0;
      this.epLeft = 0;
      this.epAcc = 0;
    }

    clear(epoch: number): void {
      this.epoch = epoch;
      // Keep at most one fade's worth (less than a render quantum) and ramp it down.
      const keep = Math.min(this.count, this.fadeFrames, 128);
      this.count = keep;
      this.tailLeft = keep;
      this.tailLen = keep;
      this.state = IDLE;
      this.dry = false;
      this.epLeft = 0;
      this.epAcc = 0;
      this.jitter.reset();
      if (this.resampler) this.resampler.reset();
    }

    /** Consumes one sample from the ring. */
    take(): number {
      const s = this.ring[this.read];
      if (++this.read === this.ring.length) this.read = 0;
      this.count--;
      this.prev = s;
      return s;
    }

    /** Skips near-silent blocks, at most `max` frames, keeping `keep` frames for this quantum. */
    skipSilence(max: number, keep: number): number {
      let skipped = 0;
      while (skipped + SKIP_BLOCK <= max && this.count - SKIP_BLOCK >= keep && Math.abs(this.prev) < SILENT && this.silentAhead()) {
        for (let j = 0; j < SKIP_BLOCK; j++) this.take();
        skipped += SKIP_BLOCK;
      }
      return skipped;
    }

    /** Starts a rate-change episode that sheds `frames` (negative: adds them) at 2 % speed change. */
    episode(frames: number): void {
      this.epShed = frames;
      this.epLen = Math.ceil(Math.abs(frames) / RATE_CHANGE);
      this.epLeft = this.epLen;
      this.epAcc = 0;
      if (frames > 0) this.shedFrames += frames;
    }

    /** Whether the next block is near-silent (shed it by skipping instead). */
    silentAhead(): boolean {
      const ring = this.ring,
        cap = ring.length;
      for (let j = 0, r = this.read; j < SKIP_BLOCK; j++) {
        if (Math.abs(ring[r]) >= SILENT) return false;
        if (++r === cap) r = 0;
      }
      return true;
    }

    /** Plays the stream into out[i..N); returns the index after the last sample written. */
    playStream(out: Float32Array, i: number, N: number): number {
      const want = N - i,
        fade = this.fadeFrames;
      const excess = this.jitter.excess(this.frame, this.count);
      // Short of the target lead (a stream that began at once, or more jitter than it had): get
      // there before an underrun does, by lengthening a pause or playing a little slower.
      const deficit = excess > 0 || !this.jitter.arriving(this.frame) ? 0 : this.jitter.target() - this.jitter.lead(this.frame, this.count);
      let paused = 0;
      if (this.epLeft === 0 && excess >= SKIP_BLOCK) {
        paused = this.skipSilence(Math.min(excess, MAX_SKIP), want + 3);
        this.shedFrames += paused;
      } else if (this.epLeft === 0 && deficit >= SKIP_BLOCK && Math.abs(this.prev) < SILENT && this.silentAhead()) {
        // Silence now: add some (the stream's own silence goes on after it).
        paused = Math.min(want, MAX_SKIP, Math.floor(deficit / SKIP_BLOCK) * SKIP_BLOCK);
        for (let j = 0; j < paused; j++) out[i++] = 0;
        if (i === N) {
          this.lastSkip = this.frame;
          return N;
        }
      }
      if (paused > 0) this.lastSkip = this.frame;
      // Change the rate only in sound with no pause to use for a while: speech with pauses only
      // has its pauses shortened or lengthened.
      const pauses = this.frame - this.lastSkip < this.rate * PAUSE_S;
      if (this.epLeft === 0 && this.count >= 2 * want + 3 && !pauses && !this.silentAhead()) {
        if (excess >= 128) this.episode(Math.min(EPISODE_FRAMES, Math.floor(excess)));
        else if (deficit >= MIN_DEFICIT) this.episode(-Math.min(EPISODE_FRAMES, Math.floor(deficit)));
      }
      // Too little left to speed up safely: end the episode (a sub-sample step, only when the lead collapses).
      if (this.epLeft > 0 && this.count < 2 * want + 3) {
        this.epLeft = 0;
        this.epAcc = 0;
      }
      if (this.epLeft > 0) {
        const ring = this.ring,
          cap = ring.length,
          step = this.epLen + this.epShed;
        while (i < N && this.epLeft > 0) {
          // Catmull-Rom between the last consumed sample and the next three, at fraction t.
          const t = this.epAcc / this.epLen;
          const p0 = this.prev,
            p1 = ring[this.read],
            p2 = ring[(this.read + 1) % cap],
            p3 = ring[(this.read + 2) % cap];
          const c1 = 0.5 * (p2 - p0),
            c2 = p0 - 2.5 * p1 + 2 * p2 - 0.5 * p3,
            c3 = 0.5 * (p3 - p0) + 1.5 * (p1 - p2);
          let s = ((c3 * t + c2) * t + c1) * t + p1;
          // Advance by (epLen + epShed) / epLen samples: a little more or less than one.
          this.epAcc += step;
          while (this.epAcc >= this.epLen) {
            this.epAcc -= this.epLen;
            this.take();
          }
          this.epLeft--;
          if (this.fadeIn < fade) s *= this.fadeIn++ / fade;
          out[i++] = s;
        }
        if (i === N) return N;
      }
      // Dry at the very start of a quantum (the last one ended the buffer exactly): ramp the last
      // sample down instead of stepping to silence.
      if (this.count === 0) {
        const p = this.prev;
        for (let j = 0; j < fade && i < N; j++) out[i++] = p * (1 - (j + 1) / (fade + 1));
        this.prev = 0;
        this.state = IDLE;
        this.dry = true;
        return i;
      }
      // Normal playback; when the buffer runs dry within this quantum, fade out what is left.
      const rest = N - i;
      const k = Math.min(this.count, rest);
      const fadeOutFrom = this.count < rest ? k - Math.min(k, fade) : k;
      const fadeOutLen = k - fadeOutFrom;
      for (let j = 0; j < k; j++) {
        let s = this.take();
        if (this.fadeIn < fade) s *= this.fadeIn++ / fade;
        if (j >= fadeOutFrom) s *= (k - j) / (fadeOutLen + 1);
        out[i++] = s;
      }
      if (k < rest) {
        this.state = IDLE;
        this.dry = true;
      }
      return i;
    }

    process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
      if (!this.alive) return false;
      const out = outputs[0][0];
      const N = out.length;
      let i = 0;
      // 1. The fade-out left by a clear.
      while (i < N && this.tailLeft > 0) {
        out[i++] = this.take() * (this.tailLeft / (this.tailLen + 1));
        this.tailLeft--;
      }
      // 2. A stream that ran dry restarts once it has its target lead; then plays.
      if (this.state === WAITING && this.count > 0 && this.frame >= this.jitter.startAt()) this.begin();
      if (this.state === PLAYING && i < N) i = this.playStream(out, i, N);
      for (; i < N; i++) out[i] = 0;
      this.frame += N;
      // 3. Level of what was played, and status, at a steady interval.
      let sum = this.levelSum;
      for (let j = 0; j < N; j++) sum += out[j] * out[j];
      this.levelSum = sum;
      this.levelCount += N;
      this.levelDue -= N;
      if (this.levelDue <= 0) {
        this.levelDue += this.levelFrames;
        const status: PlayerStatus = {
          type: "status",
          epoch: this.epoch,
          bufferedFrames: this.count,
          leadFrames: this.state === PLAYING ? this.jitter.lead(this.frame, this.count) : this.count,
          targetFrames: this.jitter.target(),
          receivedMs: this.receivedMs,
          level: Math.min(1, Math.sqrt(this.levelSum / this.levelCount)),
          underruns: this.underruns,
          shedFrames: this.shedFrames,
          droppedFrames: this.droppedFrames,
        };
        this.port.postMessage(status);
        this.levelSum = 0;
        this.levelCount = 0;
      }
      return true;
    }
  }
  registerProcessor(name, PwtPlayerProcessor);
}

/** Worklet code (unminified): registers the player (needs `RESAMPLER_CODE` and `JITTER_CODE` before it). */
export const PLAYER_CODE = `(${definePlayer})(AudioWorkletProcessor, registerProcessor, sampleRate, PwtResampler, PwtJitterEstimator, "${PLAYER_PROCESSOR_NAME}");\n`;
