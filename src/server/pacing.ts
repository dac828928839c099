/**
 * When the dev bot sends each chunk of its voice. It runs Pipecat's own output clock
 * (FastAPIWebsocketTransport `_write_audio_sleep`): send a chunk, then sleep until the clock's next
 * tick, one chunk duration later; a write that finds the clock already past restarts it from now.
 * So the first two chunks leave at once and then one per chunk duration — real time with one
 * chunk ahead — and a stalled sender never bursts to catch up. `pace` runs the clock faster.
 */

/** A running paced send; `cancel()` stops it (barge-in, disconnect). */
export interface PacedSend {
  cancel(): void;
}

/**
 * Calls `send(k)` for k = 0 … count-1 on the clock described above, with one tick every
 * `intervalMs` (chunk duration / pace), then `allSent()`. `now` is the clock (for tests).
 */
export function pacedSend(
  count: number,
  intervalMs: number,
  send: (k: number) => void,
  allSent: () => void,
  now: () => number = () => performance.now(),
): PacedSend {
  let k = 0;
  let next = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cancelled = false;
  const step = (): void => {
    timer = undefined;
    while (!cancelled) {
      send(k++);
      if (cancelled) return;
      if (k >= count) {
        allSent();
        return;
      }
      const t = now();
      const sleep = next - t;
      if (sleep <= 0) {
        // The clock is behind (first chunk, or a stall): restart it; the next chunk goes now.
        next = t + intervalMs;
        continue;
      }
      next += intervalMs;
      timer = setTimeout(step, sleep);
      return;
    }
  };
  step();
  return {
    cancel: () => {
      cancelled = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
