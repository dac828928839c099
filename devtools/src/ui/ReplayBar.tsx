/**
 * The replay scrubber: play/pause, a slider over the session's length, the time, the speed,
 * and the way back to the live session. Playing advances time on animation frames.
 */
import { useEffect, useRef } from "preact/hooks";
import { formatSeconds } from "../model/format.js";

export interface ReplayBarProps {
  name: string;
  time: number;
  duration: number;
  playing: boolean;
  speed: number;
  onTime: (t: number) => void;
  onPlaying: (playing: boolean) => void;
  onSpeed: (speed: number) => void;
  /** Leaves the replay (back to the live session, or an empty panel). */
  onExit: () => void;
  live: boolean;
}

export function ReplayBar(props: ReplayBarProps) {
  const latest = useRef(props);
  latest.current = props;
  useEffect(() => {
    if (!props.playing) return;
    let last = performance.now();
    let frame = requestAnimationFrame(function step(now) {
      const p = latest.current;
      const next = Math.min(p.duration, p.time + (now - last) * p.speed);
      last = now;
      p.onTime(next);
      if (next >= p.duration) p.onPlaying(false);
      else frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [props.playing]);

  const atEnd = props.time >= props.duration;
  return (
    <div class="replaybar" data-role="replay">
      <span class="badge replay">replay</span>
      <span class="file" title={props.name}>
        {props.name}
      </span>
      <button
        data-action="play"
        title={props.playing ? "pause" : "play from here"}
        onClick={() => {
          if (!props.playing && atEnd) props.onTime(0);
          props.onPlaying(!props.playing);
        }}
      >
        {props.playing ? "⏸ pause" : "▶ play"}
      </button>
      <input
        type="range"
        min={0}
        max={Math.max(1, Math.round(props.duration))}
        step={1}
        value={Math.round(props.time)}
        aria-label="replay position"
        data-role="scrubber"
        onInput={(e) => props.onTime(Number((e.currentTarget as HTMLInputElement).value))}
      />
      <span class="time" data-role="replay-time">
        +{formatSeconds(props.time)} / {formatSeconds(props.duration)}
      </span>
      <select value={String(props.speed)} aria-label="replay speed" onChange={(e) => props.onSpeed(Number((e.currentTarget as HTMLSelectElement).value))}>
        {[0.25, 1, 2, 4, 10].map((s) => (
          <option key={s} value={String(s)}>
            {s}×
          </option>
        ))}
      </select>
      <button data-action="exit-replay" title={props.live ? "back to the live session" : "close the replay"} onClick={props.onExit}>
        {props.live ? "back to live" : "close replay"}
      </button>
    </div>
  );
}
