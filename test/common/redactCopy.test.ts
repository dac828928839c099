/**
 * Redacted copies for inspection (redactValue / Redactor.value): keys such as `__proto__` stay
 * data (they used to empty the copy in the devtools and messages.jsonl), and every bound holds
 * on deep, wide, cyclic and huge inputs.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_REDACT_LIMITS, ELIDED, redactValue } from "../../src/common/redact.js";

describe("redactValue: keys are data", () => {
  it("keeps __proto__, constructor and prototype keys, redacted, and pollutes nothing", () => {
    const input = JSON.parse('{"__proto__": {"token":"x", "b": 2}, "a":1, "constructor": {"prototype": {"token": "y"}}, "prototype": 3}');
    const copy = redactValue(input) as Record<string, unknown>;
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"token":"***","b":2},"a":1,"constructor":{"prototype":{"token":"***"}},"prototype":3}');
    expect(Object.keys(copy)).toEqual(["__proto__", "a", "constructor", "prototype"]);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).token).toBeUndefined();
    expect(({} as Record<string, unknown>).b).toBeUndefined();
    expect(String(copy)).toBe("[object Object]"); // a plain object: consumers may print it
  });

  it("keeps them inside arrays and nested messages too", () => {
    const msg = JSON.parse('{"label":"rtvi-ai","type":"server-message","data":[{"__proto__":{"api_key":"k"}},{"constructor":"c"}]}');
    expect(JSON.stringify(redactValue(msg))).toBe('{"label":"rtvi-ai","type":"server-message","data":[{"__proto__":{"api_key":"***"}},{"constructor":"c"}]}');
  });
});

describe("redactValue: bounds", () => {
  it("documents its defaults", () => {
    expect(DEFAULT_REDACT_LIMITS).toEqual({ maxDepth: 12, maxEntries: 10_000, maxNodes: 100_000, maxStringLength: 1 << 20, maxTotalChars: 4 << 20 });
  });

  it("depth: deeper values become […] (a number is maxDepth, as the devtools pass it)", () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    const copy = redactValue(deep, 3);
    expect(copy).toEqual({ next: { next: { next: ELIDED } } });
    expect(JSON.stringify(redactValue(deep)).split("next").length - 1).toBe(DEFAULT_REDACT_LIMITS.maxDepth);
  });

  it("entries: wide arrays and objects are cut, with a note of how many were left out", () => {
    const arr = redactValue(new Array(50_000).fill(1), { maxEntries: 3 }) as unknown[];
    expect(arr).toEqual([1, 1, 1, "… 49997 more items"]);
    const wide = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    expect(redactValue(wide, { maxEntries: 2 })).toEqual({ k0: 0, k1: 1, "…": "8 more keys" });
  });

  it("nodes: a budget for the whole copy", () => {
    const copy = redactValue(Array.from({ length: 100 }, () => [1, 2, 3]), { maxNodes: 10 }) as unknown[];
    // The outer array and two inner ones with their items are 9 values; the 10th is the third array.
    expect(copy.slice(0, 4)).toEqual([[1, 2, 3], [1, 2, 3], [ELIDED, ELIDED, ELIDED], ELIDED]);
    expect(copy.slice(3).every((v) => v === ELIDED)).toBe(true);
  });

  it("string length: redacted first, then cut, so a secret across the cut does not half-show", () => {
    const copy = redactValue({ text: `${"a".repeat(95)} token=abcdefghijkl rest` }, { maxStringLength: 100 }) as { text: string };
    expect(copy.text).toBe(`${"a".repeat(95)} toke… (10 more characters)`);
    expect(copy.text).not.toContain("abc");
  });

  it("total characters: strings past the budget become [N chars], never half-redacted", () => {
    const copy = redactValue({ a: "x".repeat(60), b: "?token=secret-in-b", c: "y" }, { maxTotalChars: 70 });
    expect(copy).toEqual({ a: "x".repeat(60), b: "[18 chars]", c: "y" });
  });

  it("cycles are cut; an object seen twice without a cycle is copied twice", () => {
    const shared = { token: "t", n: 1 };
    const node: Record<string, unknown> = { left: shared, right: shared };
    node.self = node;
    expect(redactValue(node)).toEqual({ left: { token: "***", n: 1 }, right: { token: "***", n: 1 }, self: ELIDED });
  });

  it("errors, dates, throwing getters, functions", () => {
    const e = Object.assign(new Error("failed ws://h/?token=zz"), { code: 4001 });
    const hostile = {
      get boom(): never {
        throw new Error("getter");
      },
    };
    expect(redactValue({ e, d: new Date(0), bad: new Date(NaN), hostile })).toEqual({
      e: { name: "Error", message: "failed ws://h/?token=***", code: 4001 },
      d: "1970-01-01T00:00:00.000Z",
      bad: "Invalid Date",
      hostile: ELIDED,
    });
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error("trap"); } });
    expect(redactValue([proxy])).toEqual([ELIDED]);
  });

  it("huge inputs stay bounded: a 1 MiB message copies to at most a few MiB of JSON", () => {
    const big = JSON.parse(`[${new Array(40_000).fill('{"token":"x","u":"ws://h/?api_key=k&room=r"}').join(",")}]`);
    const json = JSON.stringify(redactValue(big));
    expect(json).not.toContain("api_key=k");
    expect(json).toContain("… 30000 more items");
    expect(json.length).toBeLessThan(1 << 20);
  });
});
