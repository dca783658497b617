// Benchmark workloads: large generated snapshots and a varied set of 15 rules.
import type { GenerateOptions } from '../shared/demo/generate.js';
import { generateSnapshot, generateSnapshotIndex } from '../shared/demo/generate.js';
import { SeededRandom } from '../shared/demo/random.js';
import type { SnapshotIndex } from '../shared/snapshot/snapshot-index.js';
import { wireRule } from '../test/support/snapshots.js';
import type { WireRule } from '../shared/rules/wire.js';
import type { RetentionRule, RetentionSelector } from '../shared/retention/policy.js';
import type { Snapshot } from '../shared/snapshot/schema.js';

const TEAMS = ['frontend', 'backend', 'payments', 'data', 'ml', 'infra', 'base', 'tools', 'mobile', 'team/platform'];

/** About `tags` tags over repositories of ~500 tags each, in one project (with `rules` in force, if given). */
export function largeOptions(tags: number, seed: number, rules: WireRule[] | null = null): GenerateOptions {
  const perRepository = 500;
  const count = Math.max(1, Math.round(tags / perRepository));
  const repositories = Array.from({ length: count }, (_, i) => `${TEAMS[i % TEAMS.length]}/service-${i}`);
  return { seed, projects: [{ name: 'bench', repositories, rules }], tagsPerRepository: perRepository };
}

/** About `tags` tags over repositories of ~500 tags each, in one project, as plain objects. */
export function largeSnapshot(tags: number, seed = 7): Snapshot {
  return generateSnapshot(largeOptions(tags, seed));
}

/** The same snapshot in Taglock's compact in-memory form, generated without the object tree. */
export function largeSnapshotIndex(tags: number, seed = 7): SnapshotIndex {
  return generateSnapshotIndex(largeOptions(tags, seed));
}

const rule = (id: number, repo: [string, string], tag: [string, string], disabled = false): WireRule => wireRule(id, repo, tag, disabled);

/** 15 rules of the shapes admins write, ordered so that most candidates pass through many of them. */
export const FIFTEEN_RULES: WireRule[] = [
  rule(1, ['repoMatches', 'payments/**'], ['matches', 'v*.*.*']),
  rule(2, ['repoMatches', '{frontend,backend}/*'], ['matches', 'release-*']),
  rule(3, ['repoMatches', 'base/*'], ['excludes', '{latest,main,dev,nightly}']),
  rule(4, ['repoExcludes', '{sandbox/**,tools/**}'], ['matches', '[0-9]*.[0-9]*.[0-9]*']),
  rule(5, ['repoMatches', '**/service-1*'], ['matches', 'v?.?.?']),
  rule(6, ['repoMatches', '**'], ['matches', 'stable']),
  rule(7, ['repoMatches', 'ml/**'], ['matches', '{v1,v2}.*']),
  rule(8, ['repoMatches', 'team/platform/*'], ['matches', '**']),
  rule(9, ['repoMatches', 'data/*'], ['matches', 'v*-rc[0-9]']),
  rule(10, ['repoMatches', '**'], ['matches', 'prod-*'], true),
  rule(11, ['repoMatches', 'infra/*'], ['matches', '[^ps]*.*']),
  rule(12, ['repoMatches', 'mobile/**'], ['matches', 'v*.*.*']),
  rule(13, ['repoMatches', '**'], ['matches', 'nightly-2026*']),
  rule(14, ['repoMatches', '*/service-?'], ['matches', 'v*']),
  rule(15, ['repoMatches', '**'], ['matches', 'v*.*.*']),
];

/**
 * About `count` single-tag candidates over many small repositories (~52 tags each: about 19,000
 * repositories for a million), in repository order ("grouped") or in a seeded random order ("shuffled").
 */
export function decisionCandidates(count: number, order: 'grouped' | 'shuffled'): { repository: string; tags: string[] }[] {
  const repositories = Math.round(count / 52);
  const names = Array.from({ length: repositories }, (_, i) => `${TEAMS[i % TEAMS.length]}/service-${i}`);
  const snapshot = generateSnapshot({ seed: 11, projects: [{ name: 'bench', repositories: names, rules: null }], tagsPerRepository: 54 });
  const candidates = candidatesOf(snapshot).slice(0, count);
  if (order === 'shuffled') {
    const random = new SeededRandom(12);
    for (let i = candidates.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
    }
  }
  return candidates;
}

const sel = (decoration: string, pattern: string, extras?: string): RetentionSelector => ({ kind: 'doublestar', decoration, pattern, ...(extras ? { extras } : {}) });
const retain = (template: string, param: number | null, repository: RetentionSelector, tags: RetentionSelector, disabled = false): RetentionRule => ({
  action: 'retain',
  template,
  params: param === null ? {} : { [template]: param },
  tag_selectors: [tags],
  scope_selectors: { repository: [repository] },
  ...(disabled ? { disabled } : {}),
});

/** 15 retention rules of the shapes admins write: counts, days, always, per team, every template. */
export const FIFTEEN_RETENTION_RULES: RetentionRule[] = [
  retain('latestPushedK', 10, sel('repoMatches', '**'), sel('matches', '**', '{"untagged":false}')),
  retain('nDaysSinceLastPull', 30, sel('repoMatches', '**'), sel('matches', '**', '{"untagged":true}')),
  retain('always', null, sel('repoMatches', 'payments/**'), sel('matches', 'v*.*.*')),
  retain('latestPulledN', 5, sel('repoMatches', '{frontend,backend}/*'), sel('matches', '{main,latest,dev}')),
  retain('nDaysSinceLastPush', 14, sel('repoMatches', '**'), sel('matches', 'pr-*')),
  retain('latestPushedK', 3, sel('repoMatches', '**'), sel('matches', 'nightly-*')),
  retain('always', null, sel('repoMatches', 'base/*'), sel('excludes', '{latest,main,dev,nightly}')),
  retain('latestActiveK', 20, sel('repoMatches', 'ml/**'), sel('matches', '**')),
  retain('nDaysSinceLastPush', 90, sel('repoMatches', 'data/*'), sel('matches', 'v*-rc[0-9]')),
  retain('always', null, sel('repoMatches', '**'), sel('matches', 'stable'), true),
  retain('latestPushedK', 50, sel('repoMatches', 'infra/*'), sel('matches', '[^ps]*.*')),
  retain('nDaysSinceLastPull', 7, sel('repoExcludes', '{sandbox/**,tools/**}'), sel('matches', 'sha-*')),
  retain('lastXDays', 60, sel('repoMatches', 'mobile/**'), sel('matches', 'v*.*.*')),
  retain('latestPulledN', 10, sel('repoMatches', '*/service-?'), sel('matches', 'v*')),
  retain('nDaysSinceLastPush', 365, sel('repoMatches', 'team/platform/*'), sel('matches', '**')),
];

/** Every (repository, tag) pair of a snapshot, as single-tag candidates. */
export function candidatesOf(snapshot: Snapshot): { repository: string; tags: string[] }[] {
  const out: { repository: string; tags: string[] }[] = [];
  for (const project of snapshot.projects) {
    for (const repository of project.repositories) {
      for (const artifact of repository.artifacts) for (const tag of artifact.tags) out.push({ repository: repository.name, tags: [tag.name] });
    }
  }
  return out;
}
