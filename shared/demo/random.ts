// Runs anywhere (pure).
/** A small seeded PRNG (mulberry32) so generated snapshots are the same on every machine and run. */
const HEX = '0123456789abcdef';

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Lowercase hex digits; built with join so the result is one flat string, not a rope of pieces. */
  hex(length: number): string {
    const digits = new Array<string>(length);
    for (let i = 0; i < length; i++) digits[i] = HEX[this.int(16)]!;
    return digits.join('');
  }
}
