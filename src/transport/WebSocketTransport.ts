/**
 * The client-js `Transport` facade. It holds no connection state: the statechart
 * (machines/connectionMachine.ts) does, `state` is derived from its tags, and every effect of a
 * move is a named action of the machine implemented here. The parts it wires: the link (socket,
 * send, limits), the outbox, the inbound router, the audio I/O, the inspector and the counters.
 */
import type { APIRequest, PipecatClientOptions, RTVIEventCallbacks, RTVIMessage, TransportState } from "@pipecat-ai/client-js";
import { createActor, waitFor, type Actor, type SnapshotFrom } from "xstate";
import { backoffDelay, type EndpointRequest } from "../../machines/connectionMachine.js";
import type { AudioIO, AudioIOContext } from "../audio/AudioIO.js";
import { createDefaultAudioIO } from "../audio/defaultAudioIO.js";
import { audioIOOfManager } from "../audio/MediaManagerAudioIO.js";
import { TransportConnectionError } from "../common/errors.js";
import { defaultLogger, prefixedLogger, type Logger } from "../common/logging.js";
import { Redactor } from "../common/redact.js";
import { resolveEndpoint } from "../connection/resolveEndpoint.js";
import { webSocketConstructor } from "../connection/WebSocketLike.js";
import type { InspectionListener, TransportStats } from "../inspect/InspectionEvent.js";
import { Inspector } from "../inspect/Inspector.js";
import { TransitionReporter } from "../inspect/TransitionReporter.js";
import { ProtobufFrameSerializer } from "../serializers/ProtobufFrameSerializer.js";
import type { WebSocketSerializer } from "../serializers/WebSocketSerializer.js";
import { AudioDeviceTransport } from "./AudioDeviceTransport.js";
import { AudioSession } from "./AudioSession.js";
import { BadInputReporter } from "./BadInputReporter.js";
import { createConnectionEffects } from "./connectionEffects.js";
import { validateConnectParams } from "./connectParams.js";
import { endpointOf, refreshedUrl, targetFor } from "./connectTarget.js";
import { DEFAULTS } from "./defaults.js";
import { failureError } from "./describeFailure.js";
import { InboundRouter } from "./InboundRouter.js";
import { Link } from "./Link.js";
import { resolveOptions, type ResolvedOptions, type WebSocketTransportOptions } from "./options.js";
import { Outbound } from "./Outbound.js";
import { provideConnection } from "./provideConnection.js";
import { connectionStateOf, deriveTransportState, type ConnectionState } from "./transportState.js";
import { newCounters, statsSnapshot } from "./TransportStatsCounter.js";

/** Python `websockets` servers reject messages over 1 MiB; so do we, both ways. */
export const MAX_MESSAGE_SIZE = DEFAULTS.maxMessageSize;

type ConnectionSnapshot = SnapshotFrom<ReturnType<typeof provideConnection>>;
const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/**
 * A WebSocket transport for `PipecatClient`, drop-in compatible with
 * `@pipecat-ai/websocket-transport`'s `WebSocketTransport`.
 *
 * ```ts
 * const client = new PipecatClient({ transport: new WebSocketTransport(), enableMic: true });
 * await client.startBotAndConnect({ endpoint: "http://localhost:7860/connect" });
 * ```
 */
export class WebSocketTransport extends AudioDeviceTransport {
  /** Default mic rate in Hz (same static as the official package). */
  static RECORDER_SAMPLE_RATE = DEFAULTS.recorderSampleRate;
  /** Default bot audio rate in Hz. */
  static PLAYER_SAMPLE_RATE = DEFAULTS.playerSampleRate;

  /** The connection machine with this transport's implementations provided. */
  readonly machine: ReturnType<typeof provideConnection>;
  private readonly actor: Actor<ReturnType<typeof provideConnection>>;
  private readonly opts: ResolvedOptions;
  protected readonly audio: AudioIO;
  private readonly media: AudioSession;
  protected readonly logger: Logger;
  private readonly counters = newCounters();
  private readonly inspector: Inspector;
  private readonly link: Link;
  private readonly outbound: Outbound;
  private readonly transitions = new TransitionReporter();
  /** This transport's secrets (its token, its URLs' secret params, its endpoint's auth headers) and patterns. */
  private readonly redactor: Redactor;
  /** What client-js was last told `state` is (to report changes once). */
  private reportedState: TransportState = "disconnected";
  private connectStartedAt = 0;
  /** client-js's startBot() set `startBotParams` for the connect that follows. */
  private startBotPending = false;
  /** Where a reconnect of this session gets fresh params from (one-time tokens), if anywhere. */
  private refreshFrom: EndpointRequest | null = null;

  constructor(private readonly options: WebSocketTransportOptions = {}) {
    super();
    this.opts = resolveOptions(options);
    this._maxMessageSize = MAX_MESSAGE_SIZE;
    this._callbacks = {};
    const redactor = (this.redactor = new Redactor());
    redactor.addUrlSecrets(this.opts.wsUrl);
    redactor.addSecret(this.opts.token);
    const redact = redactor.string;
    /** The one endpoint POST: a session's first connect and its reconnects' fresh params. */
    const post = (request: EndpointRequest, signal: AbortSignal) =>
      resolveEndpoint({ timeoutMs: this.opts.endpointTimeoutMs, ...request }, options.fetch ?? globalThis.fetch, signal, redact);
    this.logger = prefixedLogger(redactor.wrapLogger(options.logger ?? defaultLogger));
    const serializer: WebSocketSerializer = options.serializer ?? new ProtobufFrameSerializer();
    this.audio = options.mediaManager
      ? audioIOOfManager(options.mediaManager, (chunk) => this.handleUserAudioStream(chunk), this.opts.playerSampleRate, this.logger)
      : (options.audio ?? createDefaultAudioIO());
    this.media = new AudioSession(this.audio, this.logger);
    const { counters, logger } = this;
    const inspector = (this.inspector = new Inspector(logger, this.opts.recorderSampleRate, redactor.value, (bytes) => redactor.maskBytes(bytes)));
    this.link = new Link({ counters, inspector, logger, maxMessageSize: MAX_MESSAGE_SIZE, maxBufferedAmount: this.opts.maxBufferedAmount });
    this.outbound = new Outbound({
      serializer, link: this.link, counters, inspector, logger, recorderSampleRate: this.opts.recorderSampleRate,
      messageQueueLimit: this.opts.messageQueueLimit, state: () => this.actor.getSnapshot(), stateName: () => this.connectionState,
    });
    const router = new InboundRouter({
      serializer, counters, inspector, logger, badInput: new BadInputReporter(counters.malformed, logger),
      maxMessageSize: MAX_MESSAGE_SIZE, playerSampleRate: this.opts.playerSampleRate,
      handlers: {
        audio: (frame) => this.audio.playBotAudio(frame),
        interruption: () => this.audio.interrupt(),
        botReady: () => this.actor.send({ type: "BOT_READY" }),
        rtvi: (message) => this._onMessage?.(message),
        other: (frame) => options.onFrame?.(frame),
      },
    });
    this.machine = provideConnection({
      socket: {
        create: (url) => {
          redactor.addUrlSecrets(url); // a server may quote any of it back (close reasons, errors)
          return new (webSocketConstructor(options.WebSocket))(url);
        },
        binaryType: router.binaryType,
        onMessage: (data) => router.receive(data),
        onSocket: (ws) => this.link.attach(ws),
        onError: (error) => logger.error(`could not create WebSocket: ${String((error as Error)?.message ?? error)}`),
        redact,
        heartbeatIntervalMs: this.opts.heartbeatIntervalMs, heartbeatTimeoutMs: this.opts.heartbeatTimeoutMs,
      },
      resolveEndpoint: post,
      refreshParams: (input, signal) =>
        refreshedUrl(input, { hook: options.refreshConnectParams, endpoint: () => this.refreshFrom, defaults: this.opts, post, redactor }, signal),
      teardown: () => this.media.stop(),
      backoffMs: (attempt, context) => this.transitions.noteRetry(backoffDelay(attempt, context.reconnect, Math.random)),
      effects: createConnectionEffects({
        serializer, link: this.link, outbound: this.outbound, audio: this.media, counters, inspector, logger,
        callbacks: () => this._callbacks ?? {}, deliver: (message) => this._onMessage?.(message),
        connectStartedAt: () => this.connectStartedAt, now, redact,
      }),
      onEffectError: (effect, error) => logger.error(`${effect}: a callback threw (the session goes on):`, error),
    });
    this.actor = createActor(this.machine, {
      input: { ...this.opts, handshake: (serializer.handshake ?? "rtvi") === "rtvi" },
      inspect: this.transitions.inspect,
    });
    this.transitions.actor = this.actor;
    this.actor.subscribe((snapshot) => this.onSnapshot(snapshot));
    this.actor.start();
  }

  // ---------------------------------------------------------------- client-js lifecycle

  initialize(options: PipecatClientOptions, messageHandler: (ev: RTVIMessage) => void): void {
    this._options = options;
    this._callbacks = options.callbacks ?? {};
    this._onMessage = messageHandler;
    this.audio.setClientOptions?.(options);
  }

  /** Prepares the devices; every call re-initializes them, so a call after a failure retries. */
  async initDevices(): Promise<void> {
    this.actor.send({ type: "SET_PHASE", phase: "initializing" });
    await this.media.initialize(this.audioContext());
    this.actor.send({ type: "SET_PHASE", phase: "initialized" });
  }

  _validateConnectionParams(connectParams?: unknown): unknown {
    return validateConnectParams(connectParams);
  }

  /** Resolves once the bot is ready; rejects if the session ends before (every attempt spent). */
  async _connect(connectParams?: unknown): Promise<void> {
    const params = validateConnectParams(connectParams);
    this.redactor.addSecretsFrom(connectParams);
    if (params.kind === "endpoint") this.redactor.addHeaderSecrets(params.endpoint.headers);
    if (this._abortController?.signal.aborted) return;
    if (params.ignored.length) this.logger.debug(`connect params: ignoring ${params.ignored.join(", ")}`);
    const target = targetFor(params, this.opts);
    const startBot = this.startBotPending ? this.startBotParams : undefined;
    this.startBotPending = false;
    this.refreshFrom = target.kind === "endpoint" ? target.endpoint : startBot ? endpointOf(startBot) : null;
    await this.media.ensureInitialized(this.audioContext());
    this.connectStartedAt = now();
    this.counters.timeToReadyMs = null;
    this.actor.send({ type: "CONNECT", target, refresh: this.refreshFrom !== null || this.options.refreshConnectParams !== undefined });
    const snapshot = await waitFor(this.actor, (s) => s.hasTag("ready") || s.hasTag("disconnecting") || s.hasTag("disconnected"), { timeout: Infinity });
    if (!snapshot.hasTag("ready")) {
      const failure = snapshot.context.failure;
      throw failure ? failureError(failure, this.redactor.string) : new TransportConnectionError("aborted", "connect was cancelled by disconnect()");
    }
    await this.media.started();
  }

  async _disconnect(): Promise<void> {
    this.actor.send({ type: "DISCONNECT" });
    await waitFor(this.actor, (s) => s.hasTag("disconnected"), { timeout: Infinity });
  }

  /** client-js calls this after `connect()`; the machine already sent client-ready on every open. */
  sendReadyMessage(): void {}

  get state(): TransportState {
    return this.reportedState;
  }

  /** client-js reports pre-connect phases (devices, bot start) here; the machine keeps them. */
  set state(state: TransportState) {
    if (state === "initializing" || state === "initialized" || state === "authenticating" || state === "authenticated" || state === "disconnected") {
      this.actor.send({ type: "SET_PHASE", phase: state });
    }
  }

  override get startBotParams(): APIRequest | undefined {
    return super.startBotParams;
  }

  /** Set by client-js's `startBot()`: reconnects of the session that follows re-run it for fresh params. */
  override set startBotParams(params: APIRequest) {
    super.startBotParams = params;
    this.redactor.addHeaderSecrets(params.headers);
    this.redactor.addSecretsFrom(params.requestData);
    this.startBotPending = true;
  }

  // ---------------------------------------------------------------- messages and audio

  /** Sends an RTVI message; while not ready it waits in the outbox (bounded) for the next bot-ready. */
  sendMessage(message: RTVIMessage): void {
    this.outbound.message(message);
  }

  /** Sends any payload through `serializer.serialize` (not queued). */
  sendRawMessage(message: unknown): void {
    this.outbound.raw(message);
  }

  /**
   * Sends one chunk of PCM16 mono audio at `recorderSampleRate` (from the recorder, or from the
   * app). Dropped and counted unless the bot is ready; dropped when the socket is backed up.
   */
  handleUserAudioStream(data: ArrayBuffer): void {
    this.outbound.audio(data);
  }

  // ---------------------------------------------------------------- inspection

  /** Subscribes to inspection events (frames, state changes, drops, errors). Returns unsubscribe. */
  inspect(listener: InspectionListener): () => void {
    return this.inspector.subscribe(listener);
  }

  /** Counters since construction (reconnects and time to ready per session). */
  getStats(): TransportStats {
    const playback = this.audio.playbackStats?.();
    return statsSnapshot(this.counters, { reconnects: this.actor.getSnapshot().context.reconnects, botBufferedMs: this.audio.bufferedMs(), ...(playback ? { playback } : {}) });
  }

  /** The live machine snapshot (read-only). */
  getSnapshot(): ConnectionSnapshot {
    return this.actor.getSnapshot();
  }

  /** The statechart's top-level state, finer than client-js's `state` (e.g. `reconnecting`). */
  get connectionState(): ConnectionState {
    return connectionStateOf(this.actor.getSnapshot());
  }

  /** The underlying XState actor, for `@statelyai/inspect` and other XState tooling. */
  get actorRef(): Actor<ReturnType<typeof provideConnection>> {
    return this.actor;
  }

  /** The URL in use, with secrets redacted (for logs and devtools). */
  get redactedUrl(): string | null {
    const url = this.actor.getSnapshot().context.url;
    return url ? this.redactor.string(url) : null;
  }

  // ---------------------------------------------------------------- internals

  private onSnapshot(snapshot: ConnectionSnapshot): void {
    this.transitions.report(this.inspector, snapshot);
    const derived = deriveTransportState(snapshot);
    if (derived !== this.reportedState) {
      this.reportedState = derived;
      this._callbacks?.onTransportStateChanged?.(derived);
    }
  }

  private audioContext(): AudioIOContext {
    return {
      recorderSampleRate: this.opts.recorderSampleRate,
      playerSampleRate: this.opts.playerSampleRate,
      onUserAudio: (chunk) => this.handleUserAudioStream(chunk),
      callbacks: (this._callbacks ?? {}) as RTVIEventCallbacks,
      enableMic: this._options?.enableMic ?? true,
    };
  }
}
