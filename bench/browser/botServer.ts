/**
 * The loopback "bot" the browser benchmarks talk to: one HTTP server on 127.0.0.1 (port 0) that
 * serves the Vite-built bench pages and accepts the transports' WebSockets. It answers
 * `client-ready` with `bot-ready` and then does what the current phase needs:
 * - `echo`: returns each mic frame at once as bot audio, at the rate it came in (click round trip);
 * - `echo-gated`: the same, but only frames with sound in them (peak above 5 % of full scale), so
 *   the player starts from an empty buffer at every click, as a reply after a pause would;
 * - `stream`: sends a 24 kHz tone at real time, 20 ms frames, and counts mic frames (cost);
 * - `idle`: counts mic frames; tones (paced like Pipecat, or at 2x) and interruptions are sent
 *   on command (interruption rounds, the long real-time session).
 * `/ping` is a plain text echo socket, to measure what loopback itself costs.
 * Written for the bench (not the dev server): the dev bot echoes whole utterances after its VAD,
 * which would hide the per-frame latency measured here.
 */
import { createServer, type Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { ProtobufFrameSerializer } from "../../src/serializers/ProtobufFrameSerializer.js";
import { encodeInterruptionFrame } from "../../src/server/frameEncoders.js";

export type BotMode = "idle" | "echo" | "echo-gated" | "stream";

/** Counters of one phase (reset with {@link BenchBot.resetCounters}). */
export interface BotCounters {
  micFrames: number;
  botFrames: number;
  /** Longest time (ms) between a mic frame's arrival and its echo being handed to the socket. */
  maxEchoMs: number;
}

/** How a bot utterance is paced: a clock at `pace` times real time, chunks of `chunkMs`, one ahead. */
export interface Pacing {
  pace: number;
  chunkMs: number;
}
/** Pipecat's FastAPIWebsocketTransport: real time, one 40 ms chunk ahead. */
export const PIPECAT_PACING: Pacing = { pace: 1, chunkMs: 40 };
/** The old dev bot: twice real time, 20 ms chunks. */
export const DOUBLE_PACING: Pacing = { pace: 2, chunkMs: 20 };

const STREAM_RATE = 24000;
const GATE = 0.05 * 32768;
const FRAME_MS = 20;

/** HTTP + WebSocket bot for the browser benchmarks. */
export class BenchBot {
  readonly serializer = new ProtobufFrameSerializer();
  mode: BotMode = "idle";
  counters: BotCounters = { micFrames: 0, botFrames: 0, maxEchoMs: 0 };
  private readonly sockets = new Set<WebSocket>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly timers = new Set<NodeJS.Timeout>();
  private streamTimer: NodeJS.Timeout | undefined;
  private streamSent = 0;
  private streamStart = 0;
  private toneAbort: AbortController | undefined;

  private constructor(
    private readonly http: Server,
    readonly port: number,
  ) {}

  /** Serves `files` (name → JS source) at `/<name>` and `/<page>.html` for each entry page. */
  static async start(files: Map<string, string>, pages: string[]): Promise<BenchBot> {
    const http = createServer((req, res) => {
      const url = (req.url ?? "/").split("?")[0]!;
      const page = pages.find((p) => url === `/${p}.html`);
      const js = files.get(url.slice(1));
      if (page) res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><title>${page}</title><script type="module" src="/${page}.js"></script>`);
      else if (js !== undefined) res.writeHead(200, { "content-type": "text/javascript" }).end(js);
      else if (url === "/favicon.ico") res.writeHead(204).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    const bot = new BenchBot(http, (http.address() as { port: number }).port);
    http.on("upgrade", (req, socket, head) =>
      bot.wss.handleUpgrade(req, socket, head, (ws) => (req.url?.startsWith("/ping") ? bot.onPing(ws) : bot.onConnection(ws))),
    );
    return bot;
  }

  /** URL of a page path such as `official.html?media=wav`. */
  pageUrl(path: string): string {
    return `http://127.0.0.1:${this.port}/${path}`;
  }
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }
  get pingUrl(): string {
    return `ws://127.0.0.1:${this.port}/ping`;
  }

  /** Switches phase; `stream` starts the real-time tone, anything else stops it. */
  setMode(mode: BotMode): void {
    this.mode = mode;
    if (this.streamTimer) clearInterval(this.streamTimer);
    this.streamTimer = undefined;
    if (mode === "stream") {
      this.streamStart = performance.now();
      this.streamSent = 0;
      this.streamTimer = setInterval(() => this.streamTick(), FRAME_MS / 2);
    }
  }

  resetCounters(): void {
    this.counters = { micFrames: 0, botFrames: 0, maxEchoMs: 0 };
  }

  /**
   * Starts a bot "utterance": a 440 Hz tone, `ms` long, sent in `pacing.chunkMs` chunks on a
   * clock running at `pacing.pace` times real time, one chunk ahead of it (Pipecat's own output:
   * real time, one 40 ms chunk ahead; `DOUBLE_PACING` is the old dev bot's 2x). `stopTone()` ends it early.
   */
  startTone(ms: number, pacing: Pacing = PIPECAT_PACING, rate = STREAM_RATE, amplitude = 0.5): void {
    this.stopTone();
    const abort = new AbortController();
    this.toneAbort = abort;
    const per = Math.round((rate * pacing.chunkMs) / 1000);
    const total = Math.round((rate * ms) / 1000);
    const chunks = Math.ceil(total / per);
    const started = performance.now();
    let sent = 0;
    const tick = () => {
      if (abort.signal.aborted) return;
      // Chunk k is due once the paced clock reaches chunk k-1: one chunk ahead.
      const clock = (performance.now() - started) * pacing.pace;
      const due = Math.min(chunks, Math.floor(clock / pacing.chunkMs) + 2);
      for (; sent < due; sent++) {
        const n = Math.min(per, total - sent * per);
        this.broadcast(this.serializer.serializeAudio(tone(440, rate, sent * per, n, amplitude), rate, 1));
      }
      if (sent >= chunks) return;
      const wait = ((sent - 1) * pacing.chunkMs) / pacing.pace - (performance.now() - started);
      const t = setTimeout(() => {
        this.timers.delete(t);
        tick();
      }, Math.max(1, wait));
      this.timers.add(t);
    };
    tick();
  }

  stopTone(): void {
    this.toneAbort?.abort();
    this.toneAbort = undefined;
  }

  /** What Pipecat does on barge-in: stop sending and send an interruption frame. */
  interrupt(): void {
    this.stopTone();
    this.broadcast(encodeInterruptionFrame());
  }

  async close(): Promise<void> {
    this.setMode("idle");
    this.stopTone();
    for (const t of this.timers) clearTimeout(t);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((r) => this.http.close(() => r()));
  }

  private streamTick(): void {
    const per = (STREAM_RATE * FRAME_MS) / 1000;
    const due = Math.floor(((performance.now() - this.streamStart) / 1000) * STREAM_RATE);
    // One frame ahead of real time, like a server that keeps the client's buffer from running dry.
    while (this.streamSent <= due) {
      this.broadcast(this.serializer.serializeAudio(tone(440, STREAM_RATE, this.streamSent, per, 0.3), STREAM_RATE, 1));
      this.streamSent += per;
    }
  }

  private broadcast(data: Uint8Array): void {
    for (const ws of this.sockets) {
      ws.send(data);
      this.counters.botFrames++;
    }
  }

  private onPing(ws: WebSocket): void {
    ws.on("error", () => {});
    ws.on("message", (data: Buffer, isBinary: boolean) => ws.send(data, { binary: isBinary }));
  }

  private onConnection(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on("close", () => this.sockets.delete(ws));
    ws.on("error", () => {});
    ws.on("message", (data: Buffer) => {
      const t0 = performance.now();
      const frame = this.serializer.decode(new Uint8Array(data));
      if (frame.type === "audio") {
        this.counters.micFrames++;
        if (this.mode === "echo" || (this.mode === "echo-gated" && peak(frame.audio) > GATE)) {
          ws.send(this.serializer.serializeAudio(frame.audio, frame.sampleRate, frame.numChannels));
          this.counters.botFrames++;
          this.counters.maxEchoMs = Math.max(this.counters.maxEchoMs, performance.now() - t0);
        }
      } else if (frame.type === "message" && frame.message.type === "client-ready") {
        ws.send(this.serializer.serializeMessage({ label: "rtvi-ai", type: "bot-ready", id: frame.message.id, data: { version: "2.1.0" } } as never));
      }
    });
  }
}

function peak(pcm: Int16Array): number {
  let m = 0;
  for (let i = 0; i < pcm.length; i++) m = Math.max(m, Math.abs(pcm[i]!));
  return m;
}

/** `n` samples of a sine starting at sample `offset` (so consecutive frames join up). */
function tone(freq: number, rate: number, offset: number, n: number, amplitude: number): Int16Array {
  const pcm = new Int16Array(n);
  for (let i = 0; i < n; i++) pcm[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * freq * (offset + i)) / rate));
  return pcm;
}
