/**
 * Live counters and rates, each with its unit: frames/s and bytes/s each way, totals, player
 * buffering (and the playback counters of players that report them), drops, malformed frames,
 * reconnects, time to ready.
 */
import { useState } from "preact/hooks";
import type { TransportStats } from "../types.js";
import type { Rates } from "../model/rates.js";
import { formatBytePair, formatByteRate, formatDuration, formatFrameRate } from "../model/format.js";

function Stat(props: { k: string; v: string; bad?: boolean; wide?: boolean; title?: string }) {
  return (
    <div class={`stat${props.wide ? " wide" : ""}`} title={props.title ?? props.k} data-stat={props.k}>
      <span class="k">{props.k}</span>
      <span class={`v${props.bad ? " bad" : ""}`}>{props.v}</span>
    </div>
  );
}

const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** On narrow panels: one line of the main rates, expanding to the whole grid on click. */
export function StatsView(props: { stats: TransportStats; rates: Rates; compact?: boolean }) {
  const [open, setOpen] = useState(false);
  const { stats, rates } = props;
  if (props.compact && !open) {
    return (
      <button class="stats-line" data-action="stats" title="show all counters" onClick={() => setOpen(true)}>
        ↓ {formatFrameRate(rates.framesInPerSec)} · ↑ {formatFrameRate(rates.framesOutPerSec)} · buffer {formatDuration(stats.botBufferedMs)}
        {stats.reconnects > 0 ? ` · ${stats.reconnects} reconnects` : ""} ▸
      </button>
    );
  }
  return <StatsGrid stats={stats} rates={rates} onCollapse={props.compact ? () => setOpen(false) : undefined} />;
}

function StatsGrid(props: { stats: TransportStats; rates: Rates; onCollapse?: (() => void) | undefined }) {
  const { stats, rates } = props;
  const malformed = Object.entries(stats.malformed ?? {}).filter(([, n]) => (n ?? 0) > 0);
  const malformedTotal = malformed.reduce((sum, [, n]) => sum + (n ?? 0), 0);
  const droppedMessages = typeof stats.droppedMessages === "number" ? stats.droppedMessages : 0;
  return (
    <div class="stats">
      <Stat k="↓ in" v={formatFrameRate(rates.framesInPerSec)} title="frames received per second" />
      <Stat k="↓ in" v={formatByteRate(rates.bytesInPerSec)} title="bytes received per second" />
      <Stat k="↑ out" v={formatFrameRate(rates.framesOutPerSec)} title="frames sent per second" />
      <Stat k="↑ out" v={formatByteRate(rates.bytesOutPerSec)} title="bytes sent per second" />
      <Stat k="frames ↓/↑" v={`${stats.framesIn} / ${stats.framesOut}`} title="frames received / sent" />
      <Stat k="bytes ↓/↑" v={formatBytePair(stats.bytesIn, stats.bytesOut)} title="bytes received / sent" />
      <Stat k="bot buffer" v={formatDuration(stats.botBufferedMs)} title="bot audio buffered in the player" />
      {typeof stats.leadMs === "number" && <Stat k="player lead" v={formatDuration(stats.leadMs)} title="how far the player is ahead of its output" />}
      {typeof stats.underruns === "number" && <Stat k="underruns" v={count(stats.underruns, "time")} bad={stats.underruns > 0} title="times bot playback ran dry mid-stream" />}
      {typeof stats.shedMs === "number" && <Stat k="delay shed" v={formatDuration(stats.shedMs)} bad={stats.shedMs > 0} title="excess delay the player dropped to catch up" />}
      <Stat k="mic dropped" v={count(stats.droppedAudioChunks, "chunk")} bad={stats.droppedAudioChunks > 0} title="mic audio chunks dropped (not ready, reconnecting, backpressure)" />
      <Stat k="msgs dropped" v={count(droppedMessages, "message")} bad={droppedMessages > 0} title="RTVI messages dropped (outbox full, or sent while disconnected)" />
      <Stat k="reconnects" v={String(stats.reconnects)} bad={stats.reconnects > 0} title="reconnect attempts started in this session" />
      <Stat k="to ready" v={formatDuration(stats.timeToReadyMs)} title="time from connect() to bot-ready" />
      <Stat k="malformed" v={count(malformedTotal, "frame")} bad={malformedTotal > 0} title="inbound frames rejected" />
      {malformed.length > 0 && <Stat k="malformed by kind" v={malformed.map(([k, n]) => `${k} ${n}`).join(", ")} bad wide />}
      {props.onCollapse && (
        <button class="stats-less" data-action="stats" onClick={props.onCollapse}>
          fewer ▴
        </button>
      )}
    </div>
  );
}
