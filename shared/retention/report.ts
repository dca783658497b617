// Runs anywhere (pure).
/**
 * Plain-JSON views of a cleanup forecast, for scripts (`taglock retention --format json`), the cleanup
 * view and the digest details: one row per artifact (a generator, for a million rows), one per
 * repository, the summary, and the difference two forecasts make ("this draft stops retention from
 * deleting 412 artifacts, 38 GiB").
 */
import { artifactTagNames } from '../snapshot/snapshot-index.js';
import type { RepositoryStatus, RetentionForecast } from './forecast.js';
import type { RetentionOutcome, RetentionTotals } from './outcomes.js';
import { CHECK_DELETE, CHECK_RETENTION, DELETED, IMMUTABLE, OUTCOMES, RETAINED, UNTOUCHED } from './outcomes.js';

export interface RetentionArtifactRow {
  /** Without the project. */
  repository: string;
  digest: string;
  tags: string[];
  outcome: RetentionOutcome;
  /** The deciding rule's label: a retention rule (`retention rule 2`) for retained, an immutability rule (`rule 7`) for immutable. */
  rule: string | null;
  /** That rule's id, when it has one. */
  ruleId: number | null;
  /** immutable: `retention` (retention's own check, IMMUTABLE) or `delete` (the delete refused, 412). */
  check: 'retention' | 'delete' | null;
  /** referenced: the index that still references it; an index child Harbor does not list: the index it goes with. */
  index: string | null;
  /** untouched: why retention never gets to it (the repository's status). */
  reason: RepositoryStatus | null;
  /** Bytes as Harbor reports them; null when unknown, 0 for an index child (its index's size includes it). */
  size: number | null;
}

export interface RetentionSummary {
  artifacts: number;
  retained: number;
  deleted: number;
  keptByImmutability: number;
  untouched: number;
  keptByReference: number;
  bytesDeleted: number;
  bytesKeptByImmutability: number;
  bytesRetained: number;
  bytesUntouched: number;
  bytesKeptByReference: number;
  sizeUnknown: number;
}

export function retentionSummary(totals: RetentionTotals): RetentionSummary {
  return {
    artifacts: totals.artifacts,
    retained: totals.retained,
    deleted: totals.deleted,
    keptByImmutability: totals.immutable,
    untouched: totals.untouched,
    keptByReference: totals.referenced,
    bytesDeleted: totals.bytesDeleted,
    bytesKeptByImmutability: totals.bytesImmutable,
    bytesRetained: totals.bytesRetained,
    bytesUntouched: totals.bytesUntouched,
    bytesKeptByReference: totals.bytesReferenced,
    sizeUnknown: totals.sizeUnknown,
  };
}

/** The forecast for one artifact (global artifact number), as a row. */
export function retentionArtifactRow(forecast: RetentionForecast, a: number): RetentionArtifactRow {
  const { index } = forecast;
  const slot = a - forecast.firstArtifact;
  const code = forecast.outcome[slot]!;
  const repository = index.artifactRepository[a]!;
  const decided = forecast.decidedBy[slot]!;
  let rule: string | null = null;
  let ruleId: number | null = null;
  if (code === RETAINED && decided >= 0) {
    const retentionRule = forecast.policy.rules[decided]!;
    rule = retentionRule.label;
    ruleId = retentionRule.rule.id ?? null;
  } else if (code === IMMUTABLE && decided >= 0 && forecast.immutability !== null) {
    const immutabilityRule = forecast.immutability.rules[decided]!;
    rule = immutabilityRule.label;
    ruleId = immutabilityRule.rule.id;
  }
  const check = forecast.immutableCheck[slot]!;
  const via = forecast.via[slot]!;
  const size = index.artifactSize[a]!;
  const listed = forecast.candidates.isCandidate[a] === 1;
  return {
    repository: index.repositoryNames[repository]!,
    digest: index.artifactDigests.get(a),
    tags: artifactTagNames(index, a),
    outcome: OUTCOMES[code]!,
    rule,
    ruleId,
    check: code !== IMMUTABLE ? null : check === CHECK_RETENTION ? 'retention' : check === CHECK_DELETE ? 'delete' : null,
    index: via >= 0 ? index.artifactDigests.get(via) : null,
    reason: code === UNTOUCHED ? forecast.repositories[repository - forecast.firstRepository]!.status : null,
    size: !listed ? 0 : Number.isNaN(size) ? null : size,
  };
}

/** Every artifact of the project, repository by repository in snapshot order. */
export function* retentionArtifactRows(forecast: RetentionForecast): Generator<RetentionArtifactRow> {
  for (let slot = 0; slot < forecast.outcome.length; slot++) yield retentionArtifactRow(forecast, forecast.firstArtifact + slot);
}

export interface RetentionRepositoryRow extends RetentionSummary {
  repository: string;
  status: RepositoryStatus;
  error: string | null;
  /** Labels of the enabled retention rules whose repository selectors select it. */
  rules: string[];
}

export function retentionRepositoryRows(forecast: RetentionForecast): RetentionRepositoryRow[] {
  return forecast.repositories.map((r) => ({
    repository: r.name,
    status: r.status,
    error: r.error,
    rules: r.rules.map((p) => forecast.policy.rules[p]!.label),
    ...retentionSummary(r.totals),
  }));
}

export interface ForecastDifference {
  /** Deleted before, not any more: what the change saves from deletion. */
  stopsDeleting: { artifacts: number; bytes: number };
  /** Not deleted before, deleted now. */
  startsDeleting: { artifacts: number; bytes: number };
}

/**
 * What changes between two forecasts of the same project of the same snapshot (a draft against the
 * server's policies, or before and after an edit), counting only listed artifacts' bytes.
 */
export function compareForecasts(before: RetentionForecast, after: RetentionForecast): ForecastDifference {
  if (before.index !== after.index || before.project !== after.project) throw new Error('compareForecasts: forecasts of different snapshots or projects');
  const difference: ForecastDifference = { stopsDeleting: { artifacts: 0, bytes: 0 }, startsDeleting: { artifacts: 0, bytes: 0 } };
  for (let slot = 0; slot < after.outcome.length; slot++) {
    const was = before.outcome[slot] === DELETED;
    const is = after.outcome[slot] === DELETED;
    if (was === is) continue;
    const a = after.firstArtifact + slot;
    const size = after.candidates.isCandidate[a] === 1 ? after.index.artifactSize[a]! : 0;
    const side = was ? difference.stopsDeleting : difference.startsDeleting;
    side.artifacts++;
    side.bytes += Number.isNaN(size) ? 0 : size;
  }
  return difference;
}
