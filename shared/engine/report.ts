// Runs anywhere (pure).
/**
 * Plain-JSON views of a simulation for scripts (`taglock simulate --format json`) and exports. The
 * per-tag and per-digest lists are generators so a caller can stream a million rows.
 */
import type { SimulationResult, Totals } from './simulate.js';
import { errorRulePosition, ruleSetForTag } from './simulate.js';
import { digestLocking } from './details.js';
import { artifactTagNames, projectNameOfRepository, tagServerVerdict } from '../snapshot/snapshot-index.js';

export interface TagRow {
  project: string;
  repository: string;
  tag: string;
  digest: string;
  immutable: boolean;
  /** Id of the deciding rule (or null for drafts and mutable tags). */
  rule: number | null;
  /** Label of the deciding rule, stable for drafts too. */
  ruleLabel: string | null;
  /** The error that stopped evaluation, if any. */
  error: string | null;
  /** Harbor's own verdict from the snapshot, when known. */
  serverImmutable: boolean | null;
}

export interface DigestRow {
  project: string;
  repository: string;
  digest: string;
  tags: string[];
  locked: boolean;
  lockingTags: string[];
  lockingRules: string[];
  mutableTags: string[];
  untagged: boolean;
  retentionProtected: boolean;
}

export interface SummaryRow extends Totals {
  project?: string;
  repository?: string;
}

export function* tagRows(result: SimulationResult): Generator<TagRow> {
  const { index } = result;
  for (let t = 0; t < index.counts.tags; t++) {
    const artifact = index.tagArtifact[t]!;
    const repository = index.artifactRepository[artifact]!;
    const verdict = result.tagVerdict[t]!;
    const rules = ruleSetForTag(result, t).rules;
    const errorAt = errorRulePosition(verdict);
    const deciding = verdict >= 0 ? rules[verdict]! : null;
    yield {
      project: projectNameOfRepository(index, repository),
      repository: index.repositoryNames[repository]!,
      tag: index.tagNames[t]!,
      digest: index.artifactDigests.get(artifact),
      immutable: verdict >= 0,
      rule: deciding?.rule.id ?? null,
      ruleLabel: deciding?.label ?? null,
      error: errorAt === null ? null : `${rules[errorAt]!.label} failed: evaluation stopped`,
      serverImmutable: tagServerVerdict(index, t),
    };
  }
}

export function* digestRows(result: SimulationResult): Generator<DigestRow> {
  const { index } = result;
  for (let a = 0; a < index.counts.artifacts; a++) {
    // Only what a row shows: no per-artifact detail objects or sentences on a million-row path.
    const locking = digestLocking(result, a);
    const repository = index.artifactRepository[a]!;
    const tags = artifactTagNames(index, a);
    yield {
      project: projectNameOfRepository(index, repository),
      repository: index.repositoryNames[repository]!,
      digest: index.artifactDigests.get(a),
      tags,
      locked: locking.locked,
      lockingTags: locking.lockingTags,
      lockingRules: locking.lockingRules.map((rule) => rule.label),
      mutableTags: locking.mutableTags,
      untagged: tags.length === 0,
      retentionProtected: locking.retentionProtected,
    };
  }
}

export function repositorySummaries(result: SimulationResult): SummaryRow[] {
  return result.repositoryTotals.map((totals, r) => ({
    project: projectNameOfRepository(result.index, r),
    repository: result.index.repositoryNames[r]!,
    ...totals,
  }));
}

export function projectSummaries(result: SimulationResult): SummaryRow[] {
  return result.projectTotals.map((totals, p) => ({ project: result.index.projects[p]!.name, ...totals }));
}

export interface Disagreement {
  project: string;
  repository: string;
  tag: string;
  server: boolean;
  simulated: boolean;
}

/**
 * Where Harbor's own `immutable` verdict in the snapshot differs from the simulation. Meaningful only
 * when the simulation used the rules in force at fetch time.
 */
export function serverDisagreements(result: SimulationResult): { compared: number; disagreements: Disagreement[] } {
  const { index } = result;
  let compared = 0;
  const disagreements: Disagreement[] = [];
  for (let t = 0; t < index.counts.tags; t++) {
    const server = tagServerVerdict(index, t);
    if (server === null) continue;
    compared++;
    const simulated = result.tagVerdict[t]! >= 0;
    if (simulated !== server) {
      const repository = index.artifactRepository[index.tagArtifact[t]!]!;
      disagreements.push({
        project: projectNameOfRepository(index, repository),
        repository: index.repositoryNames[repository]!,
        tag: index.tagNames[t]!,
        server,
        simulated,
      });
    }
  }
  return { compared, disagreements };
}

