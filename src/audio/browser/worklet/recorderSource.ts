/**
 * The recorder AudioWorklet processor, as JavaScript source text (see `dspSource.ts` for why a
 * string). It runs at the AudioContext's rate (the mic's, in practice), resamples with
 * anti-aliasing to the recorder rate, converts to PCM16 and posts fixed-duration chunks to the
 * main thread as transferred buffers. It also posts the input RMS level at a steady interval.
 *
 * Messages: see `messages.ts` (`RecorderCommand` in, `RecorderEvent` out).
 */
export const RECORDER_PROCESSOR_NAME = "pwt-recorder";

export const RECORDER_SOURCE = /* js */ `
class PwtRecorderProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = options.processorOptions;
    this.resampler = new PwtResampler(Math.round(sampleRate), o.targetRate);
    this.out = new Float32Array(this.resampler.maxOutput(128));
    this.silence = new Float32Array(128);
    this.chunkSamples = o.chunkSamples;
    this.chunk = new Int16Array(this.chunkSamples);
    this.fill = 0;
    this.enabled = o.enabled;
    this.levelFrames = o.levelFrames;
    this.levelSum = 0;
    this.levelCount = 0;
    this.levelDue = o.levelFrames;
    this.alive = true;
    this.port.onmessage = (e) => {
      const m = e.data;
      if (m.type === "enable") {
        if (m.enabled && !this.enabled) this.resampler.reset();
        this.enabled = m.enabled;
        this.fill = 0;
      } else if (m.type === "stop") {
        this.alive = false;
        this.port.onmessage = null;
      }
    };
  }

  process(inputs) {
    if (!this.alive) return false;
    const input = inputs[0];
    // No channel while no source is connected (no mic granted): levels read 0, no chunk is sent.
    const connected = input !== undefined && input.length > 0;
    const ch = connected ? input[0] : this.silence;
    const n = ch.length;
    let sum = this.levelSum;
    for (let i = 0; i < n; i++) sum += ch[i] * ch[i];
    this.levelSum = sum;
    this.levelCount += n;
    this.levelDue -= n;
    if (this.levelDue <= 0) {
      // levelDue carries the remainder, so reports keep a steady average rate.
      this.port.postMessage({ type: "level", level: Math.min(1, Math.sqrt(this.levelSum / this.levelCount)) });
      this.levelSum = 0;
      this.levelCount = 0;
      this.levelDue += this.levelFrames;
    }
    if (!this.enabled || !connected) return true;
    const out = this.out;
    const m = this.resampler.process(ch, n, out);
    for (let i = 0; i < m; i++) {
      let s = out[i];
      s = s >= 1 ? 32767 : s <= -1 ? -32768 : Math.round(s * 32767);
      this.chunk[this.fill++] = s;
      if (this.fill === this.chunkSamples) {
        const buf = this.chunk.buffer;
        this.port.postMessage({ type: "chunk", pcm: buf }, [buf]);
        this.chunk = new Int16Array(this.chunkSamples);
        this.fill = 0;
      }
    }
    return true;
  }
}
registerProcessor("${RECORDER_PROCESSOR_NAME}", PwtRecorderProcessor);
`;
