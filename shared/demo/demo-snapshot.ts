// Runs anywhere (pure).
/**
 * The demo snapshot every new user starts with, generated (not shipped as a large file) so it costs
 * nothing to embed: project "shop" on a made-up Harbor with 36 repositories and a few thousand tags,
 * two rules in force, and Harbor's own verdict on each tag filled in as the server would report it.
 */
import { buildSnapshotIndex } from '../snapshot/snapshot-index.js';
import { compileRuleSet } from '../engine/rule-set.js';
import { simulate } from '../engine/simulate.js';
import { parseWireRules } from '../rules/wire.js';
import type { WireRule } from '../rules/wire.js';
import type { RetentionPolicy } from '../retention/policy.js';
import type { Snapshot } from '../snapshot/schema.js';
import { generateSnapshot } from './generate.js';

export const DEMO_REPOSITORIES = [
  'frontend/web', 'frontend/admin', 'frontend/storybook', 'backend/api', 'backend/worker', 'backend/billing',
  'backend/search', 'backend/notifications', 'payments/gateway', 'payments/ledger', 'payments/fraud-check',
  'catalog/service', 'catalog/importer', 'checkout', 'cart', 'identity/auth', 'identity/user-profile',
  'data/etl', 'data/warehouse-sync', 'ml/trainer', 'ml/recommender', 'infra/nginx', 'infra/envoy',
  'infra/otel-collector', 'base/alpine', 'base/debian', 'base/node', 'base/python', 'tools/ci-runner',
  'tools/migrate', 'mobile/api-gateway', 'team/platform/operator', 'charts/shop', 'charts/monitoring',
  'legacy/monolith', 'sandbox/experiments',
] as const;

/** The rules in force on the demo server: releases everywhere, and the whole base/ line locked. */
export const DEMO_RULES: WireRule[] = [
  {
    id: 1,
    disabled: false,
    priority: 0,
    action: 'immutable',
    template: 'immutable_template',
    tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v*.*.*' }],
    scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
  },
  {
    id: 2,
    disabled: false,
    priority: 0,
    action: 'immutable',
    template: 'immutable_template',
    tag_selectors: [{ kind: 'doublestar', decoration: 'excludes', pattern: '{latest,main,dev,nightly}' }],
    scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: 'base/*' }] },
  },
];

const EVERY_TAG = [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":false}' }];
const EVERY_REPOSITORY = { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] };

/**
 * The demo project's tag-retention policy: keep the 10 latest pushed artifacts of every repository and
 * whatever was pulled in the last 30 days; the rest goes, except the releases immutability locks.
 */
export const DEMO_RETENTION: RetentionPolicy = {
  id: 1,
  algorithm: 'or',
  rules: [
    { id: 1, priority: 0, action: 'retain', template: 'latestPushedK', params: { latestPushedK: 10 }, tag_selectors: EVERY_TAG, scope_selectors: EVERY_REPOSITORY },
    { id: 2, priority: 0, action: 'retain', template: 'nDaysSinceLastPull', params: { nDaysSinceLastPull: 30 }, tag_selectors: EVERY_TAG, scope_selectors: EVERY_REPOSITORY },
  ],
  trigger: { kind: 'Schedule', settings: { cron: '0 0 0 * * *' } },
  scope: { level: 'project', ref: 1 },
};

export function demoSnapshot(): Snapshot {
  const snapshot = generateSnapshot({
    seed: 20261101,
    projects: [{ name: 'shop', repositories: [...DEMO_REPOSITORIES], rules: DEMO_RULES }],
    tagsPerRepository: 100,
    registryUrl: 'https://demo.taglock.invalid',
    description: 'Demo data: a made-up Harbor project to try Taglock offline.',
  });
  snapshot.projects[0]!.retention = DEMO_RETENTION;
  // Fill in what Harbor would report with with_immutable_status=true for the rules in force.
  const result = simulate(buildSnapshotIndex(snapshot), [compileRuleSet(parseWireRules(DEMO_RULES), snapshot.registry.dialect)]);
  let t = 0;
  for (const repository of snapshot.projects[0]!.repositories) {
    for (const artifact of repository.artifacts) {
      for (const tag of artifact.tags) tag.immutable = result.tagVerdict[t++]! >= 0;
    }
  }
  return snapshot;
}
