/**
 * artillery-engine-pipecat through the real Artillery CLI against the real dev bot (in this
 * process, port 0): the shipped examples/load/echo-bot.yml with a few VUs completes with the
 * metrics per turn; a refused token fails every VU with `connect_refused` and the server's reason;
 * a bot that never answers times out `waitForBot`; a bot that never says bot-ready times out
 * `connect`; a bot that hangs up fails the step with `bot_left`; a dropped connection reconnects
 * and is counted. A few VUs for a few seconds each; no latency figures are asserted (those are
 * `npm run bench -- --only artillery`).
 */
import { afterEach, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { startDevServer, type DevServer } from "../../src/server/index.js";
import { errorCounters, runArtillery } from "./support/runArtillery.js";

const echoBotYml = fileURLToPath(new URL("../../examples/load/echo-bot.yml", import.meta.url));
const helloWav = fileURLToPath(new URL("../../examples/load/hello.wav", import.meta.url));

let server: DevServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A scenario of `flow` for `vus` VUs arriving within a second. */
function scenario(target: string, vus: number, flow: object[], engine: object = {}): object {
  return {
    config: { target, phases: [{ duration: 1, arrivalCount: vus }], engines: { pipecat: engine } },
    scenarios: [{ name: "test", engine: "pipecat", flow }],
  };
}

describe("artillery-engine-pipecat", () => {
  it("runs examples/load/echo-bot.yml against the dev bot: every VU completes, with a latency per turn", async () => {
    server = await startDevServer({ port: 0, logger: false });
    const vus = 3;
    const run = await runArtillery({
      script: echoBotYml,
      target: server.connectUrl,
      // A few VUs, and a shorter quiet window than the shipped 1000 ms, to keep the test short.
      overrides: { config: { phases: [{ duration: 1, arrivalCount: vus }], engines: { pipecat: { quietMs: 300 } } } },
    });
    const { counters, summaries } = run.report.aggregate;
    expect(errorCounters(run.report), run.stdout).toEqual({});
    expect(counters["vusers.failed"]).toBe(0);
    expect(counters["vusers.completed"]).toBe(vus);
    expect(summaries["pipecat.connect_to_ready"]?.count).toBe(vus);
    // Each VU: two answers heard out and the answer to the barge-in → three turns.
    expect(summaries["pipecat.response_latency"]?.count).toBe(3 * vus);
    expect(counters["pipecat.turns"]).toBe(3 * vus);
    expect(summaries["pipecat.interruption_latency"]?.count).toBe(vus);
    expect(counters["pipecat.interruptions"]).toBeGreaterThanOrEqual(vus);
    expect(summaries["pipecat.response_latency"]!.min).toBeGreaterThan(0);
    // The echo bot speaks back what it heard: at least the two answers heard out per VU (1.5 s each).
    expect(counters["pipecat.bot_audio_ms"]).toBeGreaterThan(vus * 2 * 1200);
    expect(counters["pipecat.user_audio_ms"]).toBeGreaterThan(vus * 3 * 1400);
    expect(summaries["pipecat.loadgen.mic_lag"]?.count).toBeGreaterThan(0);
    expect(run.code).toBe(0);
  });

  it("fails every VU with connect_refused and the server's reason when the token is refused", async () => {
    server = await startDevServer({ port: 0, logger: false });
    const port = new URL(server.connectUrl).port;
    const run = await runArtillery({
      script: scenario(`ws://127.0.0.1:${port}/ws?token=not-the-token`, 2, [{ connect: {} }, { speak: helloWav }, { disconnect: {} }]),
    });
    const { counters } = run.report.aggregate;
    expect(counters["vusers.failed"]).toBe(2);
    expect(counters["vusers.completed"] ?? 0).toBe(0);
    expect(counters["pipecat.errors.connect_refused"]).toBe(2);
    const errors = Object.keys(errorCounters(run.report));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^errors\.pipecat\.connect_refused: .*401/);
    expect(errors[0]).not.toContain("not-the-token");
  });

  it("times out waitForBot when the bot never answers, and connect when it never says bot-ready", async () => {
    // A bot whose VAD never fires (threshold 0 dBFS): it says bot-ready, then never answers;
    // and a bot that leaves client-ready unanswered. Both runs at once.
    server = await startDevServer({ port: 0, logger: false, vad: { thresholdDbfs: 0 } });
    const silent = await startDevServer({ port: 0, logger: false });
    try {
      silent.faults.withholdBotReady(1);
      const [deaf, mute] = await Promise.all([
        runArtillery({ script: scenario(server.connectUrl, 2, [{ connect: {} }, { speak: helloWav }, { waitForBot: { timeout: 1500 } }, { disconnect: {} }]) }),
        runArtillery({ script: scenario(silent.connectUrl, 1, [{ connect: { timeout: 1500 } }, { disconnect: {} }]) }),
      ]);
      expect(deaf.report.aggregate.counters["vusers.failed"]).toBe(2);
      expect(deaf.report.aggregate.counters["pipecat.errors.timeout"]).toBe(2);
      expect(errorCounters(deaf.report)).toEqual({ "errors.pipecat.timeout: waitForBot: the bot did not answer within 1500 ms": 2 });
      expect(mute.report.aggregate.counters["vusers.failed"]).toBe(1);
      expect(mute.report.aggregate.counters["pipecat.errors.timeout"]).toBe(1);
      expect(Object.keys(errorCounters(mute.report))).toEqual([expect.stringMatching(/^errors\.pipecat\.timeout: connect: no bot-ready within 1500 ms/)]);
    } finally {
      await silent.close();
    }
  });

  it("fails the step with bot_left when the bot hangs up, and counts a reconnect after a dropped connection", async () => {
    server = await startDevServer({ port: 0, logger: false });
    const dropping = await startDevServer({ port: 0, logger: false });
    /** Once a VU is on the line (it then thinks for 4 s), does `act` to its connection. */
    const whenConnected = async (bot: DevServer, act: () => void) => {
      const deadline = performance.now() + 30_000;
      while (bot.connectionCount() === 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300));
      act();
    };
    const flow = [{ connect: {} }, { think: 4 }, { speak: helloWav }, { waitForBot: { quietMs: 300 } }, { disconnect: {} }];
    try {
      const [left, dropped] = await Promise.all([
        runArtillery({ script: scenario(server.connectUrl, 1, flow) }),
        runArtillery({ script: scenario(dropping.connectUrl, 1, flow) }),
        whenConnected(server, () => server!.faults.closeConnections(1000, "goodbye")),
        whenConnected(dropping, () => dropping.faults.dropConnections()),
      ]);
      expect(left.report.aggregate.counters["pipecat.errors.bot_left"]).toBe(1);
      expect(Object.keys(errorCounters(left.report))).toEqual(["errors.pipecat.bot_left: the bot ended the session during think"]);
      expect(errorCounters(dropped.report), dropped.stdout).toEqual({});
      expect(dropped.report.aggregate.counters["vusers.completed"]).toBe(1);
      expect(dropped.report.aggregate.counters["pipecat.reconnects"]).toBeGreaterThanOrEqual(1);
      expect(dropped.report.aggregate.counters["pipecat.turns"]).toBe(1);
    } finally {
      await dropping.close();
    }
  });
});
