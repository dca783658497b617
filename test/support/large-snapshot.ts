// Test helper (pure): a generated snapshot of more than 20,000 tags, the rules a test enters as the
// draft, and what Taglock's engine computes for them in Node, to compare with what a UI shows. Used by the
// worker end-to-end test (test/e2e/worker.test.ts) and the Electron smoke test.
import { generateSnapshot } from '../../shared/demo/generate.js';
import { harborProfile } from '../../shared/engine/harbor-profile.js';
import { compileRuleSet } from '../../shared/engine/rule-set.js';
import type { SimulationResult, Totals } from '../../shared/engine/simulate.js';
import { simulate } from '../../shared/engine/simulate.js';
import type { WireRule } from '../../shared/rules/wire.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import type { Snapshot } from '../../shared/snapshot/schema.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import { validateSnapshot } from '../../shared/snapshot/validate.js';
import { wireRule } from './snapshots.js';

/** The threshold: the simulation of a snapshot this large must run in the worker. */
export const LARGE_SNAPSHOT_MIN_TAGS = 20_000;

const TEAMS = ['frontend', 'backend', 'payments', 'data', 'ml', 'infra', 'base', 'tools', 'mobile', 'team/platform'];

/** The rules in force when the snapshot was "fetched" (the server rules the draft is compared with). */
export const LARGE_SERVER_RULES: WireRule[] = [wireRule(1, ['repoMatches', '**'], ['matches', 'v*.*.*']), wireRule(2, ['repoMatches', 'base/*'], ['matches', 'stable'])];

/**
 * The draft a test enters: the first server rule kept, the second dropped (so tags are freed), and rules
 * of the shapes admins write, new ones without ids (named new A, new B, … by the UI), one disabled.
 */
export const LARGE_DRAFT_RULES: WireRule[] = [
  wireRule(1, ['repoMatches', '**'], ['matches', 'v*.*.*']),
  wireRule(undefined, ['repoMatches', 'payments/**'], ['excludes', '{latest,main,dev,nightly}']),
  wireRule(undefined, ['repoMatches', '**'], ['matches', 'nightly-2026*']),
  wireRule(undefined, ['repoExcludes', '{tools/**,infra/**}'], ['matches', '[0-9]*.[0-9]*']),
  wireRule(undefined, ['repoMatches', '**'], ['matches', 'stable'], true),
  wireRule(undefined, ['repoMatches', '*/service-1?'], ['matches', 'rc']),
];

/**
 * About 24,000 tags over 48 repositories of about 500 tags each, in one Harbor project "bench" with
 * LARGE_SERVER_RULES in force; deterministic. Checked with the snapshot validator, and refused (throws)
 * when it does not reach LARGE_SNAPSHOT_MIN_TAGS.
 */
export function largeSnapshot(): Snapshot {
  const repositories = Array.from({ length: 48 }, (_, i) => `${TEAMS[i % TEAMS.length]}/service-${i}`);
  const snapshot = generateSnapshot({
    seed: 20_000,
    projects: [{ name: 'bench', repositories, rules: LARGE_SERVER_RULES }],
    tagsPerRepository: 500,
    description: 'Generated for the worker tests: more than 20,000 tags.',
  });
  validateSnapshot(snapshot);
  const tags = countTags(snapshot);
  if (tags <= LARGE_SNAPSHOT_MIN_TAGS) throw new Error(`the generated snapshot has ${tags} tags, not more than ${LARGE_SNAPSHOT_MIN_TAGS}`);
  return snapshot;
}

export function countTags(snapshot: Snapshot): number {
  let tags = 0;
  for (const project of snapshot.projects) for (const repository of project.repositories) for (const artifact of repository.artifacts) tags += artifact.tags.length;
  return tags;
}

/** What the engine says about a snapshot under a draft (its one project edited), in the terms the UI shows. */
export interface ExpectedSimulation {
  result: SimulationResult;
  totals: Totals;
  /** Per rule of the draft, in list order (not evaluation order): the tags it makes immutable. */
  decidedByRule: number[];
  /** By repository name. */
  repositoryTotals: Map<string, Totals>;
  /** `repository:tag` → the position (in the draft list) of the rule that makes it immutable, or null (mutable). */
  tagRule(repository: string, tag: string): number | null;
}

/**
 * The engine's own simulation (shared/engine, no renderer code): the draft compiled with the snapshot's
 * glob dialect and the Harbor release it recorded, as the app judges it.
 */
export function expectedSimulation(snapshot: Snapshot, draft: readonly WireRule[]): ExpectedSimulation {
  if (snapshot.projects.length !== 1) throw new Error('expectedSimulation handles one-project snapshots');
  const index = buildSnapshotIndex(snapshot);
  const rules = parseWireRules(draft);
  const set = compileRuleSet(rules, snapshot.registry.dialect, harborProfile(snapshot.registry.harborVersion));
  const result = simulate(index, [set]);
  const decidedByRule = rules.map((_, i) => {
    const stat = result.ruleStats[0]!.find((s) => s.rule.index === i);
    if (stat === undefined) throw new Error(`the engine reports nothing for rule ${i}`);
    return stat.decidedTags;
  });
  const repositoryTotals = new Map(index.repositoryNames.map((name, r) => [name, result.repositoryTotals[r]!] as const));
  const tagPosition = new Map<string, number>();
  for (let t = 0; t < index.counts.tags; t++) tagPosition.set(`${index.repositoryNames[index.artifactRepository[index.tagArtifact[t]!]!]}:${index.tagNames[t]}`, t);
  return {
    result,
    totals: result.totals,
    decidedByRule,
    repositoryTotals,
    tagRule(repository, tag) {
      const t = tagPosition.get(`${repository}:${tag}`);
      if (t === undefined) throw new Error(`no tag ${repository}:${tag} in the snapshot`);
      const verdict = result.tagVerdict[t]!;
      return verdict >= 0 ? set.rules[verdict]!.index : null;
    },
  };
}

/**
 * Tags to look up in the UI's tag table: for each rule of the draft the first tag it decides, and the
 * first three tags no rule makes immutable.
 */
export function sampleTags(snapshot: Snapshot, expected: ExpectedSimulation): { repository: string; tag: string }[] {
  const byRule = new Map<number | null, { repository: string; tag: string }[]>();
  for (const project of snapshot.projects) {
    for (const repository of project.repositories) {
      for (const artifact of repository.artifacts) {
        for (const { name } of artifact.tags) {
          const position = expected.tagRule(repository.name, name);
          const list = byRule.get(position) ?? [];
          if (list.length < (position === null ? 3 : 1)) list.push({ repository: repository.name, tag: name });
          byRule.set(position, list);
        }
      }
    }
  }
  return [...byRule.values()].flat();
}
