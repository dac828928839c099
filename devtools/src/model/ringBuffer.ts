/**
 * A fixed-capacity ring buffer: the devtools keep the recent past of a session, never all of it,
 * so a panel left open for hours holds bounded memory. Optionally bounded by total weight too
 * (e.g. characters of stored JSON), so a few huge messages cannot blow the budget.
 */

/** Options of a {@link RingBuffer}. */
export interface RingBufferOptions<T> {
  /** Most items kept; the oldest is evicted first. */
  capacity: number;
  /** Weight of one item (e.g. its stored characters). Default: 0. */
  weigh?: (item: T) => number;
  /** Most total weight kept; oldest items are evicted until under it. Default: unbounded. */
  maxWeight?: number;
}

export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private head = 0; // index of the oldest item
  private count = 0;
  private weight = 0;
  private pushed = 0;
  private readonly weigh: ((item: T) => number) | undefined;
  private readonly maxWeight: number;

  constructor(options: RingBufferOptions<T>) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) {
      throw new RangeError(`RingBuffer capacity must be a positive integer, got ${options.capacity}`);
    }
    this.items = new Array<T | undefined>(options.capacity);
    this.weigh = options.weigh;
    this.maxWeight = options.maxWeight ?? Infinity;
  }

  /** Items held now. */
  get size(): number {
    return this.count;
  }

  /** Items ever pushed (including evicted ones) since construction or `clear()`. */
  get totalPushed(): number {
    return this.pushed;
  }

  /** Items evicted to stay within bounds since construction or `clear()`. */
  get evicted(): number {
    return this.pushed - this.count;
  }

  /** Total weight held now. */
  get totalWeight(): number {
    return this.weight;
  }

  get capacity(): number {
    return this.items.length;
  }

  /** Appends an item, evicting the oldest ones past capacity or weight. */
  push(item: T): void {
    const cap = this.items.length;
    if (this.count === cap) this.shift();
    this.items[(this.head + this.count) % cap] = item;
    this.count++;
    this.pushed++;
    if (this.weigh) {
      this.weight += this.weigh(item);
      // Keep at least the newest item, however heavy.
      while (this.weight > this.maxWeight && this.count > 1) this.shift();
    }
  }

  /** The newest item, if any. */
  last(): T | undefined {
    return this.count ? this.items[(this.head + this.count - 1) % this.items.length] : undefined;
  }

  /** Items oldest first. */
  toArray(): T[] {
    const out: T[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.head + i) % this.items.length] as T;
    return out;
  }

  /** Calls `fn` for each item, oldest first. */
  forEach(fn: (item: T) => void): void {
    for (let i = 0; i < this.count; i++) fn(this.items[(this.head + i) % this.items.length] as T);
  }

  /** Drops every item. */
  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.weight = 0;
    this.pushed = 0;
  }

  private shift(): void {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined; // let it be collected
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    if (this.weigh) this.weight -= this.weigh(item);
  }
}
