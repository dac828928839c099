/**
 * The engine's pure parts, on made-up timelines: when a bot answer begins and ends (RTVI speaking
 * events and bot audio, with and without the RTVI events), what the latencies are, how a scenario
 * file is read (defaults, mistakes named), and the one mapping from failures to error kinds.
 * The engine is plain JavaScript (no build step: Artillery loads it as is), imported here untyped.
 */
import { describe, expect, it } from "vitest";

// A non-literal specifier: the engine ships no .d.ts, and the test does not need one.
const engine: any = await import(["artillery-engine-pipecat"].join(""));
const { TurnTracker, PlayoutSink, readFlow, readEngineOptions, classifyError, StepError, artilleryErrorText } = engine;

/** A tracker and a sink on a hand-moved clock. */
function setup() {
  const clock = { now: 0 };
  const answered: number[] = [];
  const bargedIn: number[] = [];
  const ref: { tracker?: any } = {};
  const sink = new PlayoutSink({ botAudio: (at: number, ms: number) => ref.tracker.botAudio(at, ms), interrupted: (at: number) => ref.tracker.interrupted(at) }, () => clock.now);
  const tracker = (ref.tracker = new TurnTracker({ answered: (ms: number) => answered.push(ms), bargedIn: (ms: number) => bargedIn.push(ms) }, sink));
  /** A 20 ms 24 kHz mono frame arriving at `at`. */
  const frame = (at: number) => {
    clock.now = at;
    sink.write({ type: "audio", audio: new Int16Array(480), sampleRate: 24000, numChannels: 1 });
  };
  return { clock, tracker, sink, answered, bargedIn, frame };
}

describe("TurnTracker", () => {
  it("measures from the end of the utterance to the bot's first audio, and ends the turn after playout and quiet", () => {
    const { clock, tracker, answered, frame } = setup();
    tracker.speechStarted(0);
    tracker.speechEnded(1500);
    expect(tracker.answerStarted).toBe(false);
    frame(1900); // first audio before the RTVI event (Pipecat may send it a few ms later)
    tracker.botStartedSpeaking(1905);
    for (let t = 1910; t < 2400; t += 10) frame(t); // 2× real time: 1 s of audio in 0.5 s
    expect(answered).toEqual([400]);
    expect(tracker.answerStarted).toBe(true);
    clock.now = 2500;
    expect(tracker.turnOverAt(2500, 300)).toBe(false); // still audible (played out at ~2920)
    tracker.botStoppedSpeaking(2950);
    expect(tracker.turnOverAt(3000, 300)).toBe(false); // quiet only 50 ms
    expect(tracker.turnOverAt(3250, 300)).toBe(true);
  });

  it("does not take audio of a turn still open from before the utterance for the answer", () => {
    const { tracker, answered, frame } = setup();
    tracker.botStartedSpeaking(0);
    frame(10);
    tracker.speechStarted(100);
    tracker.speechEnded(1000);
    frame(1010); // the bot talks on (no interruption)
    expect(answered).toEqual([]);
    tracker.botStoppedSpeaking(1100);
    frame(1500); // the answer: 500 ms after the utterance ended
    expect(answered).toEqual([500]);
  });

  it("without RTVI speaking events, answers on audio and ends on silence", () => {
    const { tracker, answered, frame } = setup();
    tracker.speechStarted(0);
    tracker.speechEnded(1000);
    frame(1300);
    expect(answered).toEqual([300]);
    expect(tracker.turnOverAt(1330, 200)).toBe(false);
    expect(tracker.turnOverAt(1520, 200)).toBe(true); // played out at 1320, quiet 200 ms
  });

  it("measures a barge-in from its first chunk to the moment the interruption silenced the bot", () => {
    const { clock, tracker, sink, answered, bargedIn, frame } = setup();
    tracker.speechStarted(0);
    tracker.speechEnded(1000);
    for (let t = 1200; t < 1700; t += 10) frame(t); // 1 s of audio queued by 1700
    tracker.botStartedSpeaking(1200);
    tracker.bargeInStarted(1600);
    tracker.speechStarted(1600);
    clock.now = 1650;
    sink.flush(); // InterruptionFrame 50 ms into the barge-in
    tracker.speechEnded(3000);
    expect(tracker.settleBargeIn(3000)).toBe(50);
    expect(bargedIn).toEqual([50]);
    expect(tracker.interruptions).toBe(1);
    expect(sink.droppedMs).toBeGreaterThan(500);
    expect(answered).toEqual([200]); // only the first answer so far
  });

  it("reports a bot that talks through the whole barge-in", () => {
    const { tracker, frame } = setup();
    tracker.bargeInStarted(0);
    for (let t = 0; t < 1000; t += 10) frame(t);
    expect(tracker.settleBargeIn(1000)).toBeNull();
  });
});

describe("scenario steps", () => {
  const defaults = readEngineOptions({});

  it("fills in the defaults", () => {
    expect(defaults).toMatchObject({ recorderSampleRate: 16000, connectTimeout: 15000, turnTimeout: 30000, quietMs: 1000, responseTimeout: 10000, logLevel: "none" });
    expect(readFlow([{ connect: {} }, { speak: "a.wav" }, { waitForBot: null }, { bargeIn: { audio: "b.wav" } }, { think: 1 }, { loop: [{ speak: "a.wav" }], count: 2 }, { disconnect: {} }], defaults)).toEqual([
      { type: "connect", timeout: 15000 },
      { type: "speak", audio: "a.wav" },
      { type: "waitForBot", timeout: 30000, quietMs: 1000 },
      { type: "bargeIn", audio: "b.wav", afterMs: 500, timeout: 30000 },
      { type: "think", seconds: 1 },
      { type: "loop", count: 2, steps: [{ type: "speak", audio: "a.wav" }] },
      { type: "disconnect" },
    ]);
  });

  it("names the step and the fix for a mistake", () => {
    const fails = (flow: unknown, message: RegExp) => {
      let err: any;
      try {
        readFlow(flow, defaults);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StepError);
      expect(err.kind).toBe("invalid_scenario");
      expect(err.message).toMatch(message);
    };
    fails([{ speek: "a.wav" }], /flow\[0\]: expected exactly one of connect, speak, .*; got speek/);
    fails([{ waitForBot: { timout: 5 } }], /flow\[0\]\.waitForBot: unknown option\(s\) timout; known: timeout, quietMs/);
    fails([{ connect: { endpoint: "http://a", wsUrl: "ws://b" } }], /pass endpoint or wsUrl, not both/);
    fails([{ think: "lots" }], /flow\[0\]\.think: seconds to pause/);
    fails([{ send: { data: {} } }], /flow\[0\]\.send\.msgType must be a non-empty string/);
    expect(() => readEngineOptions({ quietMs: -1 })).toThrow(/config\.engines\.pipecat\.quietMs must be a number from 0/);
  });
});

describe("classifyError", () => {
  it("maps the transport's codes, client-js's StartBotError and the engine's own failures to kinds", () => {
    const coded = (code: string, message = "x", extra = {}) => Object.assign(new Error(message), { code, ...extra });
    expect(classifyError(coded("connect-failed", "refused", { httpStatus: 401 }))).toEqual({ kind: "connect_refused", message: "refused (HTTP 401)" });
    expect(classifyError(coded("endpoint-failed", "POST failed with HTTP 503", { status: 503 })).kind).toBe("connect_refused");
    expect(classifyError(coded("connect-timeout")).kind).toBe("timeout");
    expect(classifyError(coded("ready-timeout")).kind).toBe("timeout");
    expect(classifyError(coded("reconnect-failed")).kind).toBe("connection_lost");
    expect(classifyError(coded("aborted")).kind).toBe("aborted");
    const startBot = Object.assign(new Error("Unauthorized"), { name: "StartBotError", status: 401, error: "invalid-request-error" });
    expect(classifyError(startBot)).toEqual({ kind: "connect_refused", message: "the endpoint refused to start the bot (HTTP 401): Unauthorized" });
    expect(classifyError(Object.assign(new Error("fetch failed"), { error: "invalid-request-error", status: 500 })).message).toMatch(/could not be reached/);
    expect(classifyError(new SyntaxError("Unexpected token 'n'")).kind).toBe("connect_refused");
    expect(classifyError(new StepError("bot_left", "gone"))).toEqual({ kind: "bot_left", message: "gone" });
    expect(classifyError(new Error("boom")).kind).toBe("unexpected");
  });

  it("gives Artillery one short line per kind and message", () => {
    expect(artilleryErrorText({ kind: "timeout", message: "waitForBot:\n  no answer" })).toBe("pipecat.timeout: waitForBot: no answer");
    expect(artilleryErrorText({ kind: "unexpected", message: "x".repeat(500) })).toHaveLength(200);
  });
});
