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
import { itemsPerProject } from '../snapshot/per-project.js';
import type { LintFinding } from './finding.js';
import { countOf } from './finding.js';
import { MOVING_REASONS, MOVING_REPOINTED, MOVING_VERSION_ALIAS, MOVING_CHANNEL, aliasTarget, movingTags } from './moving-tags.js';

export const LOCKS_MOVING_TAGS = 'locks-moving-tags';
const MAX_EXAMPLES = 3;

/** Reason bits are 1, 2 and 4: a rule's counts per reason sit at `position * REASON_SLOTS + bit`. */
const REASON_SLOTS = 8;

/**
 * What each rule (by position) makes immutable among a project's moving tags, counted in typed arrays:
 * a keystroke re-runs this over every moving tag of the project.
 */
interface Tallies {
  /** Per rule. */
  totals: Int32Array;
  /** Per rule and reason bit (REASON_SLOTS). */
  byReason: Int32Array;
  /** Per rule and reason bit: the first tags seen, up to MAX_EXAMPLES. */
  examples: Map<number, number[]>;
  /** Per rule: the tags an enabled destination policy copies. */
  replicated: Int32Array;
  /** Per rule: positions (in the project's enabled destination policies) of the policies that copy them. */
  copiers: Map<number, Set<number>>;
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
function pickExamples(tallies: Tallies, position: number): number[] {
  const examplesOf = (bit: number) => tallies.examples.get(position * REASON_SLOTS + bit) ?? [];
  const picked: number[] = [];
  for (const { bit } of MOVING_REASONS) {
    const first = examplesOf(bit).find((t) => !picked.includes(t));
    if (first !== undefined) picked.push(first);
  }
  for (const { bit } of MOVING_REASONS) {
    for (const t of examplesOf(bit)) if (picked.length < MAX_EXAMPLES && !picked.includes(t)) picked.push(t);
  }
  return picked.slice(0, MAX_EXAMPLES).sort((a, b) => a - b);
}

function reasonCounts(tallies: Tallies, position: number): string {
  const labels: Record<number, [string, string]> = {
    [MOVING_VERSION_ALIAS]: ['version alias', 'version aliases'],
    [MOVING_REPOINTED]: ['set on its digest after the digest was pushed', 'set on their digest after the digest was pushed'],
    [MOVING_CHANNEL]: ['channel name', 'channel names'],
  };
  return MOVING_REASONS.flatMap(({ bit }) => {
    const n = tallies.byReason[position * REASON_SLOTS + bit]!;
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
  return itemsPerProject(
    index.projects.length,
    moving.length,
    (t) => index.repositoryProject[index.artifactRepository[index.tagArtifact[t]!]!]!,
    (t) => moving[t] !== 0,
  );
});

export function movingTagFindings(ruleSet: CompiledRuleSet, result: SimulationResult, project: number): LintFinding[] {
  const { index } = result;
  const info = index.projects[project];
  if (!info) return [];
  const moving = movingTags(index);
  const pulls = (info.replication ?? []).filter((p) => p.enabled && p.role === 'destination');
  const tallies = tally(ruleSet, result, moving, project, pulls);

  const where = info.name === '' ? 'the snapshot' : `project ${info.name} of the snapshot`;
  const out: LintFinding[] = [];
  ruleSet.rules.forEach((rule, position) => {
    const total = tallies.totals[position]!;
    if (total === 0) return;
    const examples = pickExamples(tallies, position).map((t) => describe(result, t, moving[t]!));
    let message =
      `It makes ${countOf(total, 'moving tag', 'moving tags')} in ${where} immutable (${reasonCounts(tallies, position)}), e.g. ${examples.join('; ')}. ` +
      'The next push that moves one of them will be refused.';
    if (info.proxyCache) {
      message +=
        ` Project ${info.name} is a proxy cache of ${remoteName(info.proxyCache)}: locking them breaks the mirror: when the upstream moves one of these tags, ` +
        'Harbor refuses to store the new digest, so the cache keeps the old one and sends every pull of that tag upstream.';
    } else if (tallies.replicated[position]! > 0) {
      const replicated = tallies.replicated[position]!;
      const copiers = [...tallies.copiers.get(position)!].sort((a, b) => a - b);
      const policy = pulls[copiers[0]!]!;
      const others = copiers.length > 1 ? ` and ${copiers.length - 1} other polic${copiers.length === 2 ? 'y' : 'ies'}` : '';
      const share = replicated === total ? 'these tags' : `${replicated.toLocaleString('en-US')} of these tags`;
      // A pull policy without namespace or name filter keeps the source's names: it may land here, or not.
      const verb = policy.via === 'unfiltered' ? 'may copy' : copiers.length > 1 ? 'copy' : 'copies';
      message +=
        ` Replication policy ${JSON.stringify(policy.name)}${others} ${verb} ${share} into project ${info.name} from ${remoteName(policy.remote)}: ` +
        'locking them breaks the mirror: the next sync of these tags is refused.';
    }
    out.push({ severity: 'warning', code: LOCKS_MOVING_TAGS, ruleIndex: rule.index, rule: rule.label, message });
  });
  return out;
}

/** The project's moving tags in index order, as a walk of every tag would meet them: the examples are the first ones. */
function tally(ruleSet: CompiledRuleSet, result: SimulationResult, moving: Uint8Array, project: number, pulls: readonly SnapshotReplication[]): Tallies {
  const { index, tagVerdict } = result;
  const ruleCount = ruleSet.rules.length;
  const tallies: Tallies = { totals: new Int32Array(ruleCount), byReason: new Int32Array(ruleCount * REASON_SLOTS), examples: new Map(), replicated: new Int32Array(ruleCount), copiers: new Map() };
  const { totals, byReason } = tallies;
  // This walk runs on every keystroke, over every moving tag of the project: nothing in it allocates
  // per tag. With a closure and a reason object per tag it took 5.0-5.7 ms at a million tags in Node
  // (the bench's snapshot file), now 1.4-2.0.
  for (const t of movingTagIndexes(index)[project] ?? []) {
    const verdict = tagVerdict[t]!;
    if (verdict < 0 || verdict >= ruleCount) continue;
    const bits = moving[t]!;
    totals[verdict]!++;
    for (let bit = 1; bit <= bits; bit <<= 1) {
      if ((bits & bit) === 0) continue;
      const slot = verdict * REASON_SLOTS + bit;
      if (byReason[slot]!++ < MAX_EXAMPLES) {
        const list = tallies.examples.get(slot);
        if (list === undefined) tallies.examples.set(slot, [t]);
        else list.push(t);
      }
    }
    if (pulls.length > 0) countCopies(tallies, pulls, index.tagNames[t]!, verdict, ruleSet);
  }
  return tallies;
}

/** The destination policies that copy a tag of this name, counted for the rule that locks it. */
function countCopies(tallies: Tallies, pulls: readonly SnapshotReplication[], name: string, verdict: number, ruleSet: CompiledRuleSet): void {
  let copied = false;
  pulls.forEach((policy, i) => {
    if (!tagFilterSelects(policy.tagFilter, name, ruleSet.dialect)) return;
    copied = true;
    let set = tallies.copiers.get(verdict);
    if (set === undefined) tallies.copiers.set(verdict, (set = new Set()));
    set.add(i);
  });
  if (copied) tallies.replicated[verdict]!++;
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
