/**
 * The client-js `Transport` facade. It owns nothing stateful about the connection: the
 * connection statechart (machines/connectionMachine.ts) does, and `state` is derived from its
 * snapshot. This file wires the machine to the socket actor, the serializer and the audio I/O,
 * and translates machine transitions into client-js callbacks.
 */
import {
  RTVIMessage,
  Transport,
  UnsupportedFeatureError,
  type PipecatClientOptions,
  type RTVIEventCallbacks,
  type Tracks,
  type TransportState,
} from "@pipecat-ai/client-js";
import { createActor, fromPromise, type Actor, type SnapshotFrom } from "xstate";
import { connectionMachine, statePath, type ConnectTarget, type EndpointRequest } from "../../machines/connectionMachine.js";
import type { AudioIO } from "../audio/AudioIO.js";
import { createDefaultAudioIO } from "../audio/defaultAudioIO.js";
import { BadInputReporter } from "./BadInputReporter.js";
import { validateConnectParams } from "./connectParams.js";
import { appendToken } from "../connection/appendToken.js";
import { resolveEndpoint } from "../connection/resolveEndpoint.js";
import { MessageTooLargeError, TransportConnectionError } from "../common/errors.js";
import type { InspectionListener, TransportStats } from "../inspect/InspectionEvent.js";
import { Inspector } from "../inspect/Inspector.js";
import { defaultLogger, type Logger } from "../common/logging.js";
import { redactString } from "../common/redact.js";
import { resolveOptions, type ResolvedOptions, type ServerFrame, type WebSocketTransportOptions } from "./options.js";
import { ProtobufFrameSerializer } from "../serializers/ProtobufFrameSerializer.js";
import type { InboundFrame, SerializedMessage, WebSocketSerializer } from "../serializers/WebSocketSerializer.js";
import { isBlob } from "../serializers/bytes.js";
import { createSocketActor } from "../connection/socketActor.js";
import { WS_OPEN, type WebSocketConstructor, type WebSocketLike } from "../connection/WebSocketLike.js";

/** Python `websockets` servers reject messages over 1 MiB; so do we, both ways. */
export const MAX_MESSAGE_SIZE = 1024 * 1024;

type ConnectionActor = Actor<typeof connectionMachine>;
type ConnectionSnapshot = SnapshotFrom<typeof connectionMachine>;

/** Detailed connection state: the statechart's top-level state. */
export type ConnectionState =
  | "idle"
  | "resolvingEndpoint"
  | "connecting"
  | "connected"
  | "reconnecting"
  | "disconnecting"
  | "disconnected";

function now(): number {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

function byteSize(msg: SerializedMessage): number {
  return typeof msg === "string" ? msg.length : msg.byteLength;
}

/**
 * A WebSocket transport for `PipecatClient`, drop-in compatible with
 * `@pipecat-ai/websocket-transport`'s `WebSocketTransport`.
 *
 * ```ts
 * const client = new PipecatClient({ transport: new WebSocketTransport(), enableMic: true });
 * await client.connect({ wsUrl: "ws://localhost:7860/ws" });
 * ```
 */
export class WebSocketTransport extends Transport {
  /** Default mic rate in Hz (same static as the official package). */
  static RECORDER_SAMPLE_RATE = 16000;
  /** Default bot audio rate in Hz. */
  static PLAYER_SAMPLE_RATE = 24000;

  /** The connection machine with this transport's implementations provided. */
  readonly machine;
  private readonly actor: ConnectionActor;
  private readonly opts: ResolvedOptions;
  private readonly serializer: WebSocketSerializer;
  private readonly audio: AudioIO;
  private readonly WebSocketImpl: WebSocketConstructor | undefined;
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly logger: Logger;
  private readonly onFrame: ((frame: ServerFrame) => void) | undefined;
  private readonly badInput: BadInputReporter;
  private readonly inspector: Inspector;
  private readonly messageQueue: SerializedMessage[] = [];
  private readonly stats: TransportStats;
  private socket: WebSocketLike | null = null;
  private lastState: TransportState = "disconnected";
  private lastPath = "idle";
  private lastEvent = "xstate.init";
  private audioInitialized = false;
  private connectStartedAt = 0;

  constructor(options: WebSocketTransportOptions = {}) {
    super();
    this.opts = resolveOptions(options);
    this._maxMessageSize = MAX_MESSAGE_SIZE;
    this.serializer = options.serializer ?? new ProtobufFrameSerializer();
    this.audio = options.audio ?? createDefaultAudioIO();
    this.WebSocketImpl = options.WebSocket;
    this.fetchImpl = options.fetch;
    this.logger = options.logger ?? defaultLogger;
    this.onFrame = options.onFrame;
    this.badInput = new BadInputReporter(this.logger);
    this.inspector = new Inspector(this.logger, this.opts.recorderSampleRate);
    this.stats = {
      framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, audioFramesIn: 0, audioFramesOut: 0,
      droppedAudioChunks: 0, malformed: this.badInput.counts, reconnects: 0, timeToReadyMs: null, botBufferedMs: 0,
    };
    this._callbacks = {};
    this.machine = connectionMachine.provide({
      actors: {
        socket: createSocketActor({
          // Resolved per attempt, so constructing a transport never touches globals.
          create: (url) => new (this.resolveWebSocket())(url),
          onMessage: (data) => this.handleSocketMessage(data),
          onSocket: (ws) => {
            this.socket = ws;
          },
          onError: (error) => this.logger.error(`[pipecat-ws-transport] could not create WebSocket: ${redactString(String((error as Error)?.message ?? error))}`),
        }),
        resolveEndpoint: fromPromise<string, EndpointRequest>(({ input, signal }) =>
          resolveEndpoint({ timeoutMs: this.opts.endpointTimeoutMs, ...input }, this.fetchImpl ?? globalThis.fetch, signal),
        ),
        teardown: fromPromise<void, void>(() => this.audio.stop()),
      },
      actions: {
        sendClientReady: () => {
          const message = RTVIMessage.clientReady();
          this.sendNow(this.serializer.serializeMessage(message), message);
        },
        notifyReady: () => this.onReady(),
      },
    });
    this.actor = createActor(this.machine, {
      input: {
        reconnect: this.opts.reconnect,
        connectTimeoutMs: this.opts.connectTimeoutMs,
        stableAfterMs: this.opts.stableAfterMs,
      },
      inspect: (ev) => {
        if (ev.type === "@xstate.event" && ev.actorRef === this.actor) this.lastEvent = ev.event.type;
      },
    });
    this.actor.subscribe((snapshot) => this.onSnapshot(snapshot));
    this.actor.start();
  }

  // ---------------------------------------------------------------- client-js lifecycle

  initialize(options: PipecatClientOptions, messageHandler: (ev: RTVIMessage) => void): void {
    this._options = options;
    this._callbacks = options.callbacks ?? {};
    this._onMessage = messageHandler;
  }

  async initDevices(): Promise<void> {
    this.actor.send({ type: "SET_PHASE", phase: "initializing" });
    await this.ensureAudioInitialized();
    this.actor.send({ type: "SET_PHASE", phase: "initialized" });
  }

  _validateConnectionParams(connectParams?: unknown): unknown {
    return validateConnectParams(connectParams);
  }

  async _connect(connectParams?: unknown): Promise<void> {
    const params = validateConnectParams(connectParams);
    if (this._abortController?.signal.aborted) return;
    const target = this.targetFor(params);
    await this.ensureAudioInitialized();
    this.messageQueue.length = 0;
    this.connectStartedAt = now();
    this.stats.timeToReadyMs = null;
    this.actor.send({ type: "CONNECT", target });
    const snapshot = await this.waitForSettled();
    if (snapshot.value === "disconnected" || snapshot.value === "disconnecting" || snapshot.value === "idle") {
      const err = snapshot.context.error;
      if (!err) throw new TransportConnectionError("aborted", "connect was cancelled by disconnect()");
      throw new TransportConnectionError(err.code, err.message, err.cause);
    }
    await this.audio.start();
  }

  async _disconnect(): Promise<void> {
    this.actor.send({ type: "DISCONNECT" });
    await this.waitFor((s) => s.value === "disconnected");
    this.messageQueue.length = 0;
  }

  /** Sends RTVI client-ready. The machine already does so on every (re)connect; kept for client-js. */
  sendReadyMessage(): void {
    if (!this.actor.getSnapshot().matches("connected")) {
      this.logger.warn("[pipecat-ws-transport] sendReadyMessage() called while not connected; ignored");
    }
  }

  get state(): TransportState {
    return this.lastState;
  }

  /** client-js reports pre-connect phases (devices, bot start) here; the machine keeps them. */
  set state(state: TransportState) {
    if (state === "initializing" || state === "initialized" || state === "authenticating" || state === "authenticated" || state === "disconnected") {
      this.actor.send({ type: "SET_PHASE", phase: state });
    }
  }

  // ---------------------------------------------------------------- messages and audio

  sendMessage(message: RTVIMessage): void {
    const encoded = this.serializer.serializeMessage(message);
    if (encoded === null) return; // the protocol cannot carry messages (Twilio)
    this.checkSize(encoded);
    const snapshot = this.actor.getSnapshot();
    if (snapshot.matches({ connected: "ready" })) {
      this.sendNow(encoded, message);
    } else if (snapshot.matches("reconnecting") || snapshot.matches({ connected: "handshaking" })) {
      if (this.messageQueue.length >= this.opts.messageQueueLimit) {
        this.messageQueue.shift();
        this.inspector.drop("message", "queue-full");
        this.logger.warn("[pipecat-ws-transport] message queue full while reconnecting; dropped the oldest message");
      }
      this.messageQueue.push(encoded);
    } else {
      this.inspector.drop("message", "not-ready");
      this.logger.error(`[pipecat-ws-transport] sendMessage(${message.type}) while ${statePath(snapshot.value)}; not sent`);
    }
  }

  /** Sends any JSON-serializable payload through `serializer.serialize` (not queued). */
  sendRawMessage(message: unknown): void {
    const encoded = this.serializer.serialize(message);
    if (encoded === null) return;
    this.checkSize(encoded);
    if (!this.actor.getSnapshot().matches("connected")) {
      this.logger.error("[pipecat-ws-transport] sendRawMessage() while not connected; not sent");
      return;
    }
    this.sendNow(encoded, message);
  }

  /**
   * Sends one chunk of PCM16 mono mic audio at `recorderSampleRate`. Dropped (and counted)
   * unless the bot is ready and the mic enabled; dropped when the socket is backed up.
   */
  handleUserAudioStream(data: ArrayBuffer): void {
    const ready = this.lastState === "ready";
    if (!ready || !this.audio.isMicEnabled) {
      if (ready) return; // muted: not a drop
      return this.dropAudio(this.lastPath.startsWith("reconnecting") ? "reconnecting" : "not-ready");
    }
    const socket = this.socket;
    if (!socket || socket.readyState !== WS_OPEN) return this.dropAudio("not-ready");
    if (socket.bufferedAmount > this.opts.maxBufferedAmount) return this.dropAudio("backpressure");
    const encoded = this.serializer.serializeAudio(data, this.opts.recorderSampleRate, 1);
    if (encoded === null) return;
    this.stats.audioFramesOut++;
    this.sendNow(encoded, this.inspector.active ? data : undefined);
  }

  // ---------------------------------------------------------------- inspection

  /** Subscribes to inspection events (frames, state changes, drops, errors). Returns unsubscribe. */
  inspect(listener: InspectionListener): () => void {
    return this.inspector.subscribe(listener);
  }

  /** Counters since construction (reconnects and timing per session). */
  getStats(): TransportStats {
    this.stats.botBufferedMs = this.audio.bufferedMs();
    return { ...this.stats, malformed: { ...this.stats.malformed } };
  }

  /** The live machine snapshot (read-only). */
  getSnapshot(): ConnectionSnapshot {
    return this.actor.getSnapshot();
  }

  /** The statechart's top-level state, finer than client-js's `state` (e.g. `reconnecting`). */
  get connectionState(): ConnectionState {
    return this.lastPath.split(".")[0] as ConnectionState;
  }

  /** The underlying XState actor, for `@statelyai/inspect` and other XState tooling. */
  get actorRef(): ConnectionActor {
    return this.actor;
  }

  // ---------------------------------------------------------------- devices (delegated to AudioIO)

  getAllMics(): Promise<MediaDeviceInfo[]> {
    return this.audio.getAllMics?.() ?? Promise.resolve([]);
  }
  getAllCams(): Promise<MediaDeviceInfo[]> {
    return Promise.resolve([]);
  }
  getAllSpeakers(): Promise<MediaDeviceInfo[]> {
    return this.audio.getAllSpeakers?.() ?? Promise.resolve([]);
  }
  async updateMic(micId: string): Promise<void> {
    await this.audio.updateMic?.(micId);
  }
  updateCam(_camId: string): void {
    throw new UnsupportedFeatureError("updateCam", "WebSocketTransport", "this transport carries audio only");
  }
  updateSpeaker(speakerId: string): void {
    void Promise.resolve(this.audio.updateSpeaker?.(speakerId)).catch((e) => this.logger.error("[pipecat-ws-transport] updateSpeaker failed:", e));
  }
  get selectedMic(): MediaDeviceInfo | Record<string, never> {
    return this.audio.selectedMic ?? {};
  }
  get selectedCam(): Record<string, never> {
    return {};
  }
  get selectedSpeaker(): MediaDeviceInfo | Record<string, never> {
    return this.audio.selectedSpeaker ?? {};
  }
  enableMic(enable: boolean): void {
    this.audio.enableMic(enable);
  }
  enableCam(enable: boolean): void {
    if (enable) throw new UnsupportedFeatureError("enableCam", "WebSocketTransport", "this transport carries audio only");
  }
  enableScreenShare(enable: boolean): void {
    if (enable) throw new UnsupportedFeatureError("enableScreenShare", "WebSocketTransport", "this transport carries audio only");
  }
  get isCamEnabled(): boolean {
    return false;
  }
  get isMicEnabled(): boolean {
    return this.audio.isMicEnabled;
  }
  get isSharingScreen(): boolean {
    return false;
  }
  tracks(): Tracks {
    return this.audio.tracks?.() ?? { local: {} };
  }

  // ---------------------------------------------------------------- internals

  private get callbacks(): Partial<RTVIEventCallbacks> {
    return this._callbacks ?? {};
  }

  private resolveWebSocket(): WebSocketConstructor {
    const impl = this.WebSocketImpl ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!impl) {
      throw new Error("no WebSocket implementation: pass { WebSocket } (e.g. `import WebSocket from \"ws\"`) or import from 'pipecat-ws-transport/node'");
    }
    return impl;
  }

  private targetFor(params: ReturnType<typeof validateConnectParams>): ConnectTarget {
    if (params.kind === "endpoint") return { kind: "endpoint", endpoint: params.endpoint };
    const url = params.wsUrl ?? this.opts.wsUrl;
    if (!url) {
      throw new TransportConnectionError("missing-url", "no WebSocket URL: pass { wsUrl } to new WebSocketTransport() or to client.connect(), or { endpoint } to fetch one");
    }
    const token = params.token ?? this.opts.token;
    return { kind: "url", url: token ? appendToken(url, token) : url };
  }

  private async ensureAudioInitialized(): Promise<void> {
    if (this.audioInitialized) return;
    this.audioInitialized = true;
    await this.audio.initialize({
      recorderSampleRate: this.opts.recorderSampleRate,
      playerSampleRate: this.opts.playerSampleRate,
      onUserAudio: (chunk) => this.handleUserAudioStream(chunk),
      callbacks: this.callbacks as RTVIEventCallbacks,
      enableMic: this._options?.enableMic ?? true,
    });
  }

  /** Resolves once the machine leaves idle/resolving/connecting (connected, or failed). */
  private waitForSettled(): Promise<ConnectionSnapshot> {
    return this.waitFor((s) => !s.matches("resolvingEndpoint") && !s.matches("connecting") && !s.matches("idle"));
  }

  private waitFor(predicate: (s: ConnectionSnapshot) => boolean): Promise<ConnectionSnapshot> {
    const current = this.actor.getSnapshot();
    if (predicate(current)) return Promise.resolve(current);
    return new Promise((resolve) => {
      const sub = this.actor.subscribe((s) => {
        if (predicate(s)) {
          sub.unsubscribe();
          resolve(s);
        }
      });
    });
  }

  private onSnapshot(snapshot: ConnectionSnapshot): void {
    const path = statePath(snapshot.value);
    const previous = this.lastPath;
    if (path !== previous) {
      this.lastPath = path;
      this.inspector.state(path, previous, this.lastEvent, snapshot.context.attempt, snapshot.context.reconnect.maxAttempts);
      this.onTransition(previous, path, snapshot);
    }
    const derived = deriveTransportState(path, snapshot.context.phase);
    if (derived !== this.lastState) {
      this.lastState = derived;
      this.callbacks.onTransportStateChanged?.(derived);
    }
  }

  private onTransition(from: string, to: string, snapshot: ConnectionSnapshot): void {
    const ctx = snapshot.context;
    if (to === "connected.handshaking") {
      this.callbacks.onConnected?.();
    } else if (to === "reconnecting.backoff" && from.startsWith("connected")) {
      this.stats.reconnects++;
      this.audio.interrupt(); // what was buffered belongs to a conversation turn that is gone
      this.reportError(`${closeText(ctx.lastClose)}; reconnecting (up to ${ctx.reconnect.maxAttempts} attempts)`, false);
    } else if (to === "disconnected") {
      this.messageQueue.length = 0;
      void this.audio.stop().catch((e) => this.logger.error("[pipecat-ws-transport] stopping audio failed:", e));
      // Reported once: client-js answers both with disconnect(), which `disconnected` ignores
      // (re-entering it would report them again, forever).
      if (ctx.error) this.reportError(ctx.error.message, true);
      if (ctx.botLeft) this.callbacks.onBotDisconnected?.({ id: "bot", name: "bot", local: false });
      if (from !== "idle") this.callbacks.onDisconnected?.();
    }
  }

  private onReady(): void {
    if (this.stats.timeToReadyMs === null) this.stats.timeToReadyMs = now() - this.connectStartedAt;
    // Messages queued while reconnecting go out in order, after the new bot-ready.
    const queued = this.messageQueue.splice(0);
    for (const msg of queued) this.sendNow(msg);
  }

  private reportError(message: string, fatal: boolean): void {
    this.inspector.error(message, fatal);
    (fatal ? this.logger.error : this.logger.warn).call(this.logger, `[pipecat-ws-transport] ${message}`);
    this.callbacks.onError?.(RTVIMessage.error(message, fatal));
  }

  private checkSize(encoded: SerializedMessage): void {
    const size = byteSize(encoded);
    if (size > this._maxMessageSize) throw new MessageTooLargeError(size, this._maxMessageSize);
  }

  private sendNow(encoded: SerializedMessage | null, original?: unknown): void {
    const socket = this.socket;
    if (encoded === null || !socket || socket.readyState !== WS_OPEN) return;
    try {
      socket.send(encoded);
    } catch (e) {
      this.logger.error("[pipecat-ws-transport] send failed:", e);
      return;
    }
    const size = byteSize(encoded);
    this.stats.framesOut++;
    this.stats.bytesOut += size;
    if (this.inspector.active) this.inspector.frameOut(size, original);
  }

  private dropAudio(reason: "reconnecting" | "backpressure" | "not-ready"): void {
    this.stats.droppedAudioChunks++;
    if (this.inspector.active) this.inspector.drop("mic-audio", reason);
  }

  private handleSocketMessage(data: unknown): void {
    const size = typeof data === "string" ? data.length : isBlob(data) ? data.size : (data as ArrayBuffer).byteLength ?? 0;
    this.stats.framesIn++;
    this.stats.bytesIn += size;
    if (size > this._maxMessageSize) {
      // Dropped before decoding: one hostile frame must not queue minutes of audio.
      return this.dispatch({ type: "malformed", reason: "oversized", detail: `${size} bytes > maxMessageSize ${this._maxMessageSize}`, size }, size);
    }
    try {
      if (this.serializer.decode && !isBlob(data)) {
        this.dispatch(this.serializer.decode(data as ArrayBuffer), size);
      } else {
        this.serializer.deserialize(data).then(
          (frame) => this.dispatch(frame, size),
          (e: unknown) => this.dispatch({ type: "malformed", reason: "decode-error", detail: String((e as Error)?.message ?? e), size }, size),
        );
      }
    } catch (e) {
      // A custom serializer threw: classify, never let it escape the socket handler.
      this.dispatch({ type: "malformed", reason: "decode-error", detail: String((e as Error)?.message ?? e), size }, size);
    }
  }

  private dispatch(frame: InboundFrame, size: number): void {
    if (this.inspector.active) this.inspector.frameIn(frame, size);
    try {
      switch (frame.type) {
        case "audio":
          this.stats.audioFramesIn++;
          this.audio.playBotAudio(frame);
          return;
        case "interruption":
          this.audio.interrupt();
          return;
        case "message": {
          const msg = frame.message;
          if (msg && msg.label === "rtvi-ai") {
            if (msg.type === "bot-ready") this.actor.send({ type: "BOT_READY" });
            this._onMessage?.(msg);
          } else {
            this.onFrame?.({ type: "raw", message: msg });
          }
          return;
        }
        case "text":
        case "transcription":
        case "raw":
          this.onFrame?.(frame);
          return;
        case "malformed":
          this.badInput.report(frame);
          return;
      }
    } catch (e) {
      // An application callback threw; log it and keep the session going.
      this.logger.error("[pipecat-ws-transport] error while handling an inbound frame:", e);
    }
  }

  /** The URL in use, with secrets redacted (for logs and devtools). */
  get redactedUrl(): string | null {
    const url = this.actor.getSnapshot().context.url;
    return url ? redactString(url) : null;
  }
}

function closeText(close: { code: number; reason: string } | null): string {
  return close ? `connection lost (code ${close.code}${close.reason ? `: ${close.reason}` : ""})` : "connection lost";
}

/** client-js's coarser state, derived from the machine's state path. */
export function deriveTransportState(path: string, phase: TransportState): TransportState {
  const top = path.split(".")[0];
  switch (top) {
    case "resolvingEndpoint":
      return "authenticating";
    case "connecting":
    case "reconnecting":
      return "connecting";
    case "connected":
      return path === "connected.ready" ? "ready" : "connected";
    case "disconnecting":
      return "disconnecting";
    case "disconnected":
      return "disconnected";
    default:
      return phase;
  }
}
