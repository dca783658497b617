// Runs anywhere (pure).
/**
 * Verdicts for streams of candidates in any order (`taglock eval`, the test server, benchmarks). What a
 * rule set answers about a repository name is worked out once per distinct name, as bit masks: which
 * rules still need the tag, and the first rule that settles every tag of that repository. A single-tag
 * candidate then costs one lookup and a match of each tag pattern still in play, in Harbor's order, each
 * distinct pattern once (rules that share one share the answer).
 *
 * The names are kept in two generations: a full young generation becomes the old one and the oldest is
 * dropped; a name used again from the old generation moves back to the young. So a working set smaller
 * than a generation never thrashes, whatever the order of the input, and memory stays bounded on an
 * endless stream. Tags are not cached: most are distinct (112,375 of 300,000 candidates in the benchmark),
 * and a lookup per tag measured slower than matching the few patterns still in play.
 * Same verdicts as `judge` (tests hold them equal).
 */
import type { CompiledRuleSet } from './rule-set.js';
import type { CompiledSelector } from './selector.js';
import { SELECTED, SELECTOR_ERROR, select } from './selector.js';
import { judge, repositoryStates, untaggedAnswer, VERDICT_MUTABLE } from './judge.js';

/** Repository names per generation: far more than a registry has. */
const REPOSITORY_LIMIT = 1 << 17;

/** A map that forgets its least recently used half when full (see the file comment). */
export class TwoGenerationMap<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly limit: number) {}

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
}

/**
 * What a rule set answers about one repository: small, so that many fit in the processor's caches (the
 * per-rule states of judge.ts are made only when a candidate needs them).
 */
interface RepositoryEntry {
  states: Uint8Array | null;
  /** Rules whose tag selector must look at the tag. */
  readonly check: number;
  /** The first rule that decides or stops whatever the tag is, as a one-bit mask (0: none). */
  readonly settled: number;
  /** Whether that rule stops evaluation with an error (else it makes every tag immutable). */
  readonly settledByError: boolean;
}

const NO_TAGS: readonly string[] = [];
const SKIP = 0;
const CHECK_TAGS = 1;
const STOP = 2;

export class DecisionCache {
  private readonly repositories: TwoGenerationMap<RepositoryEntry>;
  /** Per rule position: the slot of its tag pattern among the distinct ones, or -1. */
  private readonly slotOf: Int32Array;
  /** Per slot: the selector that answers for it. */
  private readonly slotSelectors: CompiledSelector[] = [];
  /** Rule sets of up to 31 rules and without tag decorations in the repository slot take the bitmask path. */
  private readonly masks: boolean;
  private readonly tagList: string[] = [''];

  /** Repository names worked out so far (for tests of the cache itself). */
  computed = 0;

  constructor(private readonly ruleSet: CompiledRuleSet, repositoryLimit = REPOSITORY_LIMIT) {
    this.repositories = new TwoGenerationMap(repositoryLimit);
    const rules = ruleSet.rules;
    this.slotOf = new Int32Array(rules.length).fill(-1);
    const slots = new Map<string, number>();
    let masks = rules.length <= 31;
    rules.forEach((rule, position) => {
      if (rule.repository?.target === 'tags') masks = false;
      const tag = rule.tag;
      if (tag === null || tag.target !== 'tags') return;
      const key = `${tag.selector.decoration}\u0000${tag.selector.pattern}`;
      let slot = slots.get(key);
      if (slot === undefined) {
        slot = this.slotSelectors.length;
        this.slotSelectors.push(tag);
        slots.set(key, slot);
      }
      this.slotOf[position] = slot;
    });
    this.masks = masks && this.slotSelectors.length <= 31;
  }

  /** The repository's per-rule states (judge.ts), computed once per distinct name. */
  states(repository: string): Uint8Array {
    return this.statesOf(this.repository(repository), repository);
  }

  private statesOf(entry: RepositoryEntry, repository: string): Uint8Array {
    if (entry.states === null) {
      entry.states = new Uint8Array(this.ruleSet.rules.length);
      repositoryStates(this.ruleSet, repository, entry.states);
    }
    return entry.states;
  }

  private repository(repository: string): RepositoryEntry {
    let entry = this.repositories.get(repository);
    if (entry === undefined) {
      entry = this.computeRepository(repository);
      this.repositories.set(repository, entry);
    }
    return entry;
  }

  private computeRepository(repository: string): RepositoryEntry {
    this.computed++;
    const rules = this.ruleSet.rules;
    const states = new Uint8Array(rules.length);
    repositoryStates(this.ruleSet, repository, states);
    let check = 0;
    let settled = 0;
    let settledByError = false;
    if (this.masks) {
      for (let position = 0; position < rules.length && settled === 0; position++) {
        const state = states[position];
        if (state === SKIP) continue;
        const bit = 1 << position;
        if (state === STOP) {
          settled = bit;
          settledByError = true;
        } else if (state === CHECK_TAGS && this.slotOf[position]! >= 0) {
          check |= bit;
        } else if (state === CHECK_TAGS) {
          // A tag selector that reads the repository (or nothing): its answer is the same for every tag.
          const tag = rules[position]!.tag!;
          const outcome = select(tag, repository, NO_TAGS, untaggedAnswer(this.ruleSet, tag.selector.decoration));
          if (outcome === SELECTED) settled = bit;
          else if (outcome === SELECTOR_ERROR) {
            settled = bit;
            settledByError = true;
          }
        }
      }
    }
    return { states: this.masks ? null : states, check, settled, settledByError };
  }

  private lastName: string | null = null;
  private lastEntry: RepositoryEntry | null = null;

  /** The verdict (judge.ts's encoding) for `tags` of `repository`. */
  verdict(repository: string, tags: readonly string[]): number {
    // Candidates usually come repository by repository: the last one answers without a lookup.
    let entry = this.lastEntry;
    if (repository !== this.lastName || entry === null) {
      entry = this.repository(repository);
      this.lastName = repository;
      this.lastEntry = entry;
    }
    if (!this.masks || tags.length !== 1) return judge(this.ruleSet, this.statesOf(entry, repository), repository, tags);
    return this.verdictOfTag(entry, tags[0]!);
  }

  private verdictOfTag(entry: RepositoryEntry, tag: string): number {
    const settled = entry.settled;
    // Only rules before the one that settles every tag can still decide by the tag.
    let pending = settled === 0 ? entry.check : entry.check & (settled - 1);
    if (pending !== 0) {
      this.tagList[0] = tag;
      // Each distinct pattern is matched once: `answered` marks slots already found not to select.
      let answered = 0;
      while (pending !== 0) {
        const bit = pending & -pending;
        pending ^= bit;
        const slot = this.slotOf[31 - Math.clz32(bit)]!;
        if ((answered & (1 << slot)) !== 0) continue;
        const outcome = this.slotSelectors[slot]!.selectTags(this.tagList, false);
        if (outcome === SELECTED) return 31 - Math.clz32(bit);
        if (outcome === SELECTOR_ERROR) return -(31 - Math.clz32(bit)) - 2;
        answered |= 1 << slot;
      }
    }
    if (settled === 0) return VERDICT_MUTABLE;
    const position = 31 - Math.clz32(settled);
    return entry.settledByError ? -position - 2 : position;
  }
}
