// Runs anywhere (pure).
/**
 * The artifacts an edit cannot touch, kept between results while an admin types into one rule.
 *
 * A rule edit re-judges only the tags and artifacts the unchanged leading rules (the prefix) did not
 * decide or stop (simulate.ts). Yet it still visits every artifact, to copy the held verdicts and count
 * them. While the prefix stays the same (keystrokes into the same rule), the held artifacts stay the
 * same too: every tag of theirs, and their retention verdict, is decided or stopped by a rule of the
 * prefix. So their verdicts can be copied in bulk, and what they add to each repository's totals and
 * to each rule's counts can be kept once. A run then visits only the open artifacts.
 *
 * Partitions are kept beside the results in weak maps, so a result's shape and its copies stay as
 * they were. A result made with the help of a partition hands it on; it is valid for any later result
 * whose unchanged prefix is at least as long, as the rules of its prefix are then the same ones.
 */
import type { SimulationResult, Totals } from './simulate.js';

export interface HeldArtifacts {
  /** Per project: the unchanged leading rules the partition was made for. */
  readonly prefixes: readonly number[];
  /** The artifacts that are not held, repository by repository, in index order. */
  readonly openArtifacts: Int32Array;
  /** Per repository r: its open artifacts are openArtifacts[openStart[r], openStart[r + 1]). */
  readonly openStart: Int32Array;
  /** Per repository: what its held artifacts add to its totals. */
  readonly totals: readonly Totals[];
  /** Per project, per rule: the tags of held artifacts that the rule decided, and those it stopped. */
  readonly decided: readonly Int32Array[];
  readonly stopped: readonly Int32Array[];
}

const held = new WeakMap<SimulationResult, HeldArtifacts>();
/** The prefixes a result was made with (only results made from a previous one). */
const prefixesOf = new WeakMap<SimulationResult, readonly number[]>();

/** A previous verdict still holds when a rule among the unchanged first `prefix` decided or stopped it. */
export function stillHolds(verdict: number, prefix: number): boolean {
  return verdict >= 0 ? verdict < prefix : verdict <= -2 && -verdict - 2 < prefix;
}

/** The partition `previous` carries, when it serves a run with these unchanged prefixes. */
export function heldArtifactsFor(previous: SimulationResult | null | undefined, prefixes: readonly number[]): HeldArtifacts | null {
  const partition = previous ? held.get(previous) : undefined;
  if (partition === undefined || partition.prefixes.length !== prefixes.length) return null;
  return partition.prefixes.every((k, p) => k <= prefixes[p]!) ? partition : null;
}

/** Keeps how `result` was made: the prefixes it was judged with, and the partition it can hand on. */
export function rememberRun(result: SimulationResult, prefixes: readonly number[], partition: HeldArtifacts | null): void {
  prefixesOf.set(result, prefixes);
  if (partition !== null) held.set(result, partition);
}

/**
 * Whether a run with these prefixes should make a partition: on the second run in a row with the same
 * prefixes (the second keystroke into one rule), as a single edit would pay for it and not use it.
 */
export function worthPartitioning(previous: SimulationResult | null | undefined, prefixes: readonly number[]): boolean {
  const before = previous ? prefixesOf.get(previous) : undefined;
  return prefixes.some((k) => k > 0) && before !== undefined && before.length === prefixes.length && before.every((k, p) => k === prefixes[p]);
}

/**
 * The artifacts of `result` that are not held under `prefixes`: one of their tags, or their retention
 * verdict when it is judged apart from the tag's (`judgedApart`), is not decided or stopped by the prefix.
 */
export function openArtifactsOf(
  result: SimulationResult,
  prefixes: readonly number[],
  judgedApart: (repository: number, tagCount: number) => boolean,
): { openArtifacts: Int32Array; openStart: Int32Array } {
  const { index, tagVerdict, artifactRetentionVerdict } = result;
  const { repositoryArtifactStart, artifactTagStart, repositoryProject } = index;
  const repositories = index.counts.repositories;
  const open = new Int32Array(index.counts.artifacts);
  const openStart = new Int32Array(repositories + 1);
  let count = 0;
  for (let r = 0; r < repositories; r++) {
    openStart[r] = count;
    const prefix = prefixes[repositoryProject[r]!]!;
    const end = repositoryArtifactStart[r + 1]!;
    for (let a = repositoryArtifactStart[r]!; a < end; a++) {
      const tagStart = artifactTagStart[a]!;
      const tagEnd = artifactTagStart[a + 1]!;
      let holds = prefix > 0;
      for (let t = tagStart; holds && t < tagEnd; t++) holds = stillHolds(tagVerdict[t]!, prefix);
      if (holds && judgedApart(r, tagEnd - tagStart)) holds = stillHolds(artifactRetentionVerdict[a]!, prefix);
      if (!holds) open[count++] = a;
    }
  }
  openStart[repositories] = count;
  return { openArtifacts: open.slice(0, count), openStart };
}

/** `whole` minus `part`, field by field. */
export function totalsWithout(whole: Totals, part: Totals): Totals {
  const out = { ...whole };
  for (const key of Object.keys(out) as (keyof Totals)[]) out[key] -= part[key];
  return out;
}
