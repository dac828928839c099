/**
 * The transition timeline, oldest first like the frame log, following the newest entry until
 * the user scrolls up: time, from → to, the event, and how long the machine stayed in the state
 * it left. In a replay, clicking an entry moves the scrubber to it.
 */
import { useRef } from "preact/hooks";
import type { TimelineEntry } from "../model/timeline.js";
import { eventLabel } from "../model/diagram/labels.js";
import { formatDuration, formatOffset } from "../model/format.js";
import { useFollow } from "./hooks.js";

export function TimelineView(props: { entries: readonly TimelineEntry[]; origin: number; onSeek?: (time: number) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const follow = useFollow(ref);
  const shown = props.entries.slice(-200);
  return (
    <div class="scroll" ref={ref} onScroll={follow.onScroll}>
      {shown.length === 0 ? (
        <div class="empty">no transitions yet</div>
      ) : (
        <div class="timeline">
          {shown.map((e) => (
            <div
              class={`tl${props.onSeek ? " seekable" : ""}`}
              key={e.id}
              data-to={e.to}
              onClick={props.onSeek ? () => props.onSeek!(e.time) : undefined}
              title={props.onSeek ? "replay from here" : undefined}
            >
              <span class="t">{formatOffset(e.time, props.origin)}</span>
              <span>
                {e.from} → <b>{e.to}</b>
                {e.attempt > 0 && <span class="attempt"> #{e.attempt}</span>}{" "}
                <span class="ev">
                  on {eventLabel(e.event)}
                  {e.durationInFromMs !== null && `, after ${formatDuration(e.durationInFromMs)} in ${e.from.split(".").pop()}`}
                  {e.retryInMs !== null && `, next attempt in ${formatDuration(e.retryInMs)}`}
                </span>
              </span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
