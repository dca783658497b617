// Helpers for benchmark sections: each section runs in its own process and prints one JSON line.
export function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function time<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** Best of n runs, after one warm-up, so JIT and caches are in the same state for every contender. */
export function bestOf<T>(n: number, fn: () => T): { value: T; ms: number } {
  let best = time(fn);
  for (let i = 0; i < n; i++) {
    const run = time(fn);
    if (run.ms < best.ms) best = run;
  }
  return best;
}

export function report(section: string, values: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ section, ...values }) + '\n');
}
