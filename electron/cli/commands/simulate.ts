// Runs in Node.
/** `taglock simulate`: judge every tag and digest of a snapshot under a rule list. */
import type { Writable } from 'node:stream';
import type { Dialect } from '../../../shared/glob/dialect.js';
import type { CompiledRuleSet } from '../../../shared/engine/rule-set.js';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import type { SimulationResult } from '../../../shared/engine/simulate.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { digestRows, projectSummaries, repositorySummaries, serverDisagreements, tagRows } from '../../../shared/engine/report.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { badInput } from '../../../shared/errors.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { readRulesFile, readSnapshotFile } from '../../services/files/json-file.js';
import { BufferedWriter, formatTable } from '../io.js';
import { parseCommandArgs, parseDialect, parseFormat, requireOption } from '../options.js';

/** One rule list for every project, or each project's rules in force when none is given. */
export function ruleSetsFor(snapshot: Snapshot, rules: readonly ImmutableRule[] | null, dialect: Dialect): CompiledRuleSet[] {
  if (rules !== null) {
    const set = compileRuleSet(rules, dialect);
    return snapshot.projects.map(() => set);
  }
  return snapshot.projects.map((project) => {
    if (project.rules === null) {
      throw badInput(`the snapshot has no rules for project ${JSON.stringify(project.name)} (a plain registry): pass --rules RULES.json`);
    }
    return compileRuleSet(parseWireRules(project.rules), dialect);
  });
}

export async function loadAndSimulate(values: { snapshot?: string; rules?: string; dialect?: string }, command: string) {
  const snapshot = await readSnapshotFile(requireOption(command, values.snapshot, '--snapshot'));
  const rules = values.rules === undefined ? null : await readRulesFile(values.rules);
  const dialect = parseDialect(values.dialect) ?? snapshot.registry.dialect;
  const result = simulate(buildSnapshotIndex(snapshot), ruleSetsFor(snapshot, rules, dialect));
  return { snapshot, rules, dialect, result };
}

export async function simulateCommand(args: readonly string[], stdout: Writable): Promise<number> {
  const values = parseCommandArgs('simulate', args, {
    snapshot: { type: 'string' },
    rules: { type: 'string' },
    dialect: { type: 'string' },
    format: { type: 'string' },
  });
  const format = parseFormat(values.format, ['table', 'json'] as const, 'table');
  const { rules, dialect, result } = await loadAndSimulate(values, 'simulate');
  const agreement = rules === null ? serverDisagreements(result) : null;
  const out = new BufferedWriter(stdout);
  if (format === 'json') await writeJson(out, result, dialect, agreement);
  else await out.write(table(result, dialect, agreement));
  await out.flush();
  return 0;
}

type Agreement = ReturnType<typeof serverDisagreements> | null;

async function writeJson(out: BufferedWriter, result: SimulationResult, dialect: Dialect, agreement: Agreement): Promise<void> {
  const { totals } = result;
  const summary = {
    repositories: totals.repositories,
    artifacts: totals.artifacts,
    tags: totals.tags,
    immutableTags: totals.immutableTags,
    lockedDigests: totals.lockedDigests,
    mutableTagsOnLockedDigests: totals.mutableTagsOnLockedDigests,
    untaggedArtifacts: totals.untaggedArtifacts,
    untaggedRetained: totals.untaggedRetained,
    retentionProtected: totals.retentionProtected,
    tagsStoppedByError: totals.tagsStoppedByError,
  };
  await out.write(`{"dialect":${JSON.stringify(dialect)},"summary":${JSON.stringify(summary)}`);
  await out.write(`,"projects":${JSON.stringify(projectSummaries(result))}`);
  await out.write(`,"repositories":${JSON.stringify(repositorySummaries(result))}`);
  if (agreement !== null) await out.write(`,"serverAgreement":${JSON.stringify(agreement)}`);
  await writeArray(out, 'tags', tagRows(result));
  await writeArray(out, 'digests', digestRows(result));
  await out.write('}\n');
}

async function writeArray(out: BufferedWriter, key: string, rows: Iterable<unknown>): Promise<void> {
  await out.write(`,${JSON.stringify(key)}:[`);
  let first = true;
  for (const row of rows) {
    await out.write((first ? '' : ',') + JSON.stringify(row));
    first = false;
  }
  await out.write(']');
}

function table(result: SimulationResult, dialect: Dialect, agreement: Agreement): string {
  const t = result.totals;
  const lines = [
    `Simulated ${t.tags} tags on ${t.artifacts} artifacts in ${t.repositories} repositories (doublestar ${dialect}).`,
    `Immutable tags:   ${t.immutableTags}`,
    `Locked digests:   ${t.lockedDigests}  (undeletable, skipped by retention, layers kept by GC)`,
    `Mutable tags on locked digests: ${t.mutableTagsOnLockedDigests}`,
    `Untagged artifacts kept by retention: ${t.untaggedRetained} of ${t.untaggedArtifacts}`,
  ];
  if (t.tagsStoppedByError > 0) lines.push(`Tags whose evaluation stopped on a broken rule: ${t.tagsStoppedByError} (counted mutable, as Harbor does)`);
  if (agreement !== null && agreement.compared > 0) {
    lines.push(
      agreement.disagreements.length === 0
        ? `Harbor's own verdict agrees on all ${agreement.compared} tags.`
        : `Harbor's own verdict DISAGREES on ${agreement.disagreements.length} of ${agreement.compared} tags, e.g. ` +
            agreement.disagreements.slice(0, 3).map((d) => `${d.repository}:${d.tag} (server ${d.server ? 'immutable' : 'mutable'})`).join(', '),
    );
  }
  const rows = repositorySummaries(result).map((row) => [
    row.project ? `${row.project}/${row.repository}` : row.repository!,
    row.tags,
    row.immutableTags,
    row.artifacts,
    row.lockedDigests,
    row.untaggedRetained,
  ]);
  return lines.join('\n') + '\n\n' + formatTable(['repository', 'tags', 'immutable', 'digests', 'locked', 'untagged kept'], rows);
}
