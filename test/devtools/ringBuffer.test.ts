import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { RingBuffer } from "../../devtools/src/model/ringBuffer.js";

describe("RingBuffer", () => {
  it("keeps the newest `capacity` items, oldest first", () => {
    const rb = new RingBuffer<number>({ capacity: 3 });
    for (let i = 1; i <= 5; i++) rb.push(i);
    expect(rb.toArray()).toEqual([3, 4, 5]);
    expect(rb.size).toBe(3);
    expect(rb.totalPushed).toBe(5);
    expect(rb.evicted).toBe(2);
    expect(rb.last()).toBe(5);
  });

  it("matches a plain array's tail for any sequence of pushes (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer(), { maxLength: 100 }), (cap, items) => {
        const rb = new RingBuffer<number>({ capacity: cap });
        items.forEach((x) => rb.push(x));
        expect(rb.toArray()).toEqual(items.slice(-cap));
        const seen: number[] = [];
        rb.forEach((x) => seen.push(x));
        expect(seen).toEqual(items.slice(-cap));
      }),
    );
  });

  it("evicts oldest items past the weight budget but keeps the newest one", () => {
    const rb = new RingBuffer<string>({ capacity: 100, weigh: (s) => s.length, maxWeight: 10 });
    ["aaaa", "bbbb", "cccc"].forEach((s) => rb.push(s));
    expect(rb.toArray()).toEqual(["bbbb", "cccc"]);
    expect(rb.totalWeight).toBe(8);
    rb.push("x".repeat(50));
    expect(rb.toArray()).toEqual(["x".repeat(50)]);
    expect(rb.totalWeight).toBe(50);
  });

  it("clear() empties it and resets the counters", () => {
    const rb = new RingBuffer<number>({ capacity: 2 });
    rb.push(1);
    rb.push(2);
    rb.push(3);
    rb.clear();
    expect(rb.toArray()).toEqual([]);
    expect([rb.size, rb.totalPushed, rb.evicted, rb.last()]).toEqual([0, 0, 0, undefined]);
    rb.push(9);
    expect(rb.toArray()).toEqual([9]);
  });

  it("rejects a capacity that is not a positive integer", () => {
    expect(() => new RingBuffer({ capacity: 0 })).toThrow(/positive integer/);
    expect(() => new RingBuffer({ capacity: 1.5 })).toThrow(/positive integer/);
  });
});
