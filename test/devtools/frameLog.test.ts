import { describe, expect, it } from "vitest";
import { FrameLog, meanLevel, type AudioRow, type FrameRow } from "../../devtools/src/model/frameLog.js";
import { audioEvent, rtviEvent } from "./support/replayTransport.js";

describe("FrameLog grouping", () => {
  it("folds audio frames into one row per direction per second", () => {
    const log = new FrameLog();
    // 3 seconds at 50 frames/s each way, interleaved like a real session.
    for (let i = 0; i < 150; i++) {
      const t = 1000 + i * 20;
      log.add(audioEvent(t, "in", 0.2, 24000));
      log.add(audioEvent(t + 1, "out", 0.05, 16000));
    }
    const rows = log.toArray() as AudioRow[];
    expect(rows.map((r) => `${r.direction}@${r.second}:${r.count}`)).toEqual([
      "in@1:50", "out@1:50", "in@2:50", "out@2:50", "in@3:50", "out@3:50",
    ]);
    const first = rows[0]!;
    expect(first.bytes).toBe(50 * (480 * 2 + 12));
    expect(first.samples).toBe(50 * 480);
    expect(first.sampleRate).toBe(24000);
    expect(meanLevel(first)).toBeCloseTo(0.2, 6);
    expect(first.rev).toBe(49);
  });

  it("keeps folding into the open audio row across other rows in the same second", () => {
    const log = new FrameLog();
    log.add(audioEvent(5000, "in"));
    log.add(rtviEvent(5010, "in", "bot-started-speaking"));
    log.add(audioEvent(5020, "in", 0.9));
    const rows = log.toArray();
    expect(rows.map((r) => r.kind)).toEqual(["audio", "message"]);
    expect((rows[0] as AudioRow).count).toBe(2);
    expect((rows[0] as AudioRow).levelPeak).toBe(0.9);
  });

  it("starts a new audio row when the open one was evicted", () => {
    const log = new FrameLog({ maxRows: 2 });
    log.add(audioEvent(5000, "in"));
    log.add(rtviEvent(5001, "in", "a"));
    log.add(rtviEvent(5002, "in", "b"));
    log.add(audioEvent(5003, "in"));
    expect(log.toArray().map((r) => r.kind)).toEqual(["message", "audio"]);
    expect((log.toArray()[1] as AudioRow).count).toBe(1);
  });

  it("groups drops per reason per second and logs errors", () => {
    const log = new FrameLog();
    for (let i = 0; i < 10; i++) log.add({ kind: "drop", time: 100 + i * 20, what: "mic-audio", reason: "reconnecting" });
    log.add({ kind: "drop", time: 300, what: "message", reason: "queue-full" });
    log.add({ kind: "error", time: 310, message: "connection lost (code 1006); reconnecting", fatal: false });
    const rows = log.toArray();
    expect(rows.map((r) => r.kind)).toEqual(["drop", "drop", "error"]);
    expect(rows[0]).toMatchObject({ what: "mic-audio", reason: "reconnecting", count: 10 });
  });

  it("decodes RTVI messages into a summary and redacted JSON, truncating huge payloads", () => {
    const log = new FrameLog({ maxJsonPerRow: 200 });
    log.add(rtviEvent(1, "in", "user-transcription", { text: "hello there", final: true }));
    log.add(rtviEvent(2, "out", "client-message", { token: "s3cret", url: "ws://h/?token=s3cret" }));
    log.add(rtviEvent(3, "in", "bot-llm-text", { text: "x".repeat(1000) }));
    const [a, b, c] = log.toArray() as FrameRow[];
    expect(a!.summary).toBe("user-transcription: hello there");
    expect(JSON.parse(a!.json!)).toMatchObject({ type: "user-transcription", data: { text: "hello there", final: true } });
    expect(b!.json).not.toContain("s3cret");
    expect(b!.search).not.toContain("s3cret");
    expect(c!.truncated).toBe(true);
    expect(c!.json!.length).toBeLessThan(300);
  });

  it("keeps malformed frames with their reason, and text/transcription/interruption frames", () => {
    const log = new FrameLog();
    log.add({ kind: "frame", time: 1, direction: "in", frameType: "malformed", size: 3, malformed: { reason: "odd-length-audio", detail: "3 bytes" } });
    log.add({ kind: "frame", time: 2, direction: "in", frameType: "text", size: 10, text: "see https://x/?token=abc" });
    log.add({ kind: "frame", time: 3, direction: "in", frameType: "transcription", size: 10, text: "hi" });
    log.add({ kind: "frame", time: 4, direction: "in", frameType: "interruption", size: 2 });
    const rows = log.toArray() as FrameRow[];
    expect(rows.map((r) => r.kind)).toEqual(["malformed", "text", "transcription", "interruption"]);
    expect(rows[0]!.malformed).toEqual({ reason: "odd-length-audio", detail: "3 bytes" });
    expect(rows[0]!.summary).toContain("odd-length-audio");
    expect(rows[1]!.summary).toBe("see https://x/?token=***");
  });

  it("ignores state events (they belong to the timeline)", () => {
    const log = new FrameLog();
    log.add({ kind: "state", time: 1, state: "connecting", previous: "idle", event: "CONNECT", attempt: 0, maxAttempts: 2 });
    expect(log.toArray()).toEqual([]);
  });

  it("stays bounded by rows and by stored characters", () => {
    const log = new FrameLog({ maxRows: 50, maxJsonChars: 5000 });
    for (let i = 0; i < 1000; i++) log.add(rtviEvent(i, "in", "bot-output", { text: "y".repeat(100) }));
    expect(log.rows.size).toBeLessThanOrEqual(50);
    expect(log.rows.totalWeight).toBeLessThanOrEqual(5000);
    expect(log.rows.evicted).toBe(1000 - log.rows.size);
  });
});
