// Runs anywhere (pure).
/**
 * A bounded map for caches fed by an endless stream: entries live in two generations. When the young
 * generation is full it becomes the old one and the previous old one is dropped; an entry read from the
 * old generation moves back to the young. So a working set smaller than one generation is never
 * forgotten, whatever the order of the keys, and the map never holds more than twice its limit.
 */
export class TwoGenerationMap<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`a generation holds at least one entry (got ${limit})`);
  }

  get(key: string): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const older = this.old.get(key);
    if (older !== undefined) this.set(key, older);
    return older;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  /** Entries held in both generations (an entry moved back to the young may still count in the old). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}

