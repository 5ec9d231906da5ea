type NumericArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

/**
 * An append-only numeric column backed by a typed array that doubles when full, so millions of
 * points cost 8 (or 4) bytes each instead of a boxed JavaScript number.
 */
export class GrowableArray<T extends NumericArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly create: (capacity: number) => T,
    capacity = 64,
  ) {
    this.data = create(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length * 2);
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index];
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** Inserts `value` at `index`, shifting later elements (rare: out-of-order input only). */
  insert(index: number, value: number): void {
    if (this.length === this.data.length) this.reserve(this.length * 2);
    this.data.copyWithin(index + 1, index, this.length);
    this.data[index] = value;
    this.length++;
  }

  /** A view of the filled part; valid until the next push or insert. */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }

  /** A right-sized copy of the contents; the growable buffer can then be dropped. */
  toArray(): T {
    const out = this.create(this.length);
    out.set(this.data.subarray(0, this.length));
    return out;
  }

  private reserve(capacity: number): void {
    const next = this.create(Math.max(capacity, 16));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/** Growable columns of the element types the indexes use. */
export const float64Column = (capacity?: number) => new GrowableArray((n) => new Float64Array(n), capacity);
export const int32Column = (capacity?: number) => new GrowableArray((n) => new Int32Array(n), capacity);
export const uint32Column = (capacity?: number) => new GrowableArray((n) => new Uint32Array(n), capacity);
export const uint8Column = (capacity?: number) => new GrowableArray((n) => new Uint8Array(n), capacity);
