/**
 * Test helpers for the dev server and the CLI: speech-like synthetic audio, a bare protobuf
 * WebSocket client that records everything it receives, and correlation of two signals.
 */
import { fft } from "../support/fft.js";
import WebSocket from "ws";
import { ProtobufFrameSerializer } from "../../src/serializers/ProtobufFrameSerializer.js";
import type { InboundFrame } from "../../src/serializers/WebSocketSerializer.js";

/**
 * A voiced "utterance": syllables of a harmonic tone (pitch contour, formant-like weights,
 * raised-cosine envelope) with short gaps — energy and spectrum like speech, deterministic.
 */
export function syntheticSpeech(rate: number, seconds: number, seed = 1, level = 0.3): Int16Array {
  const out = new Int16Array(Math.round(rate * seconds));
  let s = seed >>> 0 || 1;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  let i = 0;
  while (i < out.length) {
    const syl = Math.round(rate * (0.12 + 0.12 * rand()));
    const gap = Math.round(rate * (0.03 + 0.05 * rand()));
    const f0a = 110 + 110 * rand();
    const f0b = f0a * (0.8 + 0.4 * rand());
    const formant = 500 + 1500 * rand();
    let phase = 0;
    for (let n = 0; n < syl && i < out.length; n++, i++) {
      const t = n / syl;
      const f0 = f0a + (f0b - f0a) * t;
      phase += (2 * Math.PI * f0) / rate;
      let v = 0;
      for (let h = 1; h <= 12; h++) {
        const f = h * f0;
        if (f > rate / 2.5) break;
        v += Math.sin(h * phase) / (1 + ((f - formant) / 400) ** 2) / h ** 0.5;
      }
      const env = 0.5 - 0.5 * Math.cos(2 * Math.PI * t);
      out[i] = Math.max(-32768, Math.min(32767, Math.round(level * 12000 * env * v)));
    }
    i += gap;
  }
  return out;
}

/** Silence of `seconds` at `rate`. */
export function silence(rate: number, seconds: number): Int16Array {
  return new Int16Array(Math.round(rate * seconds));
}

/** Concatenates PCM16 arrays. */
export function concatPcm(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A received frame with its arrival time (ms since the client was created). */
export interface Received {
  at: number;
  frame: InboundFrame;
}

/** A raw protobuf client: sends what it is told, records every frame it receives. */
export class RawClient {
  readonly received: Received[] = [];
  readonly serializer = new ProtobufFrameSerializer();
  closed: { code: number; reason: string } | null = null;
  private readonly t0 = performance.now();
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      const frame = isBinary ? this.serializer.decode(new Uint8Array(data)) : this.serializer.decode(data.toString());
      this.received.push({ at: performance.now() - this.t0, frame });
      this.wake();
    });
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  /** Opens a socket; rejects with the HTTP status on a refused handshake. */
  static open(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const client = new RawClient(ws);
      ws.once("open", () => resolve(client));
      ws.once("unexpected-response", (_req, res) => {
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
        ws.terminate();
      });
      ws.once("error", (e) => reject(e));
    });
  }

  sendRtvi(type: string, data: unknown = {}, id = `c-${Math.random().toString(36).slice(2)}`): void {
    this.ws.send(this.serializer.serializeMessage({ label: "rtvi-ai", type, id, data } as never));
  }

  /** Streams PCM16 mono in 20 ms chunks, `speed` times faster than real time. */
  async streamAudio(pcm: Int16Array, rate: number, speed = 1): Promise<void> {
    const chunk = rate / 50;
    const start = performance.now();
    for (let k = 0; k * chunk < pcm.length; k++) {
      const due = start + (k * 20) / speed;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      if (this.ws.readyState !== WebSocket.OPEN) return;
      this.ws.send(this.serializer.serializeAudio(pcm.subarray(k * chunk, (k + 1) * chunk), rate, 1));
    }
  }

  /** RTVI message types received so far, in order. */
  rtviTypes(): string[] {
    return this.received.flatMap((r) => (r.frame.type === "message" ? [String(r.frame.message.type)] : []));
  }

  /** Resolves when `predicate` holds (checked on every frame and close), or rejects after `ms`. */
  waitFor(predicate: () => boolean, ms = 10_000, what = "condition"): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; got ${this.rtviTypes().join(",")}`));
      }, ms);
      this.waiters.add(check);
    });
  }

  waitForRtvi(type: string, count = 1, ms = 10_000): Promise<void> {
    return this.waitFor(() => this.rtviTypes().filter((t) => t === type).length >= count, ms, `${count}× ${type}`);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once("close", () => resolve());
      this.ws.close();
      setTimeout(() => this.ws.terminate(), 1000).unref();
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/**
 * Peak normalized cross-correlation of `a` (the shorter, the reference) within `b`, over all
 * lags where `a` lies inside `b`. Computed with an FFT. Returns the peak and its lag.
 */
export function peakCorrelation(a: Int16Array, b: Int16Array): { correlation: number; lag: number } {
  if (a.length === 0 || b.length < a.length) return { correlation: 0, lag: 0 };
  let n = 1;
  while (n < a.length + b.length) n <<= 1;
  const ar = new Float64Array(n);
  const ai = new Float64Array(n);
  const br = new Float64Array(n);
  const bi = new Float64Array(n);
  for (let i = 0; i < a.length; i++) ar[i] = a[i]!;
  for (let i = 0; i < b.length; i++) br[i] = b[i]!;
  fft(ar, ai, false);
  fft(br, bi, false);
  // B · conj(A) → cross-correlation at lag k = sum a[i] b[i+k].
  for (let i = 0; i < n; i++) {
    const re = br[i]! * ar[i]! + bi[i]! * ai[i]!;
    const im = bi[i]! * ar[i]! - br[i]! * ai[i]!;
    br[i] = re;
    bi[i] = im;
  }
  fft(br, bi, true);
  let energyA = 0;
  for (let i = 0; i < a.length; i++) energyA += a[i]! * a[i]!;
  // Sliding energy of b over windows of a.length.
  let energyB = 0;
  for (let i = 0; i < a.length; i++) energyB += b[i]! * b[i]!;
  let best = 0;
  let bestLag = 0;
  for (let k = 0; k + a.length <= b.length; k++) {
    if (k > 0) energyB += b[k + a.length - 1]! ** 2 - b[k - 1]! ** 2;
    const denom = Math.sqrt(energyA * Math.max(energyB, 1e-9));
    const c = br[k]! / n / denom;
    if (c > best) [best, bestLag] = [c, k];
  }
  return { correlation: best, lag: bestLag };
}


/**
 * `pcm` without its runs of exact zeros at least `minRun` samples long: the pauses of
 * {@link syntheticSpeech} and the gaps a real-time recorder writes when audio arrives late.
 * Comparing two signals this way checks their content, not their timing.
 */
export function withoutSilentRuns(pcm: Int16Array, minRun: number): Int16Array {
  const out = new Int16Array(pcm.length);
  let n = 0;
  let i = 0;
  while (i < pcm.length) {
    if (pcm[i] !== 0) {
      out[n++] = pcm[i++]!;
      continue;
    }
    let j = i;
    while (j < pcm.length && pcm[j] === 0) j++;
    if (j - i < minRun) for (let k = i; k < j; k++) out[n++] = 0;
    i = j;
  }
  return out.slice(0, n);
}
