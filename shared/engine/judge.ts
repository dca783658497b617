// Runs anywhere (pure).
/**
 * The fast form of Harbor's decision, for evaluating many candidates: a rule's repository selector reads
 * only the repository name (unless a tag decoration sits in its slot), so its outcome is computed once
 * per repository and reused for every tag there. Same answers as `decide`, which stays the plain
 * reference; tests hold the two equal.
 *
 * Verdict encoding (also used by simulation results):
 *   >= 0   immutable, decided by ruleSet.rules[v]
 *   -1     mutable, no rule selected it
 *   <= -2  mutable because ruleSet.rules[-v - 2] failed and stopped evaluation (fail-open)
 */
import type { CompiledRuleSet } from './rule-set.js';
import { NOT_SELECTED as NOT_SELECTED_OUTCOME, SELECTED as SELECTED_OUTCOME, SELECTOR_ERROR as ERROR_OUTCOME, select } from './selector.js';
import { NOT_ASKED as NOT_ASKED_ANSWER, OUTCOME_OFFSET as ANSWER_OFFSET } from './tag-outcomes.js';

// Module-local copies of the imported constants: read per tag and rule, and an imported binding can be an
// accessor call in some module loaders (tsx's, for one), which costs more than the rest of the loop.
const SELECTED = SELECTED_OUTCOME;
const NOT_SELECTED = NOT_SELECTED_OUTCOME;
const SELECTOR_ERROR = ERROR_OUTCOME;
const NOT_ASKED = NOT_ASKED_ANSWER;
const OUTCOME_OFFSET = ANSWER_OFFSET;

export const VERDICT_MUTABLE = -1;

/** Per-repository state of a rule. */
const SKIP = 0;
const CHECK_TAGS = 1;
const STOP = 2;
const PER_CANDIDATE = 3;

/** Fill `states` (one byte per rule in evaluation order) for one repository. */
export function repositoryStates(ruleSet: CompiledRuleSet, repository: string, states: Uint8Array): void {
  const rules = ruleSet.rules;
  for (let position = 0; position < rules.length; position++) {
    const rule = rules[position]!;
    if (rule.disabled || rule.repository === null) {
      states[position] = SKIP;
    } else if (rule.repository.target === 'tags') {
      states[position] = PER_CANDIDATE; // a tag decoration in the repository slot reads the tags
    } else {
      const outcome = select(rule.repository, repository, [], true);
      states[position] = outcome === SELECTOR_ERROR ? STOP : outcome === SELECTED && rule.tag !== null ? CHECK_TAGS : SKIP;
    }
  }
}

/**
 * The verdict for one candidate of a repository whose states were computed by `repositoryStates`.
 * `from` skips rules already known not to decide or fail for this candidate (incremental simulation).
 */
export function judge(ruleSet: CompiledRuleSet, states: Uint8Array, repository: string, tags: readonly string[], from = 0): number {
  const rules = ruleSet.rules;
  for (let position = from; position < rules.length; position++) {
    const state = states[position];
    if (state === SKIP) continue;
    if (state === STOP) return -position - 2;
    const rule = rules[position]!;
    if (state === PER_CANDIDATE) {
      const outcome = select(rule.repository!, repository, tags, true);
      if (outcome === SELECTOR_ERROR) return -position - 2;
      if (outcome !== SELECTED || rule.tag === null) continue;
    }
    const tag = rule.tag!;
    const outcome = select(tag, repository, tags, untaggedAnswer(ruleSet, tag.selector.decoration));
    if (outcome === SELECTOR_ERROR) return -position - 2;
    if (outcome === SELECTED) return position;
  }
  return VERDICT_MUTABLE;
}

const oneTag: string[] = [''];

/**
 * `judge` for a single tag named `name`, whose name id (SnapshotIndex.tagNameIds) is `nameId` (the push
 * path), with the kept answers of tag selectors (tag-outcomes.ts): `answers[position]` holds what that
 * rule's tag selector answered per tag name, asked here only when not yet known. Same verdict as
 * `judge(ruleSet, states, repository, [name], from)`. Its first lines repeat judge's on purpose: this
 * loop runs once per tag of the snapshot on every edit.
 */
export function judgeTag(ruleSet: CompiledRuleSet, states: Uint8Array, repository: string, name: string, nameId: number, answers: readonly (Int8Array | null)[], from = 0): number {
  const rules = ruleSet.rules;
  for (let position = from; position < rules.length; position++) {
    const state = states[position];
    if (state === SKIP) continue;
    if (state === STOP) return -position - 2;
    const rule = rules[position]!;
    oneTag[0] = name;
    if (state === PER_CANDIDATE) {
      const outcome = select(rule.repository!, repository, oneTag, true);
      if (outcome === SELECTOR_ERROR) return -position - 2;
      if (outcome !== SELECTED || rule.tag === null) continue;
    }
    const kept = answers[position];
    let outcome: number;
    if (kept === null || kept === undefined) outcome = select(rule.tag!, repository, oneTag, true);
    else {
      const answer = kept[nameId]!;
      if (answer === NOT_ASKED) {
        outcome = select(rule.tag!, repository, oneTag, true);
        kept[nameId] = outcome + OUTCOME_OFFSET;
      } else outcome = answer - OUTCOME_OFFSET;
    }
    if (outcome === SELECTOR_ERROR) return -position - 2;
    if (outcome === SELECTED) return position;
  }
  return VERDICT_MUTABLE;
}

/**
 * `judge` for the tags `start` up to `end` of a snapshot (an artifact with at least one tag: the
 * retention path), named `names[t]` with name ids `nameIds[t]`, with the kept answers of tag selectors as
 * in `judgeTag`: a selector tries the tags in order and the first decisive one wins, as `selectTags` does.
 */
export function judgeTagRange(
  ruleSet: CompiledRuleSet,
  states: Uint8Array,
  repository: string,
  names: readonly string[],
  nameIds: Int32Array,
  start: number,
  end: number,
  answers: readonly (Int8Array | null)[],
  from = 0,
): number {
  const rules = ruleSet.rules;
  for (let position = from; position < rules.length; position++) {
    const state = states[position];
    if (state === SKIP) continue;
    if (state === STOP) return -position - 2;
    const rule = rules[position]!;
    const kept = answers[position];
    if (state === PER_CANDIDATE || kept === null || kept === undefined) {
      const outcome = judge(ruleSet, states, repository, names.slice(start, end), position);
      // The rest of the rules read the tags as a list too: judged from here on by `judge` itself.
      return outcome;
    }
    // A tag's kept answer is the selector's answer for it alone: SELECTED where it is decisive.
    let outcome: number = NOT_SELECTED;
    for (let t = start; t < end; t++) {
      const nameId = nameIds[t]!;
      let answer = kept[nameId]!;
      if (answer === NOT_ASKED) {
        oneTag[0] = names[t]!;
        answer = select(rule.tag!, repository, oneTag, true) + OUTCOME_OFFSET;
        kept[nameId] = answer;
      }
      const one = answer - OUTCOME_OFFSET;
      if (one === SELECTOR_ERROR) {
        outcome = SELECTOR_ERROR;
        break;
      }
      if (one === SELECTED) {
        outcome = SELECTED;
        break;
      }
    }
    if (outcome === SELECTOR_ERROR) return -position - 2;
    if (outcome === SELECTED) return position;
  }
  return VERDICT_MUTABLE;
}

/**
 * What a tag selector answers for an artifact without tags (only the retention path has those): since
 * Harbor 2.5.0 only `excludes` selects it; before, `matches` did too (harbor-profile.ts).
 */
export function untaggedAnswer(ruleSet: CompiledRuleSet, decoration: string): boolean {
  return decoration === 'excludes' || ruleSet.profile.behaviour.retention.untaggedMatchesSelect;
}

export function isImmutableVerdict(verdict: number): boolean {
  return verdict >= 0;
}

export function errorRulePosition(verdict: number): number | null {
  return verdict <= -2 ? -verdict - 2 : null;
}
