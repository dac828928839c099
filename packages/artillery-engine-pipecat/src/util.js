// @ts-check
/**
 * Small helpers shared by the steps: how a URL is shown in a message (never its query, where
 * tokens live) and the partial match of a `send` step's `expect`.
 */

/**
 * A URL as messages show it: scheme, host and path; the query (tokens) and credentials left out.
 * @param {string} url
 */
export function where(url) {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}

/**
 * True when `actual` contains `expected`: equal primitives, every key of an expected object
 * matching (extra keys in `actual` are fine), arrays element by element and of the same length.
 * @param {unknown} actual
 * @param {unknown} expected
 * @returns {boolean}
 */
export function matchesPartial(actual, expected) {
  if (expected === null || typeof expected !== "object") return Object.is(actual, expected);
  if (actual === null || typeof actual !== "object") return false;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matchesPartial(actual[i], e));
  }
  const a = /** @type {Record<string, unknown>} */ (actual);
  return Object.entries(expected).every(([k, v]) => matchesPartial(a[k], v));
}
