// Runs in the browser, on the main thread or in the simulation worker (pure: no DOM or worker API).
/**
 * The arrays a draft's verdicts are copied into to be posted (and transferred) to the page, made ahead
 * while the worker waits for the next keystroke. At a million tags, making a 4 MB array (allocating and
 * zeroing it, the first touch of every page) costs several times the copy into it, and each keystroke
 * that turns a verdict posts three.
 */
export class PostingArrays {
  /** Per slot: an array made ahead and not handed out yet. */
  private ready: (Int32Array | null)[] = [];

  /** `lengths`: per slot, the length of the array it holds (tags, then artifacts twice). */
  constructor(private readonly lengths: readonly number[]) {}

  /** Makes an array for every slot that has none. */
  prepare(): void {
    // Written once here, so the pages are touched now rather than during the next keystroke's copy.
    this.ready = this.lengths.map((length, slot) => this.ready[slot] ?? new Int32Array(length).fill(0));
  }

  /** A copy of `array` that is the caller's to transfer: into the slot's array made ahead, when there is one. */
  copy(array: Int32Array, slot: number): Int32Array {
    const target = this.ready[slot] ?? null;
    if (target === null || target.length !== array.length) return array.slice();
    this.ready[slot] = null;
    target.set(array);
    return target;
  }
}
