/**
 * Filters of the frame log: by kind, by direction and by text. Pure, so the panel and the
 * export agree on what "the filtered log" is.
 */
import type { LogRow, RowKind } from "./frameLog.js";

/** What the log shows. */
export interface LogFilter {
  /** Kinds shown; an empty set shows none. */
  kinds: ReadonlySet<RowKind>;
  direction: "all" | "in" | "out";
  /** Case-insensitive substring of the row's kind, summary or payload; empty matches all. */
  text: string;
}

/** True if `row` passes `filter`. */
export function matchesFilter(row: LogRow, filter: LogFilter): boolean {
  if (!filter.kinds.has(row.kind)) return false;
  if (filter.direction !== "all" && row.direction !== filter.direction) return false;
  const text = filter.text.trim().toLowerCase();
  return text === "" || row.search.includes(text);
}

/**
 * The newest `limit` rows passing `filter`, oldest first, and how many passed in all.
 * Walks from the newest row back, so a long log costs only what is shown.
 */
export function filterRows(rows: readonly LogRow[], filter: LogFilter, limit = Infinity): { rows: LogRow[]; matched: number } {
  const out: LogRow[] = [];
  let matched = 0;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (!matchesFilter(row, filter)) continue;
    matched++;
    if (out.length < limit) out.push(row);
  }
  out.reverse();
  return { rows: out, matched };
}
