// @ts-check
/**
 * One Artillery virtual user: a `PipecatClient` with pipecat-ws-transport's Node transport, a
 * microphone on the worker's shared clock (silence between turns, WAV clips when it speaks), a
 * playout model of the bot's audio, and the turn tracker that turns both into latencies. Each
 * scenario step is one method; a step that cannot meet its expectation throws a `StepError`, and a
 * session that ends under a step (the bot leaves, the connection is lost) fails the step it is in.
 */
import { performance } from "node:perf_hooks";
import { clearTimeout, setTimeout } from "node:timers";
import { PipecatClient } from "@pipecat-ai/client-js";
import { StreamAudioIO, WebSocketTransport } from "pipecat-ws-transport/node";
import { StepError } from "./errors.js";
import { METRICS } from "./metrics.js";
import { Mic } from "./MicClock.js";
import { PlayoutSink } from "./PlayoutSink.js";
import { TurnTracker } from "./TurnTracker.js";
import { matchesPartial, where } from "./util.js";

/**
 * What a VU needs from its worker.
 * @typedef {object} VirtualUserEnv
 * @property {import("./steps.js").EngineOptions} options
 * @property {import("./MicClock.js").MicClock} clock
 * @property {import("./clips.js").ClipLibrary} clips
 * @property {(type: "histogram" | "counter", name: string, value: number) => void} emit
 * @property {string | undefined} target the run's `config.target`
 * @property {{ debug(...a: unknown[]): void, info(...a: unknown[]): void, warn(...a: unknown[]): void, error(...a: unknown[]): void }} logger
 * @property {Set<VirtualUser>} sessions connected VUs of this worker
 */

/**
 * @typedef {{ predicate: (now: number) => boolean, deadline: number, onTimeout: () => StepError,
 *   resolve: (now: number) => void, reject: (e: unknown) => void }} Waiter
 */

export class VirtualUser {
  /** @param {VirtualUserEnv} env */
  constructor(env) {
    this.env = env;
    /** @type {PipecatClient | null} */
    this.client = null;
    /** @type {WebSocketTransport | null} */
    this.transport = null;
    /** @type {Mic | null} */
    this.mic = null;
    /** @type {PlayoutSink | null} */
    this.sink = null;
    /** @type {TurnTracker | null} */
    this.tracker = null;
    /** The step running, for messages. */
    this.step = "";
    /** @type {StepError | null} the session ended under us */
    this.failure = null;
    /** @type {Waiter | null} */
    this.waiter = null;
    this.ready = false;
    this.closing = false;
    /** A barge-in waits for its first chunk to be sent. */
    this.bargeInPending = false;
    /** @type {((e: unknown) => void) | undefined} rejects the promise a step is waiting on */
    this.failureListener = undefined;
    this.emitted = { botAudioMs: 0, userAudioMs: 0, reconnects: 0, malformed: 0 };
  }

  /** @param {import("./steps.js").ConnectStep} step @param {(v: unknown) => unknown} template */
  async connect(step, template) {
    if (this.client) throw new StepError("invalid_scenario", "connect: this VU is already connected; add a disconnect step before connecting again");
    const { options, target } = this.env;
    const endpoint = /** @type {string | undefined} */ (template(step.endpoint));
    const wsUrl = /** @type {string | undefined} */ (template(step.wsUrl)) ?? (endpoint === undefined && target && /^wss?:/i.test(target) ? target : undefined);
    const url = endpoint ?? wsUrl ?? target;
    if (!url) throw new StepError("invalid_scenario", "connect: no bot to call: run with --target http://host/connect (or ws://host/ws), or give connect.endpoint or connect.wsUrl");

    const tracker = new TurnTracker(
      {
        answered: (ms) => {
          this.env.emit("histogram", METRICS.responseLatency, ms);
          this.env.emit("counter", METRICS.turns, 1);
        },
        bargedIn: (ms) => this.env.emit("histogram", METRICS.interruptionLatency, ms),
      },
      { audibleAt: (now) => sink.audibleAt(now), get audibleUntil() { return sink.audibleUntil; } },
    );
    const sink = new PlayoutSink({
      botAudio: (at, ms) => tracker.botAudio(at, ms),
      interrupted: (at) => {
        // The transport also empties the player when the connection drops; that is no barge-in.
        if (this.transport?.connectionState !== "reconnecting") {
          tracker.interrupted(at);
          this.env.emit("counter", METRICS.interruptions, 1);
        }
      },
    });
    this.tracker = tracker;
    this.sink = sink;
    const transport = new WebSocketTransport({
      ...options.transport,
      recorderSampleRate: options.recorderSampleRate,
      audio: new StreamAudioIO({ sink }),
      logger: this.env.logger,
      ...(step.token ? { token: String(template(step.token)) } : {}),
    });
    this.transport = transport;
    this.client = new PipecatClient({
      transport,
      enableMic: true,
      enableCam: false,
      callbacks: {
        onBotStartedSpeaking: () => tracker.botStartedSpeaking(performance.now()),
        onBotStoppedSpeaking: () => tracker.botStoppedSpeaking(performance.now()),
        onBotDisconnected: () => {
          if (this.ready && !this.closing) this.fail(new StepError("bot_left", `the bot ended the session during ${this.step || "the scenario"}`));
        },
        onError: (msg) => {
          const data = /** @type {{ fatal?: boolean, error?: string, message?: string }} */ (msg.data ?? {});
          if (this.ready && !this.closing && data.fatal) this.fail(new StepError("connection_lost", `connection lost during ${this.step}: ${data.error ?? data.message ?? "fatal error"}`));
        },
      },
    });

    const t0 = performance.now();
    const connecting = endpoint || (!wsUrl && url === target)
      ? this.client.startBotAndConnect({
          endpoint: url,
          ...(step.headers ? { headers: new globalThis.Headers(/** @type {Record<string, string>} */ (template(step.headers))) } : {}),
          ...(step.requestData !== undefined ? { requestData: /** @type {import("@pipecat-ai/client-js").APIRequest["requestData"]} */ (template(step.requestData)) } : {}),
        })
      : this.client.connect({ wsUrl: url });
    try {
      await withTimeout(connecting, step.timeout, () => new StepError("timeout", `connect: no bot-ready within ${step.timeout} ms from ${where(url)}`));
    } catch (e) {
      await this.client.disconnect().catch(() => undefined);
      throw e;
    }
    this.ready = true;
    this.env.emit("histogram", METRICS.connectToReady, performance.now() - t0);
    const chunkMs = this.env.clock.chunkMs;
    this.mic = new Mic((chunk) => transport.handleUserAudioStream(chunk), { chunkMs, chunkSamples: this.env.clips.chunkSamples }, {
      speechStarted: (at) => {
        if (this.bargeInPending) {
          this.bargeInPending = false;
          tracker.bargeInStarted(at);
        }
        tracker.speechStarted(at);
      },
      speechEnded: (at) => tracker.speechEnded(at),
    });
    this.env.clock.add(this);
    this.env.sessions.add(this);
  }

  /** @param {import("./steps.js").SpeakStep} step */
  async speak(step) {
    const mic = this.connected("speak");
    const clip = await this.env.clips.get(step.audio);
    await this.untilFailure(mic.play(clip));
    this.check();
  }

  /** @param {import("./steps.js").WaitForBotStep} step */
  async waitForBot(step) {
    const tracker = this.connected("waitForBot") && /** @type {TurnTracker} */ (this.tracker);
    await this.waitFor((now) => tracker.turnOverAt(now, step.quietMs), step.timeout, () =>
      tracker.answerStarted
        ? new StepError("timeout", `waitForBot: the bot's turn did not end within ${step.timeout} ms`)
        : new StepError("timeout", `waitForBot: the bot did not answer within ${step.timeout} ms`),
    );
    this.flushCounters();
  }

  /** @param {import("./steps.js").BargeInStep} step */
  async bargeIn(step) {
    const mic = this.connected("bargeIn");
    const tracker = /** @type {TurnTracker} */ (this.tracker);
    const clip = await this.env.clips.get(step.audio);
    await this.waitFor((now) => tracker.answerStarted || tracker.botTalkingAt(now), step.timeout, () =>
      new StepError("timeout", `bargeIn: the bot did not start talking within ${step.timeout} ms`),
    );
    const began = (tracker.utterances === 0 ? tracker.firstBotActivity : tracker.answerStartedAt) ?? performance.now();
    await this.waitFor((now) => now >= began + step.afterMs, step.afterMs + 1000, () => new StepError("unexpected", "bargeIn: the clock stalled"));
    if (!tracker.botTalkingAt(performance.now())) {
      throw new StepError("expectation_failed", `bargeIn: the bot had stopped talking before ${step.afterMs} ms (afterMs) into its answer; use a smaller afterMs or a longer prompt`);
    }
    this.bargeInPending = true;
    const spoken = await this.untilFailure(mic.play(clip));
    this.check();
    if (spoken && tracker.settleBargeIn(spoken.endedAt) === null) {
      throw new StepError("expectation_failed", `bargeIn: the bot kept talking through the whole barge-in (${clip.durationMs} ms of ${clip.name}): it did not stop for the user`);
    }
  }

  /** @param {import("./steps.js").SendStep} step @param {(v: unknown) => unknown} template */
  async send(step, template) {
    this.connected("send");
    const client = /** @type {PipecatClient} */ (this.client);
    const data = template(step.data);
    if (!step.expectResponse) {
      client.sendClientMessage(step.msgType, data);
      return;
    }
    const request = client.sendClientRequest(step.msgType, data, step.timeout + 1000);
    request.catch(() => undefined); // settled late after our own timeout
    let response;
    try {
      response = await this.untilFailure(withTimeout(request, step.timeout, () => new StepError("timeout", `send ${step.msgType}: no response within ${step.timeout} ms`)));
    } catch (e) {
      if (e instanceof StepError) throw e;
      const r = /** @type {{ type?: string, data?: { error?: string } }} */ (e);
      if (r && r.type === "error-response") throw new StepError("expectation_failed", `send ${step.msgType}: the bot answered error-response: ${r.data?.error ?? "no detail"}`);
      throw e;
    }
    if (step.expect !== undefined && !matchesPartial(response, step.expect)) {
      throw new StepError("expectation_failed", `send ${step.msgType}: response ${JSON.stringify(response).slice(0, 120)} does not match expect ${JSON.stringify(step.expect).slice(0, 120)}`);
    }
  }

  /** @param {number} seconds */
  async think(seconds) {
    await this.untilFailure(new Promise((r) => setTimeout(r, seconds * 1000)));
    this.check();
  }

  /** Leaves the call; the bot leaving afterwards is no failure. */
  async disconnect() {
    if (!this.client) return;
    this.closing = true;
    this.flushCounters();
    this.stopMic();
    await this.client.disconnect().catch(() => undefined);
    this.client = null;
    this.transport = null;
    this.ready = false;
    this.closing = false;
  }

  /** Ends the VU: leaves the call if still in it. Never throws. */
  async close() {
    this.stopMic();
    const w = this.waiter;
    this.waiter = null;
    w?.reject(new StepError("aborted", "the VU ended"));
    await this.disconnect().catch(() => undefined);
  }

  /** Clock member: one mic chunk per tick, and a look at what the current step waits for. @param {number} now */
  tick(now) {
    this.mic?.tick(now);
    const w = this.waiter;
    if (!w) return;
    if (this.failure) {
      this.waiter = null;
      w.reject(this.failure);
    } else if (w.predicate(now)) {
      this.waiter = null;
      w.resolve(now);
    } else if (now >= w.deadline) {
      this.waiter = null;
      w.reject(w.onTimeout());
    }
  }

  /** Emits counters accumulated since the last call (bot audio, user audio, reconnects, malformed frames). */
  flushCounters() {
    const { emit } = this.env;
    const stats = this.transport?.getStats();
    const botMs = Math.round(this.sink?.receivedMs ?? 0);
    const userMs = Math.round(this.mic?.sentMs ?? 0);
    const reconnects = stats?.reconnects ?? this.emitted.reconnects;
    const malformed = stats ? Object.values(stats.malformed).reduce((n, c) => n + (c ?? 0), 0) : this.emitted.malformed;
    if (botMs > this.emitted.botAudioMs) emit("counter", METRICS.botAudioMs, botMs - this.emitted.botAudioMs);
    if (userMs > this.emitted.userAudioMs) emit("counter", METRICS.userAudioMs, userMs - this.emitted.userAudioMs);
    if (reconnects > this.emitted.reconnects) emit("counter", METRICS.reconnects, reconnects - this.emitted.reconnects);
    if (malformed > this.emitted.malformed) emit("counter", `${METRICS.errorsPrefix}malformed_input`, malformed - this.emitted.malformed);
    this.emitted = { botAudioMs: botMs, userAudioMs: userMs, reconnects, malformed };
  }

  /**
   * @private
   * @param {string} step
   * @returns {Mic}
   */
  connected(step) {
    this.step = step;
    this.check();
    if (!this.mic || !this.ready) throw new StepError("invalid_scenario", `${step}: not connected; add a connect step before it`);
    return this.mic;
  }

  /** @private Throws the session's failure, if it ended. */
  check() {
    if (this.failure) throw this.failure;
  }

  /** @private @param {StepError} failure */
  fail(failure) {
    if (this.failure) return;
    this.failure = failure;
    this.stopMic();
    const w = this.waiter;
    this.waiter = null;
    w?.reject(failure);
    this.failureListener?.(failure);
  }

  /** @private */
  stopMic() {
    this.mic?.stopClip();
    this.env.clock.remove(this);
    this.env.sessions.delete(this);
  }

  /**
   * @private
   * @template T
   * @param {Promise<T>} promise
   * @returns {Promise<T>}
   */
  untilFailure(promise) {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.failureListener = reject;
      promise.then(resolve, reject).finally(() => (this.failureListener = undefined));
    });
  }

  /**
   * Resolves when `predicate(now)` holds, checked on every clock tick (20 ms).
   * @private
   * @param {(now: number) => boolean} predicate
   * @param {number} timeoutMs
   * @param {() => StepError} onTimeout
   * @returns {Promise<number>}
   */
  waitFor(predicate, timeoutMs, onTimeout) {
    this.check();
    return new Promise((resolve, reject) => {
      this.waiter = { predicate, deadline: performance.now() + timeoutMs, onTimeout, resolve, reject };
    });
  }
}

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {() => Error} onTimeout
 * @returns {Promise<T>}
 */
function withTimeout(promise, ms, onTimeout) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, timeout])).finally(() => clearTimeout(timer));
}
