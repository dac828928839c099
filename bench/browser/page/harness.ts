/**
 * The measuring half of a bench page, shared by the page for our transport and the page for the
 * official one, so both are measured by the same code. A detector worklet runs in the player's
 * own AudioContext with two inputs — the mic (the very node that feeds the transport's recorder
 * when it records in that context; two source nodes of one track can lag each other by a
 * capture buffer) and the node that carries the bot's voice — and reports, sample-exactly on
 * that context's clock, when each input starts sounding and when it falls silent. No main-thread polling: timer jitter and a busy main thread
 * cannot blur the figures, and the two inputs share one clock.
 */
import { socketHooks } from "./timedSocket.js";

/** What a page adapter provides: one transport wired into a `PipecatClient`. */
export interface BenchTarget {
  /** Builds the client and transport and connects (resolves on bot-ready). */
  connect(wsUrl: string): Promise<void>;
  /**
   * The player's AudioContext, once it exists, and a way to route the bot's voice into `input`
   * of `node` (kept routed for the rest of the session, whatever the player rebuilds).
   */
  output(): { context: AudioContext; tap(node: AudioNode, input: number): void } | undefined;
  /** The mic track the transport records from. */
  micTrack(): MediaStreamTrack | undefined;
  /**
   * The node that feeds the transport's own recorder (ours: `BrowserAudioIO.input`; the official
   * WavMediaManager's recorder source, in a context of its own). In the player's context it is
   * the mic reference (what is recorded, when it is recorded); in another context the harness
   * measures when that context sees the mic against the player's.
   */
  micSource?(): AudioNode | undefined;
  /** The player's own counters, where the transport has them (ours: `playbackStats()`). */
  playbackStats?(): { underruns: number; shedMs: number; leadMs: number } | undefined;
  disconnect(): Promise<void>;
}

/** A level transition seen by the detector: input 0 is the mic, 1 the bot's voice. */
export interface DetectorEvent {
  input: 0 | 1;
  on: boolean;
  /** Context frame of the first loud sample (on) or the first silent one (off). */
  frame: number;
}

/**
 * A mic onset as each context saw it, on the page clock (ms, via `getOutputTimestamp`): in the
 * player's context (where the round trips are measured) and in the recorder's own context.
 */
export interface MicOnsetPair {
  player: number;
  recorder: number;
}

/** Per input: loud at or above `on`, quiet below `off`, silent after `holdMs` of quiet. */
export interface DetectorThresholds {
  on: number;
  off: number;
  holdMs: number;
}

const DETECTOR_SOURCE = `
class BenchDetector extends AudioWorkletProcessor {
  constructor(o) {
    super();
    this.inputs = o.processorOptions.inputs.map((t) => ({ ...t, loud: false, quiet: 0, quietStart: 0 }));
    this.port.onmessage = (e) => { this.inputs = e.data.map((t) => ({ ...t, loud: false, quiet: 0, quietStart: 0 })); };
  }
  process(inputs) {
    for (let k = 0; k < 2; k++) {
      const s = this.inputs[k];
      const data = inputs[k] && inputs[k][0];
      for (let i = 0; i < 128; i++) {
        const x = data ? Math.abs(data[i]) : 0;
        const f = currentFrame + i;
        if (x >= s.on) {
          if (!s.loud) { s.loud = true; this.port.postMessage({ input: k, on: true, frame: f }); }
          s.quiet = 0;
        } else if (x < s.off) {
          if (s.quiet === 0) s.quietStart = f;
          s.quiet++;
          if (s.loud && s.quiet >= s.holdFrames) { s.loud = false; this.port.postMessage({ input: k, on: false, frame: s.quietStart }); }
        } else {
          s.quiet = 0;
        }
      }
    }
    return true;
  }
}
registerProcessor("bench-detector", BenchDetector);
`;

/** `window.bench`, as the Node side drives it. */
export interface BenchPageApi {
  /** Uncaught errors and rejections in the page. */
  errors: string[];
  connect(wsUrl: string): Promise<{ ms: number }>;
  /** Round trips (ms) of `n` text messages on a plain socket to the same server. */
  ping(url: string, n: number): Promise<number[]>;
  installDetector(mic: DetectorThresholds, out: DetectorThresholds): Promise<{ sampleRate: number; baseLatency: number; outputLatency: number }>;
  setThresholds(mic: DetectorThresholds, out: DetectorThresholds): void;
  take(): { events: DetectorEvent[]; arrivals: { frame: number; t: number }[]; now: number; micPairs: MicOnsetPair[] };
  /** The transport's player counters, or null where it has none. */
  playbackStats(): { underruns: number; shedMs: number; leadMs: number } | null;
  disconnect(): Promise<void>;
}

/** Page time (ms) of `frame` of `ctx`, from the context's output timestamp. */
function pageTime(ctx: AudioContext, frame: number): number {
  const ts = ctx.getOutputTimestamp();
  return ts.performanceTime! + (frame / ctx.sampleRate - ts.contextTime!) * 1000;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Installs `window.bench` for the Node side to drive. */
export function installHarness(target: BenchTarget): void {
  let detector: AudioWorkletNode | undefined;
  let context: AudioContext | undefined;
  let events: DetectorEvent[] = [];
  /** Mic onsets on the page clock, per context (the recorder's only where it has its own). */
  let micPlayer: number[] = [];
  let micRecorder: number[] = [];
  /** Interruption arrivals: context frame (player clock) and page time. */
  let arrivals: { frame: number; t: number }[] = [];
  socketHooks.onInterruption = () => {
    if (context) arrivals.push({ frame: context.currentTime * context.sampleRate, t: performance.now() });
  };

  const bench: BenchPageApi = {
    errors: [],

    async connect(wsUrl: string): Promise<{ ms: number }> {
      const t0 = performance.now();
      await target.connect(wsUrl);
      return { ms: performance.now() - t0 };
    },

    async ping(url: string, n: number): Promise<number[]> {
      const ws = new WebSocket(url);
      await new Promise<void>((resolve, reject) => {
        ws.onopen = () => resolve();
        ws.onerror = () => reject(new Error("ping socket failed"));
      });
      const rtts: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await new Promise<void>((r) => {
          ws.onmessage = () => r();
          ws.send(String(i));
        });
        rtts.push(performance.now() - t0);
        await sleep(5);
      }
      ws.close();
      return rtts;
    },

    /** Adds the detector to the player's context: mic on input 0, the bot's voice on input 1. */
    async installDetector(mic: DetectorThresholds, out: DetectorThresholds): Promise<{ sampleRate: number; baseLatency: number; outputLatency: number }> {
      const until = performance.now() + 5000;
      let o = target.output();
      while (!o && performance.now() < until) {
        await sleep(10);
        o = target.output();
      }
      const track = target.micTrack();
      if (!o) throw new Error("the transport's player never appeared");
      if (!track) throw new Error("the transport has no mic track");
      const ctx = o.context;
      const url = URL.createObjectURL(new Blob([DETECTOR_SOURCE], { type: "application/javascript" }));
      await ctx.audioWorklet.addModule(url);
      URL.revokeObjectURL(url);
      const thresholds = [mic, out].map((t) => ({ on: t.on, off: t.off, holdFrames: Math.round((t.holdMs * ctx.sampleRate) / 1000) }));
      const node = new AudioWorkletNode(ctx, "bench-detector", { numberOfInputs: 2, numberOfOutputs: 1, outputChannelCount: [1], processorOptions: { inputs: thresholds } });
      node.port.onmessage = (e: MessageEvent<DetectorEvent>) => {
        events.push(e.data);
        if (e.data.input === 0 && e.data.on && recorderNode) micPlayer.push(pageTime(ctx, e.data.frame));
      };
      const own = target.micSource?.();
      // The mic as the recorder gets it, where it records in this context; else a source of our own.
      if (own && own.context === ctx) own.connect(node, 0, 0);
      else ctx.createMediaStreamSource(new MediaStream([track])).connect(node, 0, 0);
      // Where the recorder has its own context: a second detector there, on the recorder's source.
      const rctx = own && own.context !== ctx ? (own.context as AudioContext) : undefined;
      let recorderNode: AudioWorkletNode | undefined;
      if (own && rctx) {
        const rurl = URL.createObjectURL(new Blob([DETECTOR_SOURCE], { type: "application/javascript" }));
        await rctx.audioWorklet.addModule(rurl);
        URL.revokeObjectURL(rurl);
        const rth = [mic, mic].map((t) => ({ on: t.on, off: t.off, holdFrames: Math.round((t.holdMs * rctx.sampleRate) / 1000) }));
        recorderNode = new AudioWorkletNode(rctx, "bench-detector", { numberOfInputs: 2, numberOfOutputs: 1, outputChannelCount: [1], processorOptions: { inputs: rth } });
        recorderNode.port.onmessage = (e: MessageEvent<DetectorEvent>) => {
          if (e.data.input === 0 && e.data.on) micRecorder.push(pageTime(rctx, e.data.frame));
        };
        own.connect(recorderNode, 0, 0);
        recorderNode.connect(rctx.destination);
      }
      o.tap(node, 1);
      // The detector writes silence; connecting it keeps the graph pulling it every quantum.
      node.connect(ctx.destination);
      detector = node;
      context = ctx;
      return { sampleRate: ctx.sampleRate, baseLatency: ctx.baseLatency, outputLatency: ctx.outputLatency ?? 0 };
    },

    /** New thresholds (resets the detector's state). */
    setThresholds(mic: DetectorThresholds, out: DetectorThresholds): void {
      const rate = context!.sampleRate;
      detector!.port.postMessage([mic, out].map((t) => ({ on: t.on, off: t.off, holdFrames: Math.round((t.holdMs * rate) / 1000) })));
    },

    /** Takes (and clears) what the detector and the socket hook recorded. */
    take(): { events: DetectorEvent[]; arrivals: { frame: number; t: number }[]; now: number; micPairs: MicOnsetPair[] } {
      // Pair each onset with the other context's nearest one (clicks are 516 ms apart).
      const micPairs: MicOnsetPair[] = [];
      for (const p of micPlayer) {
        const r = micRecorder.find((x) => Math.abs(x - p) < 100);
        if (r !== undefined) micPairs.push({ player: p, recorder: r });
      }
      const out = { events, arrivals, now: context ? context.currentTime * context.sampleRate : 0, micPairs };
      events = [];
      arrivals = [];
      micPlayer = [];
      micRecorder = [];
      return out;
    },

    playbackStats() {
      return target.playbackStats?.() ?? null;
    },

    async disconnect(): Promise<void> {
      detector?.disconnect();
      await target.disconnect();
    },
  };
  addEventListener("error", (e) => bench.errors.push(String(e.message)));
  addEventListener("unhandledrejection", (e) => bench.errors.push(String((e.reason as Error)?.message ?? e.reason)));
  (window as unknown as { bench: typeof bench }).bench = bench;
}
