// Test helpers (pure): small snapshots with exact candidate times, retention policies in Harbor's JSON,
// and the forecast read back per artifact.
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { harborProfile } from '../../../shared/engine/harbor-profile.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import type { WireRule } from '../../../shared/rules/wire.js';
import type { Snapshot, SnapshotArtifact } from '../../../shared/snapshot/schema.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { compileRetentionPolicy } from '../../../shared/retention/compile.js';
import type { RetentionForecast } from '../../../shared/retention/forecast.js';
import { forecastRetention } from '../../../shared/retention/forecast.js';
import type { RetentionPolicy, RetentionRule, RetentionSelector } from '../../../shared/retention/policy.js';
import { parseRetentionPolicy } from '../../../shared/retention/policy.js';
import type { RetentionArtifactRow } from '../../../shared/retention/report.js';
import { retentionArtifactRows } from '../../../shared/retention/report.js';
import { buildGoOracleChecked } from '../../support/go-oracle.js';

/** On CI the Go oracle is installed, so a missing one there is a failure, not a skip. */
const ORACLE_REQUIRED = Boolean(process.env.CI) || process.env.TAGLOCK_REQUIRE_GO_ORACLE === '1';

/** The Go oracle's path, or the test is skipped (outside CI) when Go is not installed. */
export async function oracleOrSkip(ctx: { skip: (note?: string) => never }): Promise<string> {
  const build = await buildGoOracleChecked();
  if ('path' in build) return build.path;
  const message = `Go oracle unavailable: ${build.skip}`;
  if (ORACLE_REQUIRED) throw new Error(`${message}; required because CI/TAGLOCK_REQUIRE_GO_ORACLE is set`);
  return ctx.skip(message);
}

/** "Run at": a time with a fraction of a second, as a real clock has. */
export const RUN_AT = Date.parse('2026-11-01T12:00:00.250Z');
export const DAY_SECONDS = 86_400;
const RUN_AT_SECONDS = Math.floor(RUN_AT / 1000);

let counter = 0;

/** Unix seconds `days` (and `seconds`) before RUN_AT's whole second. */
export function ago(days: number, seconds = 0): number {
  return RUN_AT_SECONDS - days * DAY_SECONDS - seconds;
}

const iso = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000).toISOString());

export interface ArtifactOptions {
  /** Unix seconds of the artifact's push (its tags carry no times of their own unless given). */
  pushed?: number;
  /** Unix seconds of the last pull; null: never pulled. */
  pulled?: number | null;
  size?: number | null;
  references?: string[];
  digest?: string;
  /** Per-tag push and pull times (Unix seconds), by tag name. */
  tagTimes?: Record<string, { pushed?: number | null; pulled?: number | null }>;
}

export function digestOf(n: number): string {
  return `sha256:${n.toString(16).padStart(64, 'a')}`;
}

export function art(tags: string[], options: ArtifactOptions = {}): SnapshotArtifact {
  counter++;
  return {
    digest: options.digest ?? digestOf(counter),
    type: 'IMAGE',
    mediaType: options.references?.length ? 'application/vnd.oci.image.index.v1+json' : 'application/vnd.oci.image.manifest.v1+json',
    size: options.size === undefined ? 1000 : options.size,
    pushTime: iso(options.pushed ?? ago(100)),
    pullTime: iso(options.pulled ?? null),
    references: options.references ?? [],
    tags: tags.map((name) => ({
      name,
      pushTime: iso(options.tagTimes?.[name]?.pushed ?? null),
      pullTime: iso(options.tagTimes?.[name]?.pulled ?? null),
      immutable: null,
    })),
  };
}

export function snapshot(repositories: Record<string, SnapshotArtifact[]>, options: { project?: string; id?: number; rules?: WireRule[]; harborVersion?: string } = {}): Snapshot {
  return {
    format: 'taglock-snapshot',
    version: 1,
    fetchedAt: '2026-11-01T00:00:00Z',
    registry: { url: 'https://harbor.example.test', kind: 'harbor', harborVersion: options.harborVersion ?? 'v2.15.2', dialect: 'v1.3.4' },
    projects: [
      {
        name: options.project ?? 'library',
        id: options.id ?? 1,
        rules: options.rules ?? [],
        repositories: Object.entries(repositories).map(([name, artifacts]) => ({ name, artifacts })),
      },
    ],
  };
}

export function sel(decoration: string, pattern: string, extras?: string): RetentionSelector {
  return { kind: 'doublestar', decoration, pattern, ...(extras === undefined ? {} : { extras }) };
}

/** A retention rule as Harbor's UI writes one (tags `**` with untagged artifacts, all repositories) unless told otherwise. */
export function rule(template: string, param: unknown, fields: Partial<RetentionRule> = {}): RetentionRule {
  return {
    action: 'retain',
    template,
    params: param === undefined ? {} : { [template]: param },
    tag_selectors: [sel('matches', '**', '{"untagged":true}')],
    scope_selectors: { repository: [sel('repoMatches', '**')] },
    ...fields,
  };
}

export function policy(...rules: RetentionRule[]): RetentionPolicy {
  return parseRetentionPolicy({ algorithm: 'or', rules, trigger: { kind: 'Schedule', settings: { cron: '0 0 0 * * *' } }, scope: { level: 'project', ref: 1 } });
}

export interface ForecastOptions {
  immutability?: WireRule[];
  harborVersion?: string;
  runAt?: number;
  index?: SnapshotIndex;
}

export function forecast(snap: Snapshot, retention: RetentionPolicy, options: ForecastOptions = {}): RetentionForecast {
  const profile = harborProfile(options.harborVersion ?? snap.registry.harborVersion);
  const index = options.index ?? buildSnapshotIndex(snap);
  const rules = options.immutability ?? snap.projects[0]!.rules ?? [];
  return forecastRetention({
    index,
    project: 0,
    policy: compileRetentionPolicy(retention, profile.behaviour.dialect),
    immutability: compileRuleSet(parseWireRules(rules), profile.behaviour.dialect, profile),
    runAt: options.runAt ?? RUN_AT,
  });
}

/** Rows keyed by the artifact's first tag (or its digest when untagged). */
export function rows(result: RetentionForecast): Record<string, RetentionArtifactRow> {
  const out: Record<string, RetentionArtifactRow> = {};
  for (const row of retentionArtifactRows(result)) out[row.tags[0] ?? row.digest] = row;
  return out;
}

/** Outcome per artifact, keyed like `rows`. */
export function outcomes(result: RetentionForecast): Record<string, string> {
  return Object.fromEntries(Object.entries(rows(result)).map(([key, row]) => [key, row.outcome]));
}

/** The keys of the artifacts with the given outcome, sorted. */
export function withOutcome(result: RetentionForecast, outcome: string): string[] {
  return Object.entries(outcomes(result))
    .filter(([, o]) => o === outcome)
    .map(([key]) => key)
    .sort();
}
