/**
 * A `PipecatClient` driving our Node `WebSocketTransport`, wired the way a server-to-server
 * user would wire it, with a sink that records bot audio and a logger that counts lines
 * (so noisy fault tests stay quiet and can still assert what was logged).
 */
import { LogLevel, PipecatClient, type TransportState } from "@pipecat-ai/client-js";
import WebSocket from "ws";
import { StreamAudioIO, type AudioSink, type AudioSource } from "../../../src/audio/StreamAudioIO.js";
import { WebSocketTransport } from "../../../src/node/index.js";
import type { WebSocketTransportOptions } from "../../../src/transport/options.js";
import type { AudioFrame } from "../../../src/serializers/WebSocketSerializer.js";
import type { WebSocketConstructor } from "../../../src/connection/WebSocketLike.js";

/** A logger that keeps its lines instead of printing them. */
export class CountingLogger {
  readonly lines: { level: string; text: string }[] = [];
  debug = (...a: unknown[]) => this.push("debug", a);
  info = (...a: unknown[]) => this.push("info", a);
  warn = (...a: unknown[]) => this.push("warn", a);
  error = (...a: unknown[]) => this.push("error", a);
  private push(level: string, args: unknown[]): void {
    if (this.lines.length < 10_000) this.lines.push({ level, text: args.map(String).join(" ") });
  }
}

export interface Session {
  client: PipecatClient;
  transport: WebSocketTransport;
  logger: CountingLogger;
  /** Bot audio frames received, in order (copies: the transport may hand out views). */
  botAudio: Int16Array[];
  /** client-js transport states, in order. */
  states: TransportState[];
  /** Errors reported through client-js's onError, with their fatal flag. */
  errors: { message: string; fatal: boolean }[];
  /** Every client WebSocket the transport created, in order. */
  sockets: WebSocket[];
  /** Every machine state path the transport went through, in order (e.g. `reconnecting.backoff`). */
  paths: string[];
}

export interface SessionOptions {
  transport?: WebSocketTransportOptions;
  /** Keep received bot audio (default true). */
  keepAudio?: boolean;
  /** Called with each bot audio frame. */
  onAudio?: (frame: AudioFrame) => void;
  /** Where mic audio comes from (default: none). */
  source?: AudioSource;
}

export function createSession(options: SessionOptions = {}): Session {
  const logger = new CountingLogger();
  const botAudio: Int16Array[] = [];
  const keep = options.keepAudio ?? true;
  const sink: AudioSink = {
    write(frame) {
      options.onAudio?.(frame);
      if (keep) botAudio.push(frame.audio.slice());
    },
    flush() {},
  };
  const sockets: WebSocket[] = [];
  // The real `ws` client, recording each instance so tests can check it was closed and detached.
  class RecordingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  const transport = new WebSocketTransport({
    audio: new StreamAudioIO({ sink, source: options.source }),
    logger,
    WebSocket: RecordingWebSocket as unknown as WebSocketConstructor,
    ...options.transport,
  });
  const paths: string[] = [pathOf(transport)];
  transport.actorRef.subscribe(() => {
    const p = pathOf(transport);
    if (p !== paths.at(-1)) paths.push(p);
  });
  const states: TransportState[] = [];
  const errors: { message: string; fatal: boolean }[] = [];
  const client = new PipecatClient({
    transport,
    enableMic: true,
    enableCam: false,
    callbacks: {
      onTransportStateChanged: (s) => states.push(s),
      onError: (m) => errors.push({ message: String((m.data as { message?: string })?.message ?? ""), fatal: Boolean((m.data as { fatal?: boolean })?.fatal) }),
    },
  });
  client.setLogLevel(LogLevel.NONE);
  return { client, transport, logger, botAudio, states, errors, sockets, paths };
}

/** Resolves when `predicate` holds, polling every 5 ms; rejects after `timeoutMs` naming `what`. */
export async function waitUntil(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The transport's machine state path, e.g. `connected.ready`. */
export function pathOf(transport: WebSocketTransport): string {
  const value = transport.getSnapshot().value;
  if (typeof value === "string") return value;
  const [k, v] = Object.entries(value)[0];
  return `${k}.${String(v)}`;
}
