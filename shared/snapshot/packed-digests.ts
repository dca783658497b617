// Runs anywhere (pure).
/**
 * Digests kept as raw bytes: a sha256 digest as text costs ~90 bytes of heap, as bytes 32. With a
 * million artifacts that is the difference between fitting comfortably in memory and not. Digests of
 * any other shape are kept as text beside the bytes.
 */
const SHA256 = /^sha256:[0-9a-f]{64}$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class PackedDigests {
  private bytes: Uint8Array;
  private readonly other = new Map<number, string>();
  length = 0;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(capacity * 32);
  }

  private grow(): void {
    if ((this.length + 1) * 32 > this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
  }

  /** A sha256 digest given as its 32 bytes, bytes[offset, offset + 32) (a reader that decoded the hex itself). */
  pushSha256(bytes: Uint8Array, offset = 0): void {
    this.grow();
    const target = this.bytes;
    const at = this.length * 32;
    for (let i = 0; i < 32; i++) target[at + i] = bytes[offset + i]!;
    this.length++;
  }

  push(digest: string): void {
    this.grow();
    if (SHA256.test(digest)) {
      const at = this.length * 32;
      for (let i = 0; i < 32; i++) this.bytes[at + i] = parseInt(digest.slice(7 + i * 2, 9 + i * 2), 16);
    } else {
      this.other.set(this.length, digest);
    }
    this.length++;
  }

  get(index: number): string {
    if (index < 0 || index >= this.length) throw new RangeError(`no digest ${index}`);
    const text = this.other.get(index);
    if (text !== undefined) return text;
    const parts = new Array<string>(32);
    const at = index * 32;
    for (let i = 0; i < 32; i++) parts[i] = HEX[this.bytes[at + i]!]!;
    return `sha256:${parts.join('')}`;
  }

  /** Forget the digests from `length` on. */
  truncate(length: number): void {
    for (const index of this.other.keys()) if (index >= length) this.other.delete(index);
    this.length = length;
  }

  /**
   * A 32-bit hash of digest `index`, equal for equal digests in any PackedDigests: for grouping digests
   * (index children by their parents) without building a string per digest.
   */
  hashAt(index: number): number {
    const text = this.other.size === 0 ? undefined : this.other.get(index);
    if (text !== undefined) {
      let hash = 0x811c9dc5;
      for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
      return hash >>> 0;
    }
    // A sha256 digest's bytes are already uniformly spread: the first four are a fine hash.
    const at = index * 32;
    return ((this.bytes[at]! << 24) | (this.bytes[at + 1]! << 16) | (this.bytes[at + 2]! << 8) | this.bytes[at + 3]!) >>> 0;
  }

  /** Whether digest `index` here equals digest `otherIndex` of `other`. */
  sameAs(index: number, other: PackedDigests, otherIndex: number): boolean {
    const text = this.other.size === 0 ? undefined : this.other.get(index);
    const otherText = other.other.size === 0 ? undefined : other.other.get(otherIndex);
    if (text !== undefined || otherText !== undefined) return text === otherText;
    const at = index * 32;
    const otherAt = otherIndex * 32;
    for (let i = 0; i < 32; i++) if (this.bytes[at + i] !== other.bytes[otherAt + i]) return false;
    return true;
  }

  /** Release the unused capacity once no more digests will be added. */
  trim(): this {
    this.bytes = this.bytes.slice(0, this.length * 32);
    return this;
  }

  /** What an encoder copies: the 32 bytes of each sha256 digest (zeros where a digest is other text), and those others. */
  parts(): { bytes: Uint8Array; others: [number, string][] } {
    return { bytes: this.bytes.subarray(0, this.length * 32), others: [...this.other] };
  }

  /** Digests from `parts()` of another PackedDigests; `bytes` is taken as it is (not copied). */
  static fromParts(bytes: Uint8Array, length: number, others: readonly (readonly [number, string])[]): PackedDigests {
    if (bytes.length !== length * 32) throw new RangeError(`${length} digests need ${length * 32} bytes, not ${bytes.length}`);
    const digests = new PackedDigests(0);
    digests.bytes = bytes;
    digests.length = length;
    for (const [index, text] of others) {
      if (!Number.isInteger(index) || index < 0 || index >= length) throw new RangeError(`no digest ${index}`);
      digests.other.set(index, text);
    }
    return digests;
  }

  slice(start: number, end: number): string[] {
    const out: string[] = [];
    for (let i = start; i < end; i++) out.push(this.get(i));
    return out;
  }
}
