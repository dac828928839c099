import { describe, expect, it } from "vitest";
import { DevtoolsStore } from "../../devtools/src/store.js";
import { EXPORT_FORMAT } from "../../devtools/src/model/exportSession.js";
import { ReplayTransport, audioEvent, rtviEvent } from "./support/replayTransport.js";

describe("session export", () => {
  it("exports log, timeline and counters as redacted JSON", () => {
    const transport = new ReplayTransport();
    transport.redactedUrl = "ws://127.0.0.1:7860/ws?token=leaked-by-a-custom-transport";
    const store = new DevtoolsStore(transport, { schedule: () => {}, statsIntervalMs: 60_000, now: () => 1000 });
    store.attach();
    transport.emit(
      { kind: "state", time: 1100, state: "connecting", previous: "idle", event: "CONNECT", attempt: 0, maxAttempts: 2 },
      rtviEvent(1200, "out", "client-ready", { version: "2.1.0" }),
      rtviEvent(1300, "out", "client-message", { t: "auth", data: { api_key: "sk-123", note: "Bearer abc.def" } }),
      audioEvent(1400, "in", 0.3, 24000),
      audioEvent(1420, "in", 0.1, 24000),
      { kind: "frame", time: 1500, direction: "in", frameType: "malformed", size: 7, malformed: { reason: "invalid-json", detail: "Unexpected token" } },
    );
    store.detach();
    const text = store.exportJson(new Date("2026-01-02T03:04:05Z"));
    expect(text).not.toMatch(/sk-123|abc\.def|leaked-by/);
    const doc = JSON.parse(text);
    expect(doc.format).toBe(EXPORT_FORMAT);
    expect(doc.exportedAt).toBe("2026-01-02T03:04:05.000Z");
    expect(doc.url).toBe("ws://127.0.0.1:7860/ws?token=***");
    expect(doc.state).toBe("connecting");
    expect(doc.timeline).toEqual([{ t: 100, from: "idle", to: "connecting", event: "CONNECT", durationInFromMs: null, attempt: 0 }]);
    expect(doc.log.map((r: { kind: string }) => r.kind)).toEqual(["message", "message", "audio", "malformed"]);
    expect(doc.log[0]).toMatchObject({ t: 200, direction: "out", summary: "client-ready", message: { type: "client-ready", data: { version: "2.1.0" } } });
    expect(doc.log[1].message.data.data.api_key).toBe("***");
    expect(doc.log[2]).toMatchObject({ kind: "audio", frames: 2, sampleRate: 24000, levelMean: 0.2, levelPeak: 0.3 });
    expect(doc.log[3]).toMatchObject({ malformed: { reason: "invalid-json", detail: "Unexpected token" } });
    expect(doc.stats.framesIn).toBe(3);
    expect(doc.stats.malformed).toEqual({ "invalid-json": 1 });
    expect(doc.evictedRows).toBe(0);
  });
});
