// @ts-check
/**
 * The scenario language: reads a scenario's `flow` (Artillery YAML) into checked step objects,
 * with every default filled in, before any VU runs — so a typo fails every VU at once with a
 * message that names the step and the fix, instead of halfway through a call.
 *
 *   - connect: { endpoint?, wsUrl?, token?, headers?, requestData?, timeout? }
 *   - speak: hello.wav                      (or { audio: hello.wav })
 *   - waitForBot: { timeout?, quietMs? }
 *   - bargeIn: { audio: hello.wav, afterMs?, timeout? }
 *   - send: { msgType, data?, expectResponse?, expect?, timeout? }
 *   - think: 1                               (seconds, as in Artillery)
 *   - log: "text {{ var }}"
 *   - loop: [ ...steps ], count: 2
 *   - disconnect: {}
 * Durations are in ms except `think` (seconds, Artillery's convention).
 */
import { StepError } from "./errors.js";

/**
 * Engine defaults (`config.engines.pipecat`), every field filled.
 * @typedef {object} EngineOptions
 * @property {number} recorderSampleRate Hz of the user audio sent (default 16000)
 * @property {number} connectTimeout ms for a connect step to reach bot-ready (default 15000)
 * @property {number} turnTimeout ms waitForBot / bargeIn wait for the bot (default 30000)
 * @property {number} quietMs ms of bot silence that ends its turn (default 1000)
 * @property {number} responseTimeout ms a `send` with `expectResponse` waits (default 10000)
 * @property {"none" | "error" | "warn" | "info" | "debug"} logLevel transport and client-js logs (default "none")
 * @property {Record<string, unknown>} transport extra `WebSocketTransport` options (default {})
 */

/**
 * @typedef {{ type: "connect", endpoint?: string, wsUrl?: string, token?: string, headers?: Record<string, string>, requestData?: unknown, timeout: number }} ConnectStep
 * @typedef {{ type: "speak", audio: string }} SpeakStep
 * @typedef {{ type: "waitForBot", timeout: number, quietMs: number }} WaitForBotStep
 * @typedef {{ type: "bargeIn", audio: string, afterMs: number, timeout: number }} BargeInStep
 * @typedef {{ type: "send", msgType: string, data: unknown, expectResponse: boolean, expect: unknown, timeout: number }} SendStep
 * @typedef {{ type: "think", seconds: number }} ThinkStep
 * @typedef {{ type: "log", text: string }} LogStep
 * @typedef {{ type: "loop", count: number, steps: Step[] }} LoopStep
 * @typedef {{ type: "disconnect" }} DisconnectStep
 * @typedef {ConnectStep | SpeakStep | WaitForBotStep | BargeInStep | SendStep | ThinkStep | LogStep | LoopStep | DisconnectStep} Step
 */

const STEP_NAMES = ["connect", "speak", "waitForBot", "bargeIn", "send", "think", "log", "loop", "disconnect"];

/**
 * Reads `config.engines.pipecat`.
 * @param {unknown} raw
 * @returns {EngineOptions}
 */
export function readEngineOptions(raw) {
  const o = isObject(raw) ? raw : {};
  const where = "config.engines.pipecat";
  known(o, ["recorderSampleRate", "connectTimeout", "turnTimeout", "quietMs", "responseTimeout", "logLevel", "transport"], where);
  const logLevel = o.logLevel ?? "none";
  if (!["none", "error", "warn", "info", "debug"].includes(String(logLevel))) {
    throw new StepError("invalid_scenario", `${where}.logLevel must be one of none, error, warn, info, debug (got ${JSON.stringify(logLevel)})`);
  }
  if (o.transport !== undefined && !isObject(o.transport)) throw new StepError("invalid_scenario", `${where}.transport must be an object of WebSocketTransport options`);
  return {
    recorderSampleRate: int(o.recorderSampleRate, 16000, 8000, 48000, `${where}.recorderSampleRate`),
    connectTimeout: int(o.connectTimeout, 15000, 100, 600000, `${where}.connectTimeout`),
    turnTimeout: int(o.turnTimeout, 30000, 100, 3600000, `${where}.turnTimeout`),
    quietMs: int(o.quietMs, 1000, 0, 60000, `${where}.quietMs`),
    responseTimeout: int(o.responseTimeout, 10000, 100, 600000, `${where}.responseTimeout`),
    logLevel: /** @type {EngineOptions["logLevel"]} */ (logLevel),
    transport: isObject(o.transport) ? o.transport : {},
  };
}

/**
 * Reads a scenario's flow.
 * @param {unknown} flow
 * @param {EngineOptions} defaults
 * @param {string} [where] for messages
 * @returns {Step[]}
 */
export function readFlow(flow, defaults, where = "flow") {
  if (!Array.isArray(flow)) throw new StepError("invalid_scenario", `${where} must be a list of steps`);
  return flow.map((item, i) => readStep(item, defaults, `${where}[${i}]`));
}

/**
 * Every WAV a flow speaks (to load them before the first VU connects).
 * @param {Step[]} steps
 * @returns {string[]}
 */
export function audioFiles(steps) {
  /** @type {string[]} */
  const out = [];
  for (const s of steps) {
    if (s.type === "speak" || s.type === "bargeIn") out.push(s.audio);
    if (s.type === "loop") out.push(...audioFiles(s.steps));
  }
  return [...new Set(out)];
}

/**
 * @param {unknown} item
 * @param {EngineOptions} d
 * @param {string} where
 * @returns {Step}
 */
function readStep(item, d, where) {
  if (!isObject(item)) throw new StepError("invalid_scenario", `${where}: a step is an object such as { speak: hello.wav }, got ${JSON.stringify(item)}`);
  const names = Object.keys(item).filter((k) => STEP_NAMES.includes(k));
  if (names.length !== 1) {
    const got = Object.keys(item).join(", ") || "nothing";
    throw new StepError("invalid_scenario", `${where}: expected exactly one of ${STEP_NAMES.join(", ")}; got ${got}`);
  }
  const name = /** @type {string} */ (names[0]);
  const value = item[name];
  const at = `${where}.${name}`;
  switch (name) {
    case "connect": {
      const v = typeof value === "string" ? (/^wss?:/i.test(value) ? { wsUrl: value } : { endpoint: value }) : objectOr(value, {}, at);
      known(v, ["endpoint", "wsUrl", "token", "headers", "requestData", "timeout"], at);
      if (v.endpoint !== undefined && v.wsUrl !== undefined) throw new StepError("invalid_scenario", `${at}: pass endpoint or wsUrl, not both`);
      if (v.headers !== undefined && !isObject(v.headers)) throw new StepError("invalid_scenario", `${at}.headers must be an object of header names and values`);
      return {
        type: "connect",
        ...(v.endpoint !== undefined ? { endpoint: str(v.endpoint, `${at}.endpoint`) } : {}),
        ...(v.wsUrl !== undefined ? { wsUrl: str(v.wsUrl, `${at}.wsUrl`) } : {}),
        ...(v.token !== undefined ? { token: str(v.token, `${at}.token`) } : {}),
        ...(isObject(v.headers) ? { headers: /** @type {Record<string, string>} */ (v.headers) } : {}),
        ...(v.requestData !== undefined ? { requestData: v.requestData } : {}),
        timeout: int(v.timeout, d.connectTimeout, 100, 600000, `${at}.timeout`),
      };
    }
    case "speak": {
      const v = typeof value === "string" ? { audio: value } : objectOr(value, undefined, at);
      known(v, ["audio"], at);
      return { type: "speak", audio: str(v.audio, `${at}.audio (a WAV file)`) };
    }
    case "waitForBot": {
      const v = objectOr(value, {}, at);
      known(v, ["timeout", "quietMs"], at);
      return { type: "waitForBot", timeout: int(v.timeout, d.turnTimeout, 100, 3600000, `${at}.timeout`), quietMs: int(v.quietMs, d.quietMs, 0, 60000, `${at}.quietMs`) };
    }
    case "bargeIn": {
      const v = typeof value === "string" ? { audio: value } : objectOr(value, undefined, at);
      known(v, ["audio", "afterMs", "timeout"], at);
      return {
        type: "bargeIn",
        audio: str(v.audio, `${at}.audio (a WAV file)`),
        afterMs: int(v.afterMs, 500, 0, 600000, `${at}.afterMs`),
        timeout: int(v.timeout, d.turnTimeout, 100, 3600000, `${at}.timeout`),
      };
    }
    case "send": {
      const v = objectOr(value, undefined, at);
      known(v, ["msgType", "data", "expectResponse", "expect", "timeout"], at);
      if (v.expectResponse !== undefined && typeof v.expectResponse !== "boolean") throw new StepError("invalid_scenario", `${at}.expectResponse must be true or false`);
      return {
        type: "send",
        msgType: str(v.msgType, `${at}.msgType`),
        data: v.data ?? {},
        expectResponse: v.expectResponse === true || v.expect !== undefined,
        expect: v.expect,
        timeout: int(v.timeout, d.responseTimeout, 100, 600000, `${at}.timeout`),
      };
    }
    case "think": {
      const seconds = typeof value === "number" ? value : Number.NaN;
      if (!(seconds >= 0 && seconds <= 3600)) throw new StepError("invalid_scenario", `${at}: seconds to pause, 0..3600 (got ${JSON.stringify(value)})`);
      return { type: "think", seconds };
    }
    case "log":
      return { type: "log", text: str(value, at) };
    case "loop": {
      known(item, ["loop", "count"], where);
      return { type: "loop", count: int(item.count, 1, 0, 100000, `${where}.count`), steps: readFlow(value, d, at) };
    }
    default: {
      const v = value === true ? {} : objectOr(value, {}, at);
      known(v, [], at);
      return { type: "disconnect" };
    }
  }
}

/** @param {unknown} v @returns {v is Record<string, unknown>} */
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * @param {unknown} v
 * @param {Record<string, unknown> | undefined} fallback used for null/undefined; undefined = required
 * @param {string} at
 * @returns {Record<string, unknown>}
 */
function objectOr(v, fallback, at) {
  if ((v === null || v === undefined) && fallback) return fallback;
  if (!isObject(v)) throw new StepError("invalid_scenario", `${at}: expected an object of options, got ${JSON.stringify(v)}`);
  return v;
}

/** @param {Record<string, unknown>} o @param {string[]} allowed @param {string} at */
function known(o, allowed, at) {
  const unknown = Object.keys(o).filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw new StepError("invalid_scenario", `${at}: unknown option(s) ${unknown.join(", ")}${allowed.length ? `; known: ${allowed.join(", ")}` : ""}`);
  }
}

/** @param {unknown} v @param {string} at @returns {string} */
function str(v, at) {
  if (typeof v !== "string" || v === "") throw new StepError("invalid_scenario", `${at} must be a non-empty string (got ${JSON.stringify(v)})`);
  return v;
}

/**
 * @param {unknown} v @param {number} fallback @param {number} min @param {number} max @param {string} at
 * @returns {number}
 */
function int(v, fallback, min, max, at) {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
    throw new StepError("invalid_scenario", `${at} must be a number from ${min} to ${max} (got ${JSON.stringify(v)})`);
  }
  return Math.round(v);
}
