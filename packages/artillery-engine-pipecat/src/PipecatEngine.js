// @ts-check
/**
 * The Artillery engine (Artillery 2's contract, as its built-in `ws` engine implements it):
 * `new Engine(script, events, helpers)` once per worker, `createScenario(spec, events)` once per
 * scenario, returning `(context, callback)` run once per virtual user. A VU emits `started`, then
 * calls `callback(null, context)` when it completes or `callback(err, context)` to count as failed;
 * metrics go out as `events.emit("histogram" | "counter", name, value)`, the failure's text as
 * `events.emit("error", text)` (Artillery's `errors.<text>` counter).
 */
import { dirname } from "node:path";
import { LogLevel, logger as clientLogger } from "@pipecat-ai/client-js";
import { ClipLibrary } from "./clips.js";
import { artilleryErrorText, classifyError, StepError } from "./errors.js";
import { LoadMonitor } from "./LoadMonitor.js";
import { METRICS } from "./metrics.js";
import { MicClock } from "./MicClock.js";
import { audioFiles, readEngineOptions, readFlow } from "./steps.js";
import { VirtualUser } from "./VirtualUser.js";

/**
 * What Artillery passes (the parts we read).
 * @typedef {{ config?: { target?: string, engines?: Record<string, unknown> }, _scriptPath?: string }} ArtilleryScript
 * @typedef {{ emit(event: string, ...args: unknown[]): unknown }} ArtilleryEvents
 * @typedef {{ template?: (value: unknown, context: unknown) => unknown }} ArtilleryHelpers
 * @typedef {{ vars?: Record<string, unknown> }} ArtilleryContext
 * @typedef {(context: ArtilleryContext, callback: (err: unknown, context: ArtilleryContext) => void) => void} ArtilleryScenario
 */

const CLIENT_LOG_LEVELS = { none: LogLevel.NONE, error: LogLevel.ERROR, warn: LogLevel.WARN, info: LogLevel.INFO, debug: LogLevel.DEBUG };
const ORDER = ["none", "error", "warn", "info", "debug"];
const CHUNK_MS = 20;

export class PipecatEngine {
  /**
   * @param {ArtilleryScript} script
   * @param {ArtilleryEvents} _events the runner's events (unused: VUs report through the scenario's)
   * @param {ArtilleryHelpers} [helpers] Artillery's engine utilities (`template` for `{{ vars }}`)
   */
  constructor(script, _events, helpers = {}) {
    this.target = script.config?.target;
    this.template = helpers.template ?? ((/** @type {unknown} */ v) => v);
    /** @type {StepError | null} a mistake in config.engines.pipecat: fails every VU */
    this.configError = null;
    try {
      this.options = readEngineOptions(script.config?.engines?.pipecat);
    } catch (e) {
      this.configError = e instanceof StepError ? e : new StepError("invalid_scenario", String(e));
      this.options = readEngineOptions({});
    }
    clientLogger.setLevel(CLIENT_LOG_LEVELS[this.options.logLevel]);
    this.logger = makeLogger(this.options.logLevel);
    this.clock = new MicClock({ chunkMs: CHUNK_MS });
    this.clips = new ClipLibrary({
      baseDir: script._scriptPath ? dirname(script._scriptPath) : process.cwd(),
      sampleRate: this.options.recorderSampleRate,
      chunkMs: CHUNK_MS,
    });
    /** @type {Set<VirtualUser>} */
    this.sessions = new Set();
    /** @type {LoadMonitor | null} */
    this.monitor = null;
  }

  /**
   * @param {{ name?: string, flow?: unknown }} spec
   * @param {ArtilleryEvents} events
   * @returns {ArtilleryScenario}
   */
  createScenario(spec, events) {
    /** @type {import("./steps.js").Step[]} */
    let steps = [];
    /** @type {unknown} */
    let scenarioError = this.configError;
    /** @type {Promise<unknown>} */
    let clipsLoaded = Promise.resolve();
    if (!scenarioError) {
      try {
        steps = readFlow(spec.flow, this.options, spec.name ? `scenario "${spec.name}" flow` : "flow");
        clipsLoaded = Promise.all(audioFiles(steps).map((path) => this.clips.get(path)));
        clipsLoaded.catch(() => undefined); // reported by every VU that runs
      } catch (e) {
        scenarioError = e;
      }
    }
    /** @type {(type: "histogram" | "counter", name: string, value: number) => void} */
    const emit = (type, name, value) => void events.emit(type, name, value);
    this.monitor ??= new LoadMonitor(this.clock, this.sessions, emit);
    this.monitor.start();

    return (context, callback) => {
      events.emit("started");
      const run = async () => {
        if (scenarioError) throw scenarioError;
        await clipsLoaded;
        const vu = new VirtualUser({ options: this.options, clock: this.clock, clips: this.clips, emit, target: this.target, logger: this.logger, sessions: this.sessions });
        try {
          await this.runSteps(steps, vu, context);
        } finally {
          await vu.close();
        }
      };
      run().then(
        () => callback(null, context),
        (err) => {
          const failure = classifyError(err);
          events.emit("counter", `${METRICS.errorsPrefix}${failure.kind}`, 1);
          events.emit("error", artilleryErrorText(failure));
          callback(err, context);
        },
      );
    };
  }

  /**
   * @private
   * @param {import("./steps.js").Step[]} steps
   * @param {VirtualUser} vu
   * @param {ArtilleryContext} context
   */
  async runSteps(steps, vu, context) {
    const template = (/** @type {unknown} */ v) => this.template(v, context);
    for (const step of steps) {
      vu.step = step.type;
      switch (step.type) {
        case "connect":
          await vu.connect(step, template);
          break;
        case "speak":
          await vu.speak(step);
          break;
        case "waitForBot":
          await vu.waitForBot(step);
          break;
        case "bargeIn":
          await vu.bargeIn(step);
          break;
        case "send":
          await vu.send(step, template);
          break;
        case "think":
          await vu.think(step.seconds);
          break;
        case "log":
          console.log(String(template(step.text)));
          break;
        case "loop":
          for (let i = 0; i < step.count; i++) await this.runSteps(step.steps, vu, context);
          break;
        case "disconnect":
          await vu.disconnect();
          break;
      }
    }
  }
}

/**
 * The transport's logger at a level ("none" drops everything).
 * @param {string} level
 */
function makeLogger(level) {
  const on = (/** @type {string} */ l) => ORDER.indexOf(l) <= ORDER.indexOf(level) && level !== "none";
  const noop = () => {};
  return {
    debug: on("debug") ? console.debug.bind(console) : noop,
    info: on("info") ? console.info.bind(console) : noop,
    warn: on("warn") ? console.warn.bind(console) : noop,
    error: on("error") ? console.error.bind(console) : noop,
  };
}
