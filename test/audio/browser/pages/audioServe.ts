/**
 * Node side of the browser audio tests: bundles `audioPage.ts` with esbuild, serves it and a
 * WebSocket "bot" from one HTTP server on 127.0.0.1 (port 0), launches headless Chromium with a
 * fake mic fed from a WAV that sox generates, and closes everything in `close()`.
 * The bot answers `client-ready` with `bot-ready`, records mic audio with arrival times, and sends
 * tones and interruptions on command.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Page } from "playwright-core";
import { WebSocketServer, type WebSocket } from "ws";
import { ProtobufFrameSerializer } from "../../../../src/serializers/ProtobufFrameSerializer.js";
import { launchChromium } from "../../../support/chromium.js";
import { encodeInterruptionFrame } from "../../../../src/server/frameEncoders.js";

let bundle: Promise<string> | undefined;

/** The page script, bundled once per test process. */
function pageBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [fileURLToPath(new URL("./audioPage.ts", import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
  }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}

/** One mic chunk as the bot received it. */
export interface ReceivedAudio {
  /** `performance.now()` in Node when it arrived. */
  t: number;
  sampleRate: number;
  numChannels: number;
  samples: Int16Array;
}

/** The HTTP + WebSocket server. */
export class AudioBot {
  readonly serializer = new ProtobufFrameSerializer();
  readonly audio: ReceivedAudio[] = [];
  readonly sockets = new Set<WebSocket>();
  connections = 0;
  /** A tone sent at 20x real time right after each bot-ready (a greeting), when set. */
  greeting: { freq: number; rate: number; ms: number } | undefined;
  private readonly wss = new WebSocketServer({ noServer: true });
  private timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly http: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<AudioBot> {
    const js = await pageBundle();
    const http = createServer((req, res) => {
      if (req.url === "/page.js") res.writeHead(200, { "content-type": "text/javascript" }).end(js);
      else if (req.url === "/") res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><title>audio</title><script type="module" src="/page.js"></script>');
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    const bot = new AudioBot(http, (http.address() as { port: number }).port);
    http.on("upgrade", (req, socket, head) => bot.wss.handleUpgrade(req, socket, head, (ws) => bot.onConnection(ws)));
    return bot;
  }

  get pageUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  /** Mic audio received at or after `since` (Node `performance.now()`). */
  audioSince(since: number): ReceivedAudio[] {
    return this.audio.filter((a) => a.t >= since);
  }

  /**
   * Sends a sine as bot audio: `ms` long, at `rate`, in `chunkMs` frames paced at `pace` times
   * real time (Pipecat sends about twice real time). Resolves when the last frame is sent.
   */
  sendTone(freq: number, rate: number, ms: number, opts: { amplitude?: number; chunkMs?: number; pace?: number; signal?: AbortSignal } = {}): Promise<void> {
    const { amplitude = 0.5, chunkMs = 20, pace = 2, signal } = opts;
    const per = Math.round((rate * chunkMs) / 1000);
    const total = Math.round((rate * ms) / 1000);
    let sent = 0;
    const started = performance.now();
    return new Promise((resolve) => {
      const tick = () => {
        // Everything due by now (in paced time), so timer jitter does not slow the stream.
        const due = Math.min(total, Math.ceil((((performance.now() - started) * pace) / 1000) * rate) + per);
        while (sent < due && !signal?.aborted) {
          const n = Math.min(per, total - sent);
          const pcm = new Int16Array(n);
          for (let i = 0; i < n; i++) pcm[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * freq * (sent + i)) / rate));
          this.broadcast(this.serializer.serializeAudio(pcm.buffer, rate, 1) as Uint8Array);
          sent += n;
        }
        if (sent >= total || signal?.aborted) return resolve();
        const t = setTimeout(() => {
          this.timers.delete(t);
          tick();
        }, chunkMs / pace / 2);
        this.timers.add(t);
      };
      tick();
    });
  }

  sendInterruption(): void {
    this.broadcast(encodeInterruptionFrame());
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((r) => this.http.close(() => r()));
  }

  private broadcast(data: Uint8Array | string): void {
    for (const ws of this.sockets) ws.send(data);
  }

  private onConnection(ws: WebSocket): void {
    this.connections++;
    this.sockets.add(ws);
    ws.on("close", () => this.sockets.delete(ws));
    ws.on("error", () => {});
    ws.on("message", (data: Buffer) => {
      const t = performance.now();
      const frame = this.serializer.decode(new Uint8Array(data));
      if (frame.type === "audio") {
        this.audio.push({ t, sampleRate: frame.sampleRate, numChannels: frame.numChannels, samples: frame.audio.slice() });
      } else if (frame.type === "message" && frame.message.type === "client-ready") {
        ws.send(this.serializer.serializeMessage({ label: "rtvi-ai", type: "bot-ready", id: frame.message.id, data: { version: "2.1.0" } } as never) as Uint8Array);
        if (this.greeting) void this.sendTone(this.greeting.freq, this.greeting.rate, this.greeting.ms, { pace: 20 });
      }
    });
  }
}

/** A sine WAV for the fake mic (sox, no dither): `seconds` long at `rate`, amplitude `vol`. */
export function makeToneWav(dir: string, freq: number, opts: { rate?: number; seconds?: number; vol?: number } = {}): string {
  const { rate = 44100, seconds = 5, vol = 0.5 } = opts;
  const file = join(dir, `tone-${freq}-${rate}.wav`);
  execFileSync("sox", ["-D", "-n", "-r", String(rate), "-c", "1", "-b", "16", file, "synth", String(seconds), "sine", String(freq), "vol", String(vol)]);
  return file;
}

/** A page with the harness loaded, its bot, and one `close()` for all of it. */
export interface AudioSession {
  page: Page;
  bot: AudioBot;
  dir: string;
  close(): Promise<void>;
}

/**
 * Starts the bot, Chromium with a fake mic playing `wav(dir)` (and `extraArgs`, e.g.
 * `--use-fake-ui-for-media-stream=deny` to refuse the mic), and opens the harness page.
 */
export async function openAudioSession(wav: (dir: string) => string, extraArgs: string[] = []): Promise<AudioSession> {
  const dir = mkdtempSync(join(tmpdir(), "pwt-audio-"));
  const bot = await AudioBot.start();
  const chromium = await launchChromium({ fakeMicWav: wav(dir), extraArgs });
  const page = await chromium.browser.newPage();
  page.on("pageerror", (e) => console.error("[page error]", e.message));
  await page.goto(bot.pageUrl);
  await page.waitForFunction(() => "audioHarness" in window);
  return {
    page,
    bot,
    dir,
    async close() {
      await chromium.close();
      await bot.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
