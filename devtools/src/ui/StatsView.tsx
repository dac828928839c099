/** Live counters and rates: frames/s and bytes/s each way, buffering, drops, malformed, reconnects. */
import type { TransportStats } from "../types.js";
import type { Rates } from "../model/rates.js";
import { formatBytes, formatDuration } from "../model/format.js";

function Stat(props: { k: string; v: string; bad?: boolean; wide?: boolean; title?: string }) {
  return (
    <div class={`stat${props.wide ? " wide" : ""}`} title={props.title ?? props.k} data-stat={props.k}>
      <span class="k">{props.k}</span>
      <span class={`v${props.bad ? " bad" : ""}`}>{props.v}</span>
    </div>
  );
}

export function StatsView(props: { stats: TransportStats; rates: Rates }) {
  const { stats, rates } = props;
  const malformed = Object.entries(stats.malformed).filter(([, n]) => (n ?? 0) > 0);
  const malformedTotal = malformed.reduce((sum, [, n]) => sum + (n ?? 0), 0);
  return (
    <div class="stats">
      <Stat k="↓ frames/s" v={rates.framesInPerSec.toFixed(1)} title="frames received per second" />
      <Stat k="↓ bytes/s" v={formatBytes(rates.bytesInPerSec)} title="bytes received per second" />
      <Stat k="↑ frames/s" v={rates.framesOutPerSec.toFixed(1)} title="frames sent per second" />
      <Stat k="↑ bytes/s" v={formatBytes(rates.bytesOutPerSec)} title="bytes sent per second" />
      <Stat k="bot buffer" v={formatDuration(stats.botBufferedMs)} title="bot audio buffered in the player" />
      <Stat k="dropped" v={String(stats.droppedAudioChunks)} bad={stats.droppedAudioChunks > 0} title="mic audio chunks dropped (not ready, reconnecting, backpressure)" />
      <Stat k="reconnects" v={String(stats.reconnects)} bad={stats.reconnects > 0} />
      <Stat k="to ready" v={formatDuration(stats.timeToReadyMs)} title="time from connect() to bot-ready" />
      <Stat k="frames ↓/↑" v={`${stats.framesIn}/${stats.framesOut}`} title="frames received / sent" />
      <Stat k="bytes ↓" v={formatBytes(stats.bytesIn)} title="bytes received" />
      <Stat k="bytes ↑" v={formatBytes(stats.bytesOut)} title="bytes sent" />
      <Stat k="malformed" v={String(malformedTotal)} bad={malformedTotal > 0} title="inbound frames rejected" />
      {malformed.length > 0 && <Stat k="malformed by kind" v={malformed.map(([k, n]) => `${k} ${n}`).join(", ")} bad wide />}
    </div>
  );
}
