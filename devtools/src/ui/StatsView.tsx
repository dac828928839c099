/** Live counters and rates: frames/s and bytes/s each way, buffering, drops, malformed, reconnects. */
import type { TransportStats } from "../types.js";
import type { Rates } from "../model/rates.js";
import { formatBytes, formatDuration } from "../model/format.js";

function Stat(props: { k: string; v: string; bad?: boolean; title?: string }) {
  return (
    <div class="stat" title={props.title ?? props.k}>
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
      <Stat k="in frames/s" v={rates.framesInPerSec.toFixed(1)} />
      <Stat k="in bytes/s" v={formatBytes(rates.bytesInPerSec)} />
      <Stat k="out frames/s" v={rates.framesOutPerSec.toFixed(1)} />
      <Stat k="out bytes/s" v={formatBytes(rates.bytesOutPerSec)} />
      <Stat k="bot buffered" v={formatDuration(stats.botBufferedMs)} />
      <Stat k="dropped chunks" v={String(stats.droppedAudioChunks)} bad={stats.droppedAudioChunks > 0} />
      <Stat k="reconnects" v={String(stats.reconnects)} bad={stats.reconnects > 0} />
      <Stat k="time to ready" v={formatDuration(stats.timeToReadyMs)} />
      <Stat k="frames in/out" v={`${stats.framesIn}/${stats.framesOut}`} />
      <Stat k="bytes in/out" v={`${formatBytes(stats.bytesIn)}/${formatBytes(stats.bytesOut)}`} />
      <Stat
        k="malformed"
        v={String(malformedTotal)}
        bad={malformedTotal > 0}
        title={malformed.length ? malformed.map(([k, n]) => `${k}: ${n}`).join(", ") : "no malformed frames"}
      />
      <Stat k="by kind" v={malformed.length ? malformed.map(([k, n]) => `${k} ${n}`).join(", ") : "–"} bad={malformedTotal > 0} />
    </div>
  );
}
