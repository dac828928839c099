/**
 * Small measurement helpers shared by the benchmarks: medians, percentiles, and a timed loop
 * that runs competitors interleaved so ratios come from the same run on the same machine state.
 */

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Runs `fn` repeatedly for about `ms` milliseconds; returns the count and the exact time. */
export function ops(fn: () => unknown, ms: number): { ops: number; ms: number } {
  let n = 0;
  let sink: unknown;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 32; i++) sink = fn();
    n += 32;
    now = performance.now();
  }
  keep(sink);
  return { ops: n, ms: now - start };
}

/** Same for an async operation, awaited one at a time (as a socket handler would). */
export async function opsAsync(fn: () => Promise<unknown>, ms: number): Promise<{ ops: number; ms: number }> {
  let n = 0;
  let sink: unknown;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 8; i++) sink = await fn();
    n += 8;
    now = performance.now();
  }
  keep(sink);
  return { ops: n, ms: now - start };
}

let kept: unknown;
/** Keeps a result alive so the optimiser cannot drop the work that produced it. */
export function keep(value: unknown): void {
  kept = value;
}
export function lastKept(): unknown {
  return kept;
}
