/**
 * Browser side of the audio tests, bundled by esbuild and served by `audioServe.ts`. It drives
 * `BrowserAudioIO` either through the real client stack (`PipecatClient` + `WebSocketTransport`)
 * or directly (a raw WebSocket and the protobuf serializer), records every audio callback, and
 * taps the bot output with an AnalyserNode to measure what would reach the speakers.
 */
import { PipecatClient, type RTVIEventCallbacks } from "@pipecat-ai/client-js";
import { WebSocketTransport } from "../../../../src/transport/WebSocketTransport.js";
import { BrowserAudioIO, type BrowserAudioIOOptions } from "../../../../src/audio/browser/index.js";
import { ProtobufFrameSerializer } from "../../../../src/serializers/ProtobufFrameSerializer.js";
import type { WebSocketConstructor } from "../../../../src/connection/WebSocketLike.js";

/** What the test passes to `audioHarness.start`. */
export interface HarnessStart {
  wsUrl: string;
  mode: "client" | "direct";
  recorderSampleRate: number;
  playerSampleRate?: number;
  enableMic?: boolean;
  audio?: BrowserAudioIOOptions;
}

interface LoggedEvent {
  name: string;
  t: number;
  detail?: unknown;
}

const INTERRUPTION_TAG = 0x2a; // protobuf Frame field 5 (interruption), wire type 2

/** Timestamps bot messages as they reach the page, before the transport sees them. */
let lastInterruptionAt = 0;
class TimedWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    this.addEventListener("message", (e: MessageEvent) => {
      if (e.data instanceof ArrayBuffer && new Uint8Array(e.data)[0] === INTERRUPTION_TAG) lastInterruptionAt = performance.now();
    });
  }
}

const h = {
  io: undefined as BrowserAudioIO | undefined,
  client: undefined as PipecatClient | undefined,
  ws: undefined as WebSocket | undefined,
  events: [] as LoggedEvent[],
  localLevels: [] as { t: number; level: number }[],
  remoteLevels: [] as { t: number; level: number }[],
  analyser: undefined as AnalyserNode | undefined,

  /** Hides `AudioContext.prototype.setSinkId`, as in browsers that lack it (Firefox, Safari). */
  hideContextSetSinkId(): void {
    delete (AudioContext.prototype as { setSinkId?: unknown }).setSinkId;
  },

  async start(o: HarnessStart): Promise<void> {
    h.events = [];
    h.localLevels = [];
    h.remoteLevels = [];
    h.client = undefined;
    h.ws = undefined;
    const io = new BrowserAudioIO(o.audio);
    h.io = io;
    const log = (name: string) => (detail?: unknown) => h.events.push({ name, t: performance.now(), detail: describe(detail) });
    const callbacks: RTVIEventCallbacks = {
      onMicUpdated: log("micUpdated"),
      onSpeakerUpdated: log("speakerUpdated"),
      onAvailableMicsUpdated: log("availableMics"),
      onAvailableSpeakersUpdated: log("availableSpeakers"),
      onDeviceError: (e) => h.events.push({ name: "deviceError", t: performance.now(), detail: { type: e.type, devices: e.devices, message: e.message } }),
      onTrackStarted: (track, p) => h.events.push({ name: "trackStarted", t: performance.now(), detail: { kind: track.kind, id: track.id, participant: p?.id } }),
      onTrackStopped: (track, p) => h.events.push({ name: "trackStopped", t: performance.now(), detail: { id: track.id, participant: p?.id } }),
      onLocalAudioLevel: (level) => h.localLevels.push({ t: performance.now(), level }),
      onRemoteAudioLevel: (level) => h.remoteLevels.push({ t: performance.now(), level }),
    };
    if (o.mode === "client") {
      const transport = new WebSocketTransport({
        recorderSampleRate: o.recorderSampleRate,
        playerSampleRate: o.playerSampleRate ?? 24000,
        audio: io,
        WebSocket: TimedWebSocket as unknown as WebSocketConstructor,
        reconnect: false,
      });
      h.client = new PipecatClient({ transport, enableMic: o.enableMic ?? true, enableCam: false, callbacks });
      await h.client.connect({ wsUrl: o.wsUrl });
    } else {
      const ser = new ProtobufFrameSerializer();
      const rate = o.recorderSampleRate;
      await io.initialize({
        recorderSampleRate: rate,
        playerSampleRate: o.playerSampleRate ?? 24000,
        enableMic: o.enableMic ?? true,
        callbacks,
        onUserAudio: (chunk) => {
          if (h.ws?.readyState === WebSocket.OPEN) h.ws.send(ser.serializeAudio(chunk, rate, 1)!);
        },
      });
      const ws = new TimedWebSocket(o.wsUrl);
      ws.binaryType = "arraybuffer";
      h.ws = ws;
      ws.onmessage = (e) => {
        const f = ser.decode(e.data as ArrayBuffer);
        if (f.type === "audio") io.playBotAudio(f);
        else if (f.type === "interruption") io.interrupt();
      };
      await new Promise<void>((resolve, reject) => {
        ws.onopen = () => resolve();
        ws.onerror = () => reject(new Error("socket failed"));
      });
      await io.start();
    }
    // client.connect() resolves on bot-ready, which may come before the transport's audio start.
    const until = performance.now() + 5000;
    while (!io.output && performance.now() < until) await sleep(10);
    h.tapOutput();
  },

  /** AnalyserNode on the player's output node (fftSize 128: a 2.7-2.9 ms window). */
  tapOutput(): void {
    const io = h.io!;
    const ctx = io.audioContext!;
    const a = ctx.createAnalyser();
    a.fftSize = 128;
    io.output!.connect(a);
    h.analyser = a;
  },

  /** Peak absolute sample in the analyser's window. */
  outputPeak(): number {
    const buf = new Float32Array(h.analyser!.fftSize);
    h.analyser!.getFloatTimeDomainData(buf);
    let m = 0;
    for (const s of buf) m = Math.max(m, Math.abs(s));
    return m;
  },

  /** Dominant frequency (Hz) of the bot output, from the analyser's spectrum. */
  async outputPeakHz(): Promise<number> {
    const ctx = h.io!.audioContext!;
    const a = ctx.createAnalyser();
    a.fftSize = 8192;
    h.io!.output!.connect(a);
    await sleep(250);
    const spec = new Float32Array(a.frequencyBinCount);
    a.getFloatFrequencyData(spec);
    a.disconnect();
    let k = 1;
    for (let i = 1; i < spec.length; i++) if (spec[i]! > spec[k]!) k = i;
    return (k * ctx.sampleRate) / a.fftSize;
  },

  /** RMS of the bot track, heard through a separate AudioContext (what a visualizer sees). */
  async trackRms(ms = 300): Promise<number> {
    const track = h.io!.tracks().bot?.audio;
    if (!track) return -1;
    const ctx = new AudioContext();
    const a = ctx.createAnalyser();
    a.fftSize = 2048;
    ctx.createMediaStreamSource(new MediaStream([track])).connect(a);
    const buf = new Float32Array(a.fftSize);
    let best = 0;
    const until = performance.now() + ms;
    while (performance.now() < until) {
      await sleep(20);
      a.getFloatTimeDomainData(buf);
      let s = 0;
      for (const x of buf) s += x * x;
      best = Math.max(best, Math.sqrt(s / buf.length));
    }
    await ctx.close();
    return best;
  },

  /**
   * Waits for the next interruption message, then polls the output tap every millisecond or so
   * until it stays below `threshold`; returns ms from the message's arrival (stamped by a
   * listener that runs before the transport's) to the first poll that saw silence.
   */
  async measureInterruption(threshold = 1e-3, timeoutMs = 3000): Promise<{ silentAfterMs: number; peakBefore: number; bufferedBefore: number; bufferedAfter: number }> {
    const start = lastInterruptionAt;
    const until = performance.now() + timeoutMs;
    let peakBefore = 0;
    let bufferedBefore = 0;
    while (lastInterruptionAt === start) {
      if (performance.now() > until) throw new Error("no interruption arrived");
      peakBefore = h.outputPeak();
      bufferedBefore = h.io!.bufferedMs();
      await sleep(1);
    }
    const t0 = lastInterruptionAt;
    let silentAt = -1;
    while (performance.now() < t0 + 300) {
      const p = h.outputPeak();
      if (p < threshold) {
        if (silentAt < 0) silentAt = performance.now();
      } else {
        silentAt = -1;
      }
      // 1 ms timers (clamped to ~4 ms when nested): fine enough, and leaves the CPU to the
      // audio thread, which a busy loop here would slow down.
      await sleep(1);
    }
    return { silentAfterMs: silentAt < 0 ? Infinity : silentAt - t0, peakBefore, bufferedBefore, bufferedAfter: h.io!.bufferedMs() };
  },

  snapshot() {
    const io = h.io!;
    const t = io.tracks();
    return {
      isMicEnabled: io.isMicEnabled,
      selectedMic: describe(io.selectedMic),
      selectedSpeaker: describe(io.selectedSpeaker),
      local: t.local.audio ? { id: t.local.audio.id, enabled: t.local.audio.enabled, readyState: t.local.audio.readyState, settings: t.local.audio.getSettings() } : null,
      bot: t.bot?.audio ? { id: t.bot.audio.id, readyState: t.bot.audio.readyState } : null,
      contextState: io.audioContext?.state ?? "none",
      contextRate: io.audioContext?.sampleRate ?? 0,
      sinkId: String((io.audioContext as (AudioContext & { sinkId?: unknown }) | undefined)?.sinkId ?? ""),
      bufferedMs: io.bufferedMs(),
      clientState: h.client?.state ?? null,
    };
  },

  async mics() {
    return (await h.io!.getAllMics()).map(describe);
  },
  async speakers() {
    return (await h.io!.getAllSpeakers()).map(describe);
  },
  /** Switches mics; client.updateMic() does not wait, so wait for onMicUpdated / onDeviceError. */
  async updateMic(id: string) {
    const n = h.events.length;
    if (h.client) h.client.updateMic(id);
    else await h.io!.updateMic(id);
    const until = performance.now() + 3000;
    while (!h.events.slice(n).some((e) => e.name === "micUpdated" || e.name === "deviceError") && performance.now() < until) await sleep(10);
  },
  async updateSpeaker(id: string) {
    if (h.client) h.client.updateSpeaker(id);
    else await h.io!.updateSpeaker(id);
    await sleep(100);
  },
  enableMic(on: boolean) {
    if (h.client) h.client.enableMic(on);
    else h.io!.enableMic(on);
  },
  /**
   * Without a transport: hands `ms` of a 1 kHz 24 kHz tone to `playBotAudio` synchronously
   * after calling `start()`, before it resolves (the player does not exist yet).
   */
  async startAndPlayAtOnce(ms: number) {
    h.events = [];
    h.remoteLevels = [];
    h.client = undefined;
    h.ws = undefined;
    const io = new BrowserAudioIO();
    h.io = io;
    await io.initialize({
      recorderSampleRate: 16000,
      playerSampleRate: 24000,
      enableMic: false,
      callbacks: { onRemoteAudioLevel: (level) => h.remoteLevels.push({ t: performance.now(), level }) },
      onUserAudio: () => {},
    });
    const started = io.start();
    const hadOutput = io.output !== undefined;
    for (let sent = 0; sent < (24000 * ms) / 1000; sent += 480) {
      const pcm = new Int16Array(480);
      for (let i = 0; i < 480; i++) pcm[i] = Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * 1000 * (sent + i)) / 24000));
      io.playBotAudio({ type: "audio", audio: pcm, sampleRate: 24000, numChannels: 1 });
    }
    await started;
    h.tapOutput();
    return { hadOutput };
  },
  /** Disconnects and connects again with the same client (and the same BrowserAudioIO). */
  async reconnect(wsUrl: string) {
    await h.client!.disconnect();
    await h.client!.connect({ wsUrl });
    const until = performance.now() + 5000;
    while (!h.io!.output && performance.now() < until) await sleep(10);
    h.tapOutput();
  },
  /** Disconnects; returns the tracks it had, to check they ended. */
  async stop() {
    const t = h.io!.tracks();
    const ctx = h.io!.audioContext;
    if (h.client) await h.client.disconnect();
    else {
      h.ws?.close();
      await h.io!.stop();
    }
    await sleep(50);
    return { local: t.local.audio?.readyState ?? null, bot: t.bot?.audio?.readyState ?? null, contextState: ctx?.state ?? "none", ioContext: h.io!.audioContext?.state ?? "none" };
  },
};

function describe(x: unknown): unknown {
  if (typeof MediaDeviceInfo !== "undefined" && x instanceof MediaDeviceInfo) return { deviceId: x.deviceId, label: x.label, kind: x.kind };
  if (Array.isArray(x)) return x.map(describe);
  return x;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

(window as unknown as { audioHarness: typeof h }).audioHarness = h;
export type AudioHarness = typeof h;
