// Runs anywhere (pure).
/**
 * The order Go's `sort.Slice` leaves a slice in, equal elements included. Harbor's count templates
 * (latestPushedK, latestPulledN, latestActiveK) sort candidates with `sort.Slice` and keep the first k,
 * and `sort.Slice` is not stable: when candidates tie on the compared time (never-pulled artifacts all
 * tie on latestPulledN), which of them lands inside the first k is decided by the exact swaps of Go's
 * pattern-defeating quicksort. A forecast that broke ties any other way would name the wrong survivors.
 *
 * This follows the algorithm of Go's sort package (pdqsort_func, Go 1.19 and later; The Go Authors,
 * BSD-style licence) step for step: insertion sort up to 12 elements (which is stable), then pivots by
 * median of three or Tukey's ninther, the "already sorted" shortcut, equal-element partitioning, the
 * xorshift pattern breaker and the heapsort fallback. test/shared/retention/go-sort.test.ts compares it
 * with Go's own sort.Slice.
 *
 * The order sorted is "greater key first" (Harbor's comparators are all `a.time > b.time`). `items` holds
 * artifact numbers; `key[item]` is the compared value. Positions are relative to `base`, as Go's are to
 * the slice it is given.
 */

interface Run {
  readonly items: Int32Array;
  readonly key: Float64Array;
  readonly base: number;
}

/** Go's `less(i, j)` of a descending sort: the element at position i goes before the one at j. */
function less(run: Run, i: number, j: number): boolean {
  return run.key[run.items[run.base + i]!]! > run.key[run.items[run.base + j]!]!;
}

function swap(run: Run, i: number, j: number): void {
  const items = run.items;
  const a = run.base + i;
  const b = run.base + j;
  const t = items[a]!;
  items[a] = items[b]!;
  items[b] = t;
}

/** bits.Len: the number of bits needed to represent n (0 for 0). */
function bitLength(n: number): number {
  return n === 0 ? 0 : 32 - Math.clz32(n);
}

/**
 * Sort `items[from, to)` by `key` descending exactly as Go's `sort.Slice(items[from:to], func(i, j int)
 * bool { return key[i] > key[j] })` would.
 */
export function goSortDescending(items: Int32Array, from: number, to: number, key: Float64Array): void {
  const length = to - from;
  if (length < 2) return;
  pdqsort({ items, key, base: from }, 0, length, bitLength(length));
}

function insertionSort(run: Run, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && less(run, j, j - 1); j--) swap(run, j, j - 1);
  }
}

function siftDown(run: Run, lo: number, hi: number, first: number): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && less(run, first + child, first + child + 1)) child++;
    if (!less(run, first + root, first + child)) return;
    swap(run, first + root, first + child);
    root = child;
  }
}

function heapSort(run: Run, a: number, b: number): void {
  const first = a;
  const hi = b - a;
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(run, i, hi, first);
  for (let i = hi - 1; i >= 0; i--) {
    swap(run, first, first + i);
    siftDown(run, 0, i, first);
  }
}

const UNKNOWN_HINT = 0;
const INCREASING_HINT = 1;
const DECREASING_HINT = 2;

function pdqsort(run: Run, a: number, b: number, limit: number): void {
  const maxInsertion = 12;
  let wasBalanced = true;
  let wasPartitioned = true;
  for (;;) {
    const length = b - a;
    if (length <= maxInsertion) {
      insertionSort(run, a, b);
      return;
    }
    if (limit === 0) {
      heapSort(run, a, b);
      return;
    }
    if (!wasBalanced) {
      breakPatterns(run, a, b);
      limit--;
    }
    let [pivot, hint] = choosePivot(run, a, b);
    if (hint === DECREASING_HINT) {
      reverseRange(run, a, b);
      pivot = b - 1 - (pivot - a);
      hint = INCREASING_HINT;
    }
    if (wasBalanced && wasPartitioned && hint === INCREASING_HINT && partialInsertionSort(run, a, b)) return;
    if (a > 0 && !less(run, a - 1, pivot)) {
      a = partitionEqual(run, a, b, pivot);
      continue;
    }
    const [mid, alreadyPartitioned] = partition(run, a, b, pivot);
    wasPartitioned = alreadyPartitioned;
    const leftLength = mid - a;
    const rightLength = b - mid;
    const balanceThreshold = Math.trunc(length / 8);
    if (leftLength < rightLength) {
      wasBalanced = leftLength >= balanceThreshold;
      pdqsort(run, a, mid, limit);
      a = mid + 1;
    } else {
      wasBalanced = rightLength >= balanceThreshold;
      pdqsort(run, mid + 1, b, limit);
      b = mid;
    }
  }
}

function partition(run: Run, a: number, b: number, pivot: number): [number, boolean] {
  swap(run, a, pivot);
  let i = a + 1;
  let j = b - 1;
  while (i <= j && less(run, i, a)) i++;
  while (i <= j && !less(run, j, a)) j--;
  if (i > j) {
    swap(run, j, a);
    return [j, true];
  }
  swap(run, i, j);
  i++;
  j--;
  for (;;) {
    while (i <= j && less(run, i, a)) i++;
    while (i <= j && !less(run, j, a)) j--;
    if (i > j) break;
    swap(run, i, j);
    i++;
    j--;
  }
  swap(run, j, a);
  return [j, false];
}

function partitionEqual(run: Run, a: number, b: number, pivot: number): number {
  swap(run, a, pivot);
  let i = a + 1;
  let j = b - 1;
  for (;;) {
    while (i <= j && !less(run, a, i)) i++;
    while (i <= j && less(run, a, j)) j--;
    if (i > j) break;
    swap(run, i, j);
    i++;
    j--;
  }
  return i;
}

function partialInsertionSort(run: Run, a: number, b: number): boolean {
  const maxSteps = 5;
  const shortestShifting = 50;
  let i = a + 1;
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !less(run, i, i - 1)) i++;
    if (i === b) return true;
    if (b - a < shortestShifting) return false;
    swap(run, i, i - 1);
    // Go bounds this shift by position 1 of the slice, not by a; kept as it is.
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!less(run, j, j - 1)) break;
        swap(run, j, j - 1);
      }
    }
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!less(run, j, j - 1)) break;
        swap(run, j, j - 1);
      }
    }
  }
  return false;
}

const MASK64 = (1n << 64n) - 1n;

function breakPatterns(run: Run, a: number, b: number): void {
  const length = b - a;
  if (length < 8) return;
  // xorshift on a uint64 seeded with the length; BigInt keeps Go's 64-bit wrap-around exact.
  let random = BigInt(length);
  const modulus = 2 ** bitLength(length);
  const middle = a + Math.trunc(length / 4) * 2;
  for (let idx = middle - 1; idx <= middle + 1; idx++) {
    random ^= (random << 13n) & MASK64;
    random ^= random >> 17n;
    random ^= (random << 5n) & MASK64;
    let other = Number(random & BigInt(modulus - 1));
    if (other >= length) other -= length;
    swap(run, idx, a + other);
  }
}

function choosePivot(run: Run, a: number, b: number): [number, number] {
  const shortestNinther = 50;
  const maxSwaps = 4 * 3;
  const l = b - a;
  const quarter = Math.trunc(l / 4);
  const swaps = { count: 0 };
  let i = a + quarter;
  let j = a + quarter * 2;
  let k = a + quarter * 3;
  if (l >= 8) {
    if (l >= shortestNinther) {
      i = median(run, i - 1, i, i + 1, swaps);
      j = median(run, j - 1, j, j + 1, swaps);
      k = median(run, k - 1, k, k + 1, swaps);
    }
    j = median(run, i, j, k, swaps);
  }
  return [j, swaps.count === 0 ? INCREASING_HINT : swaps.count === maxSwaps ? DECREASING_HINT : UNKNOWN_HINT];
}

/** The position among a, b, c holding the median, counting the exchanges Go counts. */
function median(run: Run, a: number, b: number, c: number, swaps: { count: number }): number {
  if (less(run, b, a)) {
    swaps.count++;
    [a, b] = [b, a];
  }
  if (less(run, c, b)) {
    swaps.count++;
    [b, c] = [c, b];
  }
  if (less(run, b, a)) {
    swaps.count++;
    [a, b] = [b, a];
  }
  return b;
}

function reverseRange(run: Run, a: number, b: number): void {
  for (let i = a, j = b - 1; i < j; i++, j--) swap(run, i, j);
}
