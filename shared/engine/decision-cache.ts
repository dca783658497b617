// Runs anywhere (pure).
/**
 * Verdicts for streams of candidates in any order (`taglock eval`, the test server, benchmarks), with
 * two caches, one per distinct repository name and one per distinct tag, both as bit masks over the
 * rules in evaluation order:
 *   - a repository name: the rules that still need the tag (their repository selector selects the name
 *     and their tag selector reads the tag, all before the first rule that settles every tag of that
 *     name) and the verdict when none of them selects the tag;
 *   - a tag: the rules whose tag pattern is known to select it or to fail on it. A pattern is matched
 *     against a tag only when a candidate needs its answer, and once per tag (rules that share a pattern
 *     share the answer).
 * A single-tag candidate whose tag is held costs two lookups and a few bit operations. Before the tag
 * lookup, the tag's first two characters rule out the pending patterns that cannot match it, and a new
 * repository name's first two characters the repository patterns that cannot match it (lead-filter.ts).
 * On the benchmark's million candidates this took the tag pattern matches per pass from 1.67 million to
 * 47 thousand (one-off "sha-…" tags need none) and the tag lookups from 1 million to 455 thousand. The
 * decision loop, alternating passes with the cache before in one process (best of 10, load average 4.5
 * to 6): shuffled 288-367 ms before, 170-206 after; grouped 227-264 before, 105-110 after.
 * What remains on shuffled input is mostly the repository lookup: reading the name's characters and
 * waiting for its slot (together about a third of the loop's profile samples). Measured and not kept:
 * Maps keyed by flat copies of the names (slower than the tables, for names and for tags); a table of
 * string copies compared natively, with a hash of a sample of the characters (slower); probing the young
 * tag generation before reading the first-sighting bit (no difference). Also measured and not kept:
 *   - a Map of repository names does reuse the hash V8 stores in each string that JSON.parse made (a
 *     million lookups alone: 47 ms, the table 75), but in the whole loop it was slower (160-240 ms
 *     against 136-143, best of 7 passes, CPU time), and on names cut from a chunk of input, as
 *     `taglock eval` reads them, V8 hashes each one anew;
 *   - deciding a candidate from the first two characters of its tag and of its name alone, before any
 *     lookup (39% of the benchmark's candidates could be): sound only if no rule whose repository
 *     pattern is not ruled out can fail on the name, and a pattern's failure is lazy, per name (v1.3.4
 *     fails "{sandbox/**,tools/**}" on "/x", misses "x/y"), so the benchmark's rule 4 keeps every
 *     candidate on the lookup path;
 *   - the tag cache as a Map keyed by the tag (V8's JSON.parse interns short strings, "main" but not an
 *     11-character "sha-…", so most of its lookups compare pointers): the loop went from 137-153 ms to
 *     157-185;
 *   - repository names in 64-byte slots holding the hash, the record and the first 44 characters, one
 *     cache line per lookup instead of the index's and the entry's: the lookups alone took 68-71 ms at
 *     best against 71-74, and 85 in half the passes.
 * Cut short at each step (best of 9 passes, CPU time), the shuffled loop spends about 17 ms reading the
 * input, 65 finding the repository's record, 15 on the tags' first characters and 40 in the tag lookups.
 * Measured later, and not kept (best of 9 passes, CPU time, a process per run, alternating):
 *   - a Map of repository names again, with flat copies as keys: its lookups alone took 56-58 ms against
 *     the table's 70-72, the whole shuffled loop 180-206 ms against 141-164;
 *   - a 4,096-entry memo of short tags in front of the tag table, compared by `===` (JSON.parse interns
 *     them, so most compare pointers): it took the tag table's lookups from 455,000 to 237,000 a pass,
 *     and the loop stayed where it was (152-176 ms against 153-165).
 * What bounds the loop is its arithmetic more than memory: grouped input with the last-name shortcut
 * taken out, so every candidate looks its repository up in lines already cached, took 131-139 ms, where
 * shuffled took 148-184 in the same runs; reading a name's characters alone is about 18 ms a pass.
 *
 * Both caches keep two generations (two-generation-records.ts), so memory stays bounded on an endless
 * stream and a working set smaller than a generation never thrashes, whatever the order of the input.
 * They copy the keys' characters and hold no string of the input (a name cut from a large chunk of
 * input would keep the whole chunk alive).
 * Tags are taken in on their second sighting only. Measured on the benchmark's million candidates
 * (369,567 distinct tags, 367,155 of them seen once, while "main", "latest", "v2.0.0"... recur in
 * thousands of repositories): matching a tag's few pending patterns costs about as much as one lookup,
 * so caching every tag was no faster than the repository cache alone; caching the recurring tags only,
 * one-off tags matched as they come, was 10-30% faster in both orders (best of 8 alternating passes in
 * one process). A one-off tag costs one bit of the tag cache's first sightings, not a probe of its
 * tables. Lookups go through compact tables rather than Maps, whose entries point at key strings
 * scattered over the heap: on shuffled input the repository lookup is the larger part of the cost, and
 * most of it is waiting for memory (see two-generation-records.ts).
 * Same verdicts as `judge` (tests hold them equal).
 */
import type { CompiledRuleSet } from './rule-set.js';
import type { CompiledSelector } from './selector.js';
import { NOT_SELECTED, SELECTED, SELECTOR_ERROR, select } from './selector.js';
import { judge, repositoryStates, untaggedAnswer, VERDICT_MUTABLE } from './judge.js';
import { TwoGenerationRecords } from './two-generation-records.js';
import { LeadFilter } from './lead-filter.js';
import { leadingRuneSets } from '../glob/leading-runes.js';
import type { RuneSet } from '../glob/rune-set.js';

/**
 * Repository names per generation: more than a registry has (two generations hold twice as many); a full
 * generation is an index of 1 MB and about 40 bytes per name of 20 characters.
 */
const REPOSITORY_LIMIT = 1 << 16;
/** Tags per generation: the tags reused across repositories stay; one-off tags pass through. */
const TAG_LIMIT = 1 << 15;

/**
 * What a rule set answers about one repository name, at these offsets of its record: whether it has been
 * worked out (1) or is new (0); the rules whose tag selector must look at the tag, all before the first
 * rule that settles every tag of that name; the verdict when none of them selects the tag.
 */
const WORKED_OUT = 0;
const PENDING = 1;
const OTHERWISE = 2;
const REPOSITORY_RECORD_WIDTH = 3;

/**
 * What the tag patterns answer for one tag (single-tag candidates only), at these offsets of its record:
 * the rules whose pattern has been matched against the tag; among them, those whose tag selector selects
 * the tag or fails on it; among those, the ones that fail.
 */
const KNOWN = 0;
const DECISIVE = 1;
const FAILED = 2;
const TAG_RECORD_WIDTH = 3;

const NO_TAGS: readonly string[] = [];

export class DecisionCache {
  private readonly repositories: TwoGenerationRecords;
  private readonly tags: TwoGenerationRecords;
  /** Per-rule states (judge.ts) per repository name, for candidates off the bitmask path. */
  private readonly packedStates: TwoGenerationRecords;
  /** Per rule position: the slot of its tag pattern among the distinct ones, or -1. */
  private readonly slotOf: Int32Array;
  /** Per slot: the selector that answers for it. */
  private readonly slotSelectors: CompiledSelector[] = [];
  /** Per slot: the rules that use its pattern, as a mask. */
  private readonly slotRules: number[] = [];
  /** Rule sets of up to 31 rules and without tag decorations in the repository slot take the bitmask path. */
  private readonly masks: boolean;
  /** The rules whose tag patterns surely miss a tag, from its first two characters. */
  private readonly leads: LeadFilter;
  /** The rules with a `matches` tag selector (the others with a tag pattern are `excludes`). */
  private matchesRules = 0;
  /** The rules whose repository patterns surely miss a repository name, from its first two characters. */
  private readonly repositoryLeads: LeadFilter;
  /** The rules with a `repoExcludes` repository selector. */
  private repositoryExcludesRules = 0;
  private readonly tagList: string[] = [''];
  /** Room for one repository's per-rule states while it is worked out. */
  private readonly scratchStates: Uint8Array;

  /** Repository names worked out so far (for tests of the cache itself). */
  computed = 0;
  /** Tag patterns matched so far (for tests of the cache itself). */
  matched = 0;

  /** Repository names and tags held now, in both generations (for tests of the cache itself). */
  get held(): { repositories: number; tags: number } {
    return { repositories: this.repositories.size, tags: this.tags.size };
  }

  /** Slots stepped over while placing repository names and tags (for tests of the cache itself). */
  get probes(): number {
    return this.repositories.probes + this.tags.probes;
  }

  constructor(private readonly ruleSet: CompiledRuleSet, repositoryLimit = REPOSITORY_LIMIT, tagLimit = TAG_LIMIT) {
    this.repositories = new TwoGenerationRecords(repositoryLimit, REPOSITORY_RECORD_WIDTH);
    this.tags = new TwoGenerationRecords(tagLimit, TAG_RECORD_WIDTH, true);
    const rules = ruleSet.rules;
    this.packedStates = new TwoGenerationRecords(repositoryLimit, 1 + Math.ceil(rules.length / 16));
    this.scratchStates = new Uint8Array(rules.length);
    this.slotOf = new Int32Array(rules.length).fill(-1);
    const slots = new Map<string, number>();
    let masks = rules.length <= 31;
    const leadingSets: RuneSet[][] = [];
    const repositoryLeadingSets: RuneSet[][] = [];
    rules.forEach((rule, position) => {
      leadingSets.push([]);
      repositoryLeadingSets.push([]);
      const repository = rule.repository;
      if (repository?.target === 'tags') masks = false;
      if (repository?.target === 'repository') {
        repositoryLeadingSets[position] = leadingRuneSets(repository.selector.pattern, ruleSet.dialect);
        if (repository.selector.decoration === 'repoExcludes') this.repositoryExcludesRules |= 1 << position;
      }
      const tag = rule.tag;
      if (tag === null || tag.target !== 'tags') return;
      const key = `${tag.selector.decoration}\u0000${tag.selector.pattern}`;
      let slot = slots.get(key);
      if (slot === undefined) {
        slot = this.slotSelectors.length;
        this.slotSelectors.push(tag);
        this.slotRules.push(0);
        slots.set(key, slot);
      }
      this.slotOf[position] = slot;
      this.slotRules[slot]! |= 1 << position;
      if (tag.selector.decoration === 'matches') this.matchesRules |= 1 << position;
      leadingSets[position] = leadingRuneSets(tag.selector.pattern, ruleSet.dialect);
    });
    this.masks = masks;
    this.leads = new LeadFilter(masks ? leadingSets : []);
    this.repositoryLeads = new LeadFilter(masks ? repositoryLeadingSets : []);
  }

  /** The verdict (judge.ts's encoding) for `tags` of `repository`. */
  verdict(repository: string, tags: readonly string[]): number {
    if (!this.masks || tags.length !== 1) return judge(this.ruleSet, this.statesOf(repository), repository, tags);
    // Candidates often come repository by repository: the last one answers without a lookup.
    if (repository !== this.lastName) this.lookUp(repository);
    let pending = this.lastPending;
    if (pending === 0) return this.lastOtherwise;
    const tag = tags[0]!;
    const missed = pending & this.leads.ruledOut(tag);
    if (missed !== 0) {
      // A pattern that misses the tag: its `matches` rules do not select, its `excludes` rules select.
      pending &= ~(missed & this.matchesRules);
      if (pending === 0) return this.lastOtherwise;
      const first = pending & -pending;
      if ((missed & first) !== 0) return 31 - Math.clz32(first);
    }
    const at = this.tags.find(tag);
    if (at < 0) return this.matchUncached(pending, tag, this.lastOtherwise);
    const answers = this.tags.records;
    // The first pending rule that selects (or fails) decides if every pending rule before it is known
    // not to: `first - 1` covers the rules before it (all of them when there is none).
    const hits = pending & answers[at + DECISIVE]!;
    const first = hits & -hits;
    if ((pending & ~answers[at + KNOWN]! & (first - 1)) !== 0) return this.matchPending(answers, at, pending, tag, this.lastOtherwise);
    if (first === 0) return this.lastOtherwise;
    const position = 31 - Math.clz32(first);
    return (answers[at + FAILED]! & first) !== 0 ? -position - 2 : position;
  }

  private lastName: string | null = null;
  private lastPending = 0;
  private lastOtherwise = VERDICT_MUTABLE;

  private lookUp(repository: string): void {
    const at = this.repositories.find(repository);
    const records = this.repositories.records;
    if (records[at + WORKED_OUT] === 0) {
      this.workOut(repository);
      records[at + WORKED_OUT] = 1;
      records[at + PENDING] = this.lastPending;
      records[at + OTHERWISE] = this.lastOtherwise;
    } else {
      this.lastPending = records[at + PENDING]!;
      this.lastOtherwise = records[at + OTHERWISE]!;
    }
    this.lastName = repository;
  }

  /**
   * Sets lastPending and lastOtherwise for a repository name not held: repositoryStates (judge.ts) rule by
   * rule, up to the first rule that settles every tag, with the repository patterns that cannot match
   * the name (from its first two characters) answered without matching.
   */
  private workOut(repository: string): void {
    this.computed++;
    const rules = this.ruleSet.rules;
    const missed = this.repositoryLeads.ruledOut(repository);
    let pending = 0;
    let otherwise = VERDICT_MUTABLE;
    for (let position = 0; position < rules.length && otherwise === VERDICT_MUTABLE; position++) {
      const rule = rules[position]!;
      if (rule.disabled || rule.repository === null) continue;
      const bit = 1 << position;
      const selected =
        (missed & bit) !== 0 ? ((this.repositoryExcludesRules & bit) !== 0 ? SELECTED : NOT_SELECTED) : select(rule.repository, repository, NO_TAGS, true);
      if (selected === SELECTOR_ERROR) otherwise = -position - 2;
      else if (selected !== SELECTED || rule.tag === null) continue;
      else if (this.slotOf[position]! >= 0) pending |= bit;
      else {
        // A tag selector that reads the repository (or nothing): its answer is the same for every tag.
        const tag = rule.tag;
        const outcome = select(tag, repository, NO_TAGS, untaggedAnswer(this.ruleSet, tag.selector.decoration));
        if (outcome === SELECTED) otherwise = position;
        else if (outcome === SELECTOR_ERROR) otherwise = -position - 2;
      }
    }
    this.lastPending = pending;
    this.lastOtherwise = otherwise;
  }

  /** Rule by rule in Harbor's order, matching the patterns not yet known for this tag until one decides. */
  private matchPending(answers: Int32Array, at: number, pending: number, tag: string, otherwise: number): number {
    this.tagList[0] = tag;
    while (pending !== 0) {
      const bit = pending & -pending;
      pending ^= bit;
      if ((answers[at + KNOWN]! & bit) === 0) {
        const slot = this.slotOf[31 - Math.clz32(bit)]!;
        const rules = this.slotRules[slot]!;
        this.matched++;
        const outcome = this.slotSelectors[slot]!.selectTags(this.tagList, false);
        answers[at + KNOWN]! |= rules;
        if (outcome === SELECTED) answers[at + DECISIVE]! |= rules;
        else if (outcome === SELECTOR_ERROR) {
          answers[at + DECISIVE]! |= rules;
          answers[at + FAILED]! |= rules;
        }
      }
      if ((answers[at + DECISIVE]! & bit) !== 0) {
        const position = 31 - Math.clz32(bit);
        return (answers[at + FAILED]! & bit) !== 0 ? -position - 2 : position;
      }
    }
    return otherwise;
  }

  /** As matchPending, for a tag not cached. */
  private matchUncached(pending: number, tag: string, otherwise: number): number {
    this.tagList[0] = tag;
    let known = 0;
    while (pending !== 0) {
      const bit = pending & -pending;
      pending ^= bit;
      if ((known & bit) !== 0) continue;
      const slot = this.slotOf[31 - Math.clz32(bit)]!;
      this.matched++;
      const outcome = this.slotSelectors[slot]!.selectTags(this.tagList, false);
      const position = 31 - Math.clz32(bit);
      if (outcome === SELECTED) return position;
      if (outcome === SELECTOR_ERROR) return -position - 2;
      known |= this.slotRules[slot]!;
    }
    return otherwise;
  }

  /**
   * The repository's per-rule states (judge.ts), computed once per distinct name and kept packed, two
   * bits a rule; read into scratch space that the next call reuses.
   */
  private statesOf(repository: string): Uint8Array {
    const at = this.packedStates.find(repository);
    const records = this.packedStates.records;
    const states = this.scratchStates;
    if (records[at + WORKED_OUT] === 0) {
      this.computed++;
      repositoryStates(this.ruleSet, repository, states);
      records[at + WORKED_OUT] = 1;
      for (let position = 0; position < states.length; position++) records[at + 1 + (position >>> 4)]! |= states[position]! << ((position & 15) * 2);
    } else {
      for (let position = 0; position < states.length; position++) states[position] = (records[at + 1 + (position >>> 4)]! >>> ((position & 15) * 2)) & 3;
    }
    return states;
  }
}
