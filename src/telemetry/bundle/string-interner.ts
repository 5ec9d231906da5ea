/** Maps repeated strings (service, instance, metric, operation names) to small integer ids. */
export class StringInterner {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];

  /** The id of `value`, assigning the next free id on first sight. */
  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  /** The id of `value`, or undefined when it was never interned. */
  find(value: string): number | undefined {
    return this.ids.get(value);
  }

  /** The string interned under `id`. */
  text(id: number): string {
    return this.values[id];
  }

  /** Every interned string, indexed by id. */
  all(): string[] {
    return [...this.values];
  }
}
