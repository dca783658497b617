// Runs in Node.
/** `taglock simulate`: judge every tag and digest of a snapshot under a rule list. */
import type { Writable } from 'node:stream';
import type { Dialect } from '../../../shared/glob/dialect.js';
import type { HarborProfile } from '../../../shared/engine/harbor-profile.js';
import type { CompiledRuleSet } from '../../../shared/engine/rule-set.js';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import type { SimulationResult } from '../../../shared/engine/simulate.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { digestRows, projectSummaries, repositorySummaries, serverDisagreements, tagRows } from '../../../shared/engine/report.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { badInput } from '../../../shared/errors.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { readRulesFile } from '../../services/files/json-file.js';
import { readSnapshotIndexFile } from '../../services/snapshots/snapshot-file.js';
import { BufferedWriter, formatTable } from '../io.js';
import { shown } from '../terminal.js';
import { HARBOR_OPTIONS, parseCommandArgs, parseFormat, profileNotes, requireOption, resolveHarbor } from '../options.js';

/** One rule list for every project, or each project's rules in force when none is given. */
export function ruleSetsFor(snapshot: Pick<SnapshotIndex, 'projects'>, rules: readonly ImmutableRule[] | null, dialect: Dialect, profile: HarborProfile): CompiledRuleSet[] {
  if (rules !== null) {
    const set = compileRuleSet(rules, dialect, profile);
    return snapshot.projects.map(() => set);
  }
  return snapshot.projects.map((project) => {
    if (project.rules === null) {
      throw badInput(`the snapshot has no rules for project ${JSON.stringify(project.name)} (a plain registry): pass --rules RULES.json`);
    }
    return compileRuleSet(parseWireRules(project.rules), dialect, profile);
  });
}

export async function loadAndSimulate(values: { snapshot?: string; rules?: string; dialect?: string; 'harbor-version'?: string }, command: string) {
  const snapshot = readSnapshotIndexFile(requireOption(command, values.snapshot, '--snapshot'));
  const rules = values.rules === undefined ? null : await readRulesFile(values.rules);
  const { profile, dialect } = resolveHarbor(values, snapshot.meta.registry);
  const result = simulate(snapshot, ruleSetsFor(snapshot, rules, dialect, profile));
  return { snapshot, rules, dialect, profile, result };
}

export async function simulateCommand(args: readonly string[], stdout: Writable, stderr: NodeJS.WritableStream): Promise<number> {
  const values = parseCommandArgs('simulate', args, {
    snapshot: { type: 'string' },
    rules: { type: 'string' },
    format: { type: 'string' },
    ...HARBOR_OPTIONS,
  });
  const format = parseFormat(values.format, ['table', 'json'] as const, 'table');
  const { rules, dialect, profile, result } = await loadAndSimulate(values, 'simulate');
  stderr.write(profileNotes(profile));
  const agreement = rules === null ? serverDisagreements(result) : null;
  const out = new BufferedWriter(stdout);
  if (format === 'json') await writeJson(out, result, dialect, profile, agreement);
  else await out.write(table(result, dialect, profile, agreement));
  await out.flush();
  return 0;
}

type Agreement = ReturnType<typeof serverDisagreements> | null;

async function writeJson(out: BufferedWriter, result: SimulationResult, dialect: Dialect, profile: HarborProfile, agreement: Agreement): Promise<void> {
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
    lockedNotRetained: totals.lockedNotRetained,
    retainedNotLocked: totals.retainedNotLocked,
  };
  const harbor = { version: profile.version, release: profile.release, notes: profile.notes };
  await out.write(`{"dialect":${JSON.stringify(dialect)},"harbor":${JSON.stringify(harbor)},"summary":${JSON.stringify(summary)}`);
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

function table(result: SimulationResult, dialect: Dialect, profile: HarborProfile, agreement: Agreement): string {
  const t = result.totals;
  const lines = [
    `Simulated ${t.tags} tags on ${t.artifacts} artifacts in ${t.repositories} repositories (${profile.label}, doublestar ${dialect}).`,
    `Immutable tags:   ${t.immutableTags}`,
    `Locked digests:   ${t.lockedDigests}  (undeletable, layers kept by GC)`,
    `Kept by tag retention as immutable: ${t.retentionProtected} artifacts`,
    `Mutable tags on locked digests: ${t.mutableTagsOnLockedDigests}`,
    `Untagged artifacts kept by retention: ${t.untaggedRetained} of ${t.untaggedArtifacts}`,
  ];
  if (t.lockedNotRetained > 0) {
    lines.push(
      `Locked digests tag retention's own check misses: ${t.lockedNotRetained} (retention in ${profile.label} judges another repository name; ` +
        'the delete it tries is refused because their tags are immutable, logged as ERR)',
    );
  }
  if (t.retainedNotLocked > 0) lines.push(`Artifacts only tag retention keeps as immutable: ${t.retainedNotLocked}`);
  if (t.tagsStoppedByError > 0) lines.push(`Tags whose evaluation stopped on a broken rule: ${t.tagsStoppedByError} (counted mutable, as Harbor does)`);
  if (agreement !== null && agreement.compared > 0) {
    lines.push(
      agreement.disagreements.length === 0
        ? `Harbor's own verdict agrees on all ${agreement.compared} tags.`
        : `Harbor's own verdict DISAGREES on ${agreement.disagreements.length} of ${agreement.compared} tags, e.g. ` +
            agreement.disagreements.slice(0, 3).map((d) => `${shown(`${d.repository}:${d.tag}`)} (server ${d.server ? 'immutable' : 'mutable'})`).join(', '),
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
