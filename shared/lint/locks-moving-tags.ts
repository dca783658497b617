// Runs anywhere (pure).
/**
 * `locks-moving-tags`: with a simulation of a snapshot, the moving tags (moving-tags.ts) a rule makes
 * immutable, counted by reason with up to three examples. Worded more strongly when the project mirrors
 * another registry (a proxy cache, or the destination of an enabled replication policy whose tag filter
 * lets these tags through): the mirror's next update of such a tag is refused.
 *
 * It takes over from the name-only checks when a snapshot is there: `ci-moving-tags` (static, from sample
 * names) stays for rules this finding does not report, see `withoutCoveredMovingFindings`.
 */
import type { CompiledRuleSet } from '../engine/rule-set.js';
import type { SimulationResult } from '../engine/simulate.js';
import { tagFilterSelects } from '../registry/replication.js';
import type { SnapshotReplication } from '../snapshot/schema.js';
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';
import { perIndex } from '../snapshot/per-index.js';
import type { LintFinding } from './finding.js';
import { countOf } from './finding.js';
import { MOVING_REASONS, MOVING_REPOINTED, MOVING_VERSION_ALIAS, MOVING_CHANNEL, aliasTarget, movingTags } from './moving-tags.js';

export const LOCKS_MOVING_TAGS = 'locks-moving-tags';
const MAX_EXAMPLES = 3;

interface RuleTally {
  total: number;
  /** Per reason bit. */
  byReason: Map<number, number>;
  /** The first tags seen per reason bit, up to MAX_EXAMPLES each. */
  examples: Map<number, number[]>;
  /** Tags an enabled destination policy copies. */
  replicated: number;
  /** Positions (in the project's enabled destination policies) of the policies that copy them. */
  copiers: Set<number>;
}

function days(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(ms / 86_400_000)} days`;
}

function describe(result: SimulationResult, tag: number, bits: number): string {
  const { index } = result;
  const artifact = index.tagArtifact[tag]!;
  const name = `${index.repositoryNames[index.artifactRepository[artifact]!]}:${index.tagNames[tag]}`;
  const parts: string[] = [];
  if (bits & MOVING_VERSION_ALIAS) parts.push(`is a version alias of ${aliasTarget(index, tag) ?? 'a longer version'} on the same digest`);
  if (bits & MOVING_REPOINTED) {
    const set = index.tagPushTime[tag]!;
    const pushed = index.artifactPushTime[artifact]!;
    parts.push(`was set on its digest on ${new Date(set).toISOString().slice(0, 10)}, ${days(set - pushed)} after the digest was pushed`);
  }
  if (bits & MOVING_CHANNEL) parts.push('is a channel name');
  return `${name} ${parts.join(' and ')}`;
}

/** Up to MAX_EXAMPLES tags, one per reason first (aliases, re-pointed, channels), then the rest in order. */
function pickExamples(tally: RuleTally): number[] {
  const picked: number[] = [];
  for (const { bit } of MOVING_REASONS) {
    const first = tally.examples.get(bit)?.find((t) => !picked.includes(t));
    if (first !== undefined) picked.push(first);
  }
  for (const { bit } of MOVING_REASONS) {
    for (const t of tally.examples.get(bit) ?? []) if (picked.length < MAX_EXAMPLES && !picked.includes(t)) picked.push(t);
  }
  return picked.slice(0, MAX_EXAMPLES).sort((a, b) => a - b);
}


function reasonCounts(tally: RuleTally): string {
  const labels: Record<number, [string, string]> = {
    [MOVING_VERSION_ALIAS]: ['version alias', 'version aliases'],
    [MOVING_REPOINTED]: ['set on its digest after the digest was pushed', 'set on their digest after the digest was pushed'],
    [MOVING_CHANNEL]: ['channel name', 'channel names'],
  };
  return MOVING_REASONS.flatMap(({ bit }) => {
    const n = tally.byReason.get(bit) ?? 0;
    return n === 0 ? [] : [countOf(n, ...labels[bit]!)];
  }).join(', ');
}

function remoteName(remote: SnapshotReplication['remote']): string {
  if (remote === null) return 'another registry';
  const name = remote.name ?? `registry ${remote.id}`;
  return remote.url ? `${name} (${remote.url})` : name;
}

/** Per project: the indexes of its moving tags, in order (computed once per index). */
const movingTagIndexes = perIndex((index: SnapshotIndex): Int32Array[] => {
  const moving = movingTags(index);
  const counts = new Int32Array(index.projects.length);
  const projectOf = (t: number) => index.repositoryProject[index.artifactRepository[index.tagArtifact[t]!]!]!;
  for (let t = 0; t < moving.length; t++) if (moving[t] !== 0) counts[projectOf(t)]!++;
  const lists = Array.from(counts, (count) => new Int32Array(count));
  const filled = new Int32Array(index.projects.length);
  for (let t = 0; t < moving.length; t++) {
    if (moving[t] === 0) continue;
    const project = projectOf(t);
    lists[project]![filled[project]!++] = t;
  }
  return lists;
});

/** Reason bits are 1, 2 and 4: a rule's counts per reason sit at `position * REASON_SLOTS + bit`. */
const REASON_SLOTS = 8;

export function movingTagFindings(ruleSet: CompiledRuleSet, result: SimulationResult, project: number): LintFinding[] {
  const { index, tagVerdict } = result;
  const info = index.projects[project];
  if (!info) return [];
  const moving = movingTags(index);
  const pulls = (info.replication ?? []).filter((p) => p.enabled && p.role === 'destination');
  // Counted in typed arrays per rule (a keystroke re-runs this over every moving tag of the project);
  // a rule's tally is made only for the rules that lock some.
  const ruleCount = ruleSet.rules.length;
  const totals = new Int32Array(ruleCount);
  const byReason = new Int32Array(ruleCount * REASON_SLOTS);
  const examples = new Map<number, number[]>();
  const replicated = new Int32Array(ruleCount);
  const copiers = new Map<number, Set<number>>();
  // In index order, as a walk of every tag would be: the examples are the first ones.
  for (const t of movingTagIndexes(index)[project] ?? []) {
    const verdict = tagVerdict[t]!;
    if (verdict < 0 || verdict >= ruleCount) continue;
    const bits = moving[t]!;
    totals[verdict]!++;
    for (const { bit } of MOVING_REASONS) {
      if ((bits & bit) === 0) continue;
      const slot = verdict * REASON_SLOTS + bit;
      if (byReason[slot]!++ < MAX_EXAMPLES) {
        const list = examples.get(slot);
        if (list === undefined) examples.set(slot, [t]);
        else list.push(t);
      }
    }
    if (pulls.length === 0) continue;
    let copied = false;
    pulls.forEach((policy, i) => {
      if (!tagFilterSelects(policy.tagFilter, index.tagNames[t]!, ruleSet.dialect)) return;
      copied = true;
      let set = copiers.get(verdict);
      if (set === undefined) copiers.set(verdict, (set = new Set()));
      set.add(i);
    });
    if (copied) replicated[verdict]!++;
  }
  const tallies = new Map<number, RuleTally>();
  for (let position = 0; position < ruleCount; position++) {
    if (totals[position] === 0) continue;
    const tally: RuleTally = { total: totals[position]!, byReason: new Map(), examples: new Map(), replicated: replicated[position]!, copiers: copiers.get(position) ?? new Set() };
    for (const { bit } of MOVING_REASONS) {
      const slot = position * REASON_SLOTS + bit;
      if (byReason[slot] === 0) continue;
      tally.byReason.set(bit, byReason[slot]!);
      tally.examples.set(bit, examples.get(slot)!);
    }
    tallies.set(position, tally);
  }

  const where = info.name === '' ? 'the snapshot' : `project ${info.name} of the snapshot`;
  const out: LintFinding[] = [];
  for (const [position, tally] of [...tallies].sort((a, b) => a[0] - b[0])) {
    const rule = ruleSet.rules[position];
    if (!rule) continue;
    const examples = pickExamples(tally).map((t) => describe(result, t, moving[t]!));
    let message =
      `It makes ${countOf(tally.total, 'moving tag', 'moving tags')} in ${where} immutable (${reasonCounts(tally)}), e.g. ${examples.join('; ')}. ` +
      'The next push that moves one of them will be refused.';
    if (info.proxyCache) {
      message +=
        ` Project ${info.name} is a proxy cache of ${remoteName(info.proxyCache)}: locking them breaks the mirror: when the upstream moves one of these tags, ` +
        'Harbor refuses to store the new digest, so the cache keeps the old one and sends every pull of that tag upstream.';
    } else if (tally.replicated > 0) {
      const copiers = [...tally.copiers].sort((a, b) => a - b);
      const policy = pulls[copiers[0]!]!;
      const others = copiers.length > 1 ? ` and ${copiers.length - 1} other polic${copiers.length === 2 ? 'y' : 'ies'}` : '';
      const share = tally.replicated === tally.total ? 'these tags' : `${tally.replicated.toLocaleString('en-US')} of these tags`;
      // A pull policy without namespace or name filter keeps the source's names: it may land here, or not.
      const verb = policy.via === 'unfiltered' ? 'may copy' : copiers.length > 1 ? 'copy' : 'copies';
      message +=
        ` Replication policy ${JSON.stringify(policy.name)}${others} ${verb} ${share} into project ${info.name} from ${remoteName(policy.remote)}: ` +
        'locking them breaks the mirror: the next sync of these tags is refused.';
    }
    out.push({ severity: 'warning', code: LOCKS_MOVING_TAGS, ruleIndex: rule.index, rule: rule.label, message });
  }
  return out;
}

/**
 * One moving-tag finding per rule: where the snapshot shows the moving tags a rule locks, the static
 * `ci-moving-tags` (sample names, no snapshot) is left out for that rule.
 */
export function withoutCoveredMovingFindings<T extends Pick<LintFinding, 'code' | 'ruleIndex'>>(findings: T[]): T[] {
  const covered = new Set(findings.filter((f) => f.code === LOCKS_MOVING_TAGS).map((f) => f.ruleIndex));
  if (covered.size === 0) return findings;
  return findings.filter((f) => !(f.code === 'ci-moving-tags' && covered.has(f.ruleIndex)));
}
