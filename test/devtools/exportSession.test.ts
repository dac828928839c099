/**
 * Session export (format 2) and its replay: what a live store exports opens again and shows, at
 * any time of the session, what the panel showed then; secrets stay out on the way out and on
 * the way back in; format 1 files still open; anything else is refused with a reason.
 */
import { describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connectionMachine.js";
import { describeMachine } from "../../machines/describeMachine.js";
import { DevtoolsStore } from "../../devtools/src/store.js";
import { EXPORT_FORMAT } from "../../devtools/src/model/exportSession.js";
import { ReplaySession } from "../../devtools/src/model/replay.js";
import { exportStore } from "../../devtools/src/ui/exportLive.js";
import { bytesLookSecret, fromHex, hexDump, toHex } from "../../devtools/src/model/hex.js";
import { ReplayTransport, SnapshotTransport, audioEvent, rtviEvent } from "./support/replayTransport.js";

function recordedSession() {
  const transport = new SnapshotTransport();
  transport.redactedUrl = "ws://127.0.0.1:7860/ws?token=leaked-by-a-custom-transport";
  let clock = 1000;
  const store = new DevtoolsStore(transport, { schedule: () => {}, statsIntervalMs: 60_000, now: () => clock });
  store.attach();
  transport.context = { url: "ws://127.0.0.1:7860/ws?token=sekrit", attempt: 0, reconnect: { maxAttempts: 2 } };
  transport.emit(
    { kind: "state", time: 1100, state: "connecting", previous: "idle", event: "CONNECT", attempt: 0, maxAttempts: 2 },
    rtviEvent(1200, "out", "client-ready", { version: "2.1.0" }),
    rtviEvent(1300, "out", "client-message", { t: "auth", data: { api_key: "sk-123", note: "Bearer abc.def" } }),
    { ...audioEvent(1400, "in", 0.3, 24000), bytes: new Uint8Array([0x12, 0x05, 0x41, 0x42]) } as never,
    audioEvent(1420, "in", 0.1, 24000),
    { kind: "frame", time: 1500, direction: "in", frameType: "malformed", size: 7, malformed: { reason: "invalid-json", detail: "Unexpected token" } },
  );
  transport.context = { ...transport.context, attempt: 1, lastClose: { code: 1006, reason: "" } };
  transport.emit({ kind: "state", time: 2000, state: "reconnecting.backoff", previous: "connecting", event: "SOCKET.CLOSE", attempt: 1, maxAttempts: 2, retryInMs: 500 });
  transport.emit({ kind: "error", time: 2600, message: "gave up", fatal: true });
  clock = 3000;
  store.detach();
  return { store, text: exportStore(store, describeMachine(connectionMachine), new Date("2026-01-02T03:04:05Z")) };
}

describe("session export", () => {
  it("exports log, timeline with contexts, counters and the machine as redacted JSON", () => {
    const { text } = recordedSession();
    expect(text).not.toMatch(/sk-123|abc\.def|leaked-by|sekrit/);
    const doc = JSON.parse(text);
    expect(doc.format).toBe(EXPORT_FORMAT);
    expect(doc.exportedAt).toBe("2026-01-02T03:04:05.000Z");
    expect(doc.durationMs).toBe(2000);
    expect(doc.url).toBe("ws://127.0.0.1:7860/ws?token=***");
    expect(doc.machine.states.map((s: { path: string }) => s.path)).toEqual(describeMachine(connectionMachine).states.map((s) => s.path));
    expect(doc.timeline[0]).toMatchObject({ t: 100, from: "idle", to: "connecting", event: "CONNECT", durationInFromMs: null, attempt: 0, context: { url: "ws://127.0.0.1:7860/ws?token=***" } });
    expect(doc.timeline[1]).toMatchObject({ retryInMs: 500, context: { attempt: 1, lastClose: { code: 1006 } } });
    expect(doc.log.map((r: { kind: string }) => r.kind)).toEqual(["message", "message", "audio", "malformed", "error"]);
    expect(doc.log[0]).toMatchObject({ t: 200, direction: "out", summary: "client-ready", message: { type: "client-ready", data: { version: "2.1.0" } } });
    expect(doc.log[1].message.data.data.api_key).toBe("***");
    expect(doc.log[2]).toMatchObject({ kind: "audio", frames: 2, sampleRate: 24000, levelMean: 0.2, levelPeak: 0.3, lastT: 420, wire: "12054142" });
    expect(doc.log[3]).toMatchObject({ malformed: { reason: "invalid-json", detail: "Unexpected token" } });
    expect(doc.stats.framesIn).toBe(3);
    expect(doc.samples.length).toBeGreaterThanOrEqual(1);
  });
});

describe("session replay", () => {
  it("shows, at each time, the state, rows, context and countdown the panel showed then", () => {
    const { text } = recordedSession();
    const replay = ReplaySession.parse(text);
    expect(replay.durationMs).toBe(2000);
    expect(replay.machine?.states.length).toBe(describeMachine(connectionMachine).states.length);

    const start = replay.viewAt(0);
    expect(start).toMatchObject({ mode: "replay", state: "idle", rows: [], timeline: [] });
    const early = replay.viewAt(350);
    expect(early.state).toBe("connecting");
    expect(early.rows.map((r) => r.kind)).toEqual(["message", "message"]);
    expect((early.context as { attempt: number }).attempt).toBe(0);
    const backoff = replay.viewAt(1200);
    expect(backoff).toMatchObject({ state: "reconnecting.backoff", attempt: 1, maxAttempts: 2, retryAt: 1500, failed: false });
    expect((backoff.context as { lastClose: { code: number } }).lastClose.code).toBe(1006);
    const end = replay.viewAt(2000);
    expect(end.failed).toBe(true); // the fatal error after entering the state
    expect(end.rows.map((r) => r.kind)).toEqual(["message", "message", "audio", "malformed", "error"]);
    const audio = end.rows[2]!;
    expect(audio.kind === "audio" && [...(audio.wire ?? [])]).toEqual([0x12, 0x05, 0x41, 0x42]);
    expect(end.stats.framesIn).toBe(3);
  });

  it("opens format 1 files (no machine, final counters only)", () => {
    const v1 = {
      format: "pipecat-ws-transport/devtools-session@1", exportedAt: "2026-01-01T00:00:00.000Z", url: null, state: "connected.ready",
      stats: { framesIn: 9 }, timeline: [{ t: 5, from: "idle", to: "connecting", event: "CONNECT", durationInFromMs: null, attempt: 0 }],
      log: [{ kind: "message", t: 7, direction: "in", size: 20, summary: "bot-ready", message: { type: "bot-ready" } }], evictedRows: 0,
    };
    const replay = ReplaySession.parse(JSON.stringify(v1));
    expect(replay.machine).toBeNull();
    expect(replay.viewAt(6).state).toBe("connecting");
    expect(replay.viewAt(10).rows[0]).toMatchObject({ kind: "message", summary: "bot-ready" });
    expect(replay.viewAt(10).stats.framesIn).toBe(9);
  });

  it("redacts a file again on the way in, and refuses what is not a session", () => {
    const hostile = { format: EXPORT_FORMAT, log: [{ kind: "message", t: 1, direction: "in", size: 5, summary: "x", message: { token: "abc", url: "wss://h/?token=zzz" } }], timeline: [] };
    const replay = ReplaySession.parse(hostile);
    expect(JSON.stringify(replay.viewAt(5).rows)).not.toMatch(/abc|zzz/);
    expect(() => ReplaySession.parse("{nope")).toThrow(/invalid JSON/);
    expect(() => ReplaySession.parse(JSON.stringify({ format: "something-else" }))).toThrow(/expected format "pipecat-ws-transport\/devtools-session@2".*found "something-else"/);
    expect(() => ReplaySession.parse("[]")).toThrow(/found none/);
  });
});

describe("raw bytes", () => {
  it("dumps hex like xxd and round-trips through the export's hex strings", () => {
    const bytes = new Uint8Array([...Array(20).keys()].map((i) => i + 0x3c));
    expect(hexDump(bytes).split("\n")).toEqual([
      "0000  3c 3d 3e 3f 40 41 42 43  44 45 46 47 48 49 4a 4b  |<=>?@ABCDEFGHIJK|",
      "0010  4c 4d 4e 4f                                       |LMNO|",
    ]);
    expect(fromHex(toHex(bytes))).toEqual(bytes);
    expect(fromHex("abc")).toBeNull();
  });

  it("keeps no bytes that look like they carry a secret (the ASCII column would show it)", () => {
    const transport = new ReplayTransport();
    const store = new DevtoolsStore(transport, { schedule: () => {}, statsIntervalMs: 60_000 });
    store.attach();
    const secret = new TextEncoder().encode('\x22\x10{"token":"s3cr3t-value","x":1}');
    expect(bytesLookSecret(secret)).toBe(true);
    transport.emit({ ...rtviEvent(1, "in", "bot-ready"), bytes: secret } as never, { ...rtviEvent(2, "in", "bot-ready"), bytes: new Uint8Array([1, 2, 3]) } as never);
    const [hidden, shown] = store.log.toArray();
    expect("wire" in hidden!).toBe(false);
    expect(shown && "wire" in shown ? [...shown.wire!] : []).toEqual([1, 2, 3]);
    store.detach();
  });
});
