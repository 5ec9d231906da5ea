/**
 * Span identity without a Map of strings: each (traceId, spanId) pair is hashed to 64 bits kept as
 * two uint32 words, and an open-addressing table in typed arrays maps them to the span's index.
 * Hashing the trace id in keeps span ids that repeat across traces apart. About 24–48 bytes a span.
 */
export class SpanIdTable {
  private high = new Uint32Array(1024);
  private low = new Uint32Array(1024);
  private slots = new Int32Array(1024).fill(-1);
  private size = 0;

  /** Records `index` for the key; the first index stored for a key wins. */
  set(high: number, low: number, index: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    const slot = this.probe(high, low);
    if (this.slots[slot] !== -1) return;
    this.high[slot] = high;
    this.low[slot] = low;
    this.slots[slot] = index;
    this.size++;
  }

  /** The index stored for the key, or -1. */
  get(high: number, low: number): number {
    return this.slots[this.probe(high, low)];
  }

  private probe(high: number, low: number): number {
    const mask = this.slots.length - 1;
    let slot = (Math.imul(low ^ high, 0x9e3779b1) >>> 0) & mask;
    while (this.slots[slot] !== -1 && (this.high[slot] !== high || this.low[slot] !== low)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { high, low, slots } = this;
    this.high = new Uint32Array(slots.length * 2);
    this.low = new Uint32Array(slots.length * 2);
    this.slots = new Int32Array(slots.length * 2).fill(-1);
    this.size = 0;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== -1) this.set(high[i], low[i], slots[i]);
  }
}

/** A 64-bit hash (cyrb53's two lanes, unshortened) of `traceId/spanId`, as two uint32 words. */
export function spanKey(traceId: string, spanId: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const text = `${traceId}/${spanId}`;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}
