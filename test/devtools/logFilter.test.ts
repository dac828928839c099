import { describe, expect, it } from "vitest";
import { FrameLog, ROW_KINDS, type RowKind } from "../../devtools/src/model/frameLog.js";
import { filterRows, type LogFilter } from "../../devtools/src/model/logFilter.js";
import { audioEvent, rtviEvent } from "./support/replayTransport.js";

function sampleLog() {
  const log = new FrameLog();
  log.add(rtviEvent(0, "out", "client-ready"));
  log.add(audioEvent(10, "out"));
  log.add(rtviEvent(20, "in", "bot-ready", { version: "2.1.0" }));
  log.add(audioEvent(1030, "in"));
  log.add(rtviEvent(1040, "in", "user-transcription", { text: "Hello World" }));
  log.add({ kind: "frame", time: 1050, direction: "in", frameType: "malformed", size: 3, malformed: { reason: "decode-error", detail: "truncated" } });
  return log.toArray();
}

const all: LogFilter = { kinds: new Set(ROW_KINDS), direction: "all", text: "" };
const kinds = (...k: RowKind[]) => new Set(k);

describe("log filters", () => {
  it("shows everything with the default filter", () => {
    expect(filterRows(sampleLog(), all).rows).toHaveLength(6);
  });

  it("filters by kind", () => {
    const { rows } = filterRows(sampleLog(), { ...all, kinds: kinds("message") });
    expect(rows.map((r) => (r.kind === "message" ? r.summary : r.kind))).toEqual(["client-ready", "bot-ready", "user-transcription: Hello World"]);
    expect(filterRows(sampleLog(), { ...all, kinds: kinds() }).rows).toEqual([]);
  });

  it("filters by direction", () => {
    expect(filterRows(sampleLog(), { ...all, direction: "out" }).rows.map((r) => r.kind)).toEqual(["message", "audio"]);
    expect(filterRows(sampleLog(), { ...all, direction: "in" }).rows).toHaveLength(4);
  });

  it("filters by text, case-insensitively, over summaries and payloads", () => {
    expect(filterRows(sampleLog(), { ...all, text: "hello world" }).rows).toHaveLength(1);
    // "2.1.0" appears only inside the bot-ready payload.
    expect(filterRows(sampleLog(), { ...all, text: "2.1.0" }).rows.map((r) => r.kind)).toEqual(["message"]);
    expect(filterRows(sampleLog(), { ...all, text: "DECODE" }).rows.map((r) => r.kind)).toEqual(["malformed"]);
    expect(filterRows(sampleLog(), { ...all, text: "  " }).rows).toHaveLength(6);
  });

  it("combines filters and limits to the newest rows, counting all matches", () => {
    const { rows, matched } = filterRows(sampleLog(), { ...all, direction: "in" }, 2);
    expect(matched).toBe(4);
    expect(rows.map((r) => r.kind)).toEqual(["message", "malformed"]);
  });
});
