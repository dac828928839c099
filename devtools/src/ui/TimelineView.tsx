/** The transition timeline, newest first: time, from → to, event, time spent in the state left. */
import type { TimelineEntry } from "../model/timeline.js";
import { eventLabel } from "../model/statechart.js";
import { formatDuration, formatOffset } from "../model/format.js";

export function TimelineView(props: { entries: readonly TimelineEntry[]; origin: number; limit?: number }) {
  const shown = props.entries.slice(-(props.limit ?? 40)).reverse();
  if (shown.length === 0) return <div class="empty">no transitions yet</div>;
  return (
    <div class="timeline">
      {shown.map((e) => (
        <div class="tl" key={e.id} data-to={e.to}>
          <span class="t">{formatOffset(e.time, props.origin)}</span>
          <span>
            {e.from} → <b>{e.to}</b>
            {e.attempt > 0 && <span class="attempt"> #{e.attempt}</span>}{" "}
            <span class="ev">
              on {eventLabel(e.event)}, after {formatDuration(e.durationInFromMs)}
            </span>
          </span>
        </div>
      ))}
    </div>
  );
}
