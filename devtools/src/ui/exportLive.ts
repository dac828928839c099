/** "Export": the live store's session as a v2 session file (with the machine's definition), downloaded or handed to `onExport`. */
import type { MachineDescription } from "../../../machines/describeMachine.js";
import type { DevtoolsStore } from "../store.js";
import { exportJson } from "../model/exportSession.js";

export function exportStore(store: DevtoolsStore, machine: MachineDescription | null, exportedAt = new Date()): string {
  return exportJson({
    exportedAt,
    origin: store.origin,
    now: store.currentTime(),
    url: store.url,
    state: store.state,
    machine,
    stats: store.transport.getStats(), // fresh, not the last poll
    samples: store.samples.toArray(),
    timeline: store.timeline.entries.toArray(),
    rows: store.log.toArray(),
    evictedRows: store.log.rows.evicted,
  });
}

export function downloadText(doc: Document, filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = doc.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function sessionFileName(now = new Date()): string {
  return `pipecat-session-${now.toISOString().replace(/[:.]/g, "-")}.json`;
}
