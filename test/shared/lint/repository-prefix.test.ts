// project-prefix and registry-host-prefix: only for the rules' own project, an error only when a snapshot
// shows that no repository is named that way, and with a fix that says what it would select.
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import type { LintFinding } from '../../../shared/lint/finding.js';
import { lintRules } from '../../../shared/lint/lint.js';
import { projectScopeOf } from '../../../shared/lint/project-scope.js';
import type { WireRule } from '../../../shared/rules/wire.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

const PREFIX_CODES = ['project-prefix', 'registry-host-prefix'];

function prefixFindings(findings: LintFinding[]): LintFinding[] {
  return findings.filter((f) => PREFIX_CODES.includes(f.code));
}

function lintOn(wire: WireRule[], snapshot: Snapshot, project = 0) {
  const rules = parseWireRules(wire);
  const result = simulate(buildSnapshotIndex(snapshot), snapshot.projects.map(() => compileRuleSet(rules, 'v1.3.4')));
  return { findings: lintRules(rules, { dialect: 'v1.3.4', simulation: { result, project } }), result };
}

describe('project-prefix', () => {
  const libraryAll = [wireRule(1, ['repoMatches', 'library/**'], ['matches', 'v*'])];

  it('without a snapshot: a warning naming both readings, and what the unprefixed pattern selects', () => {
    const [finding, ...rest] = prefixFindings(lintRules(parseWireRules(libraryAll), { dialect: 'v1.3.4', project: 'library' }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning', code: 'project-prefix', rule: 'rule 1' });
    expect(finding!.message).toContain('proxy cache');
    expect(finding!.message).toContain('"**" matches every repository of the project');
  });

  it('only for the rules\' own project: another project of the same Harbor named library is no reason', () => {
    expect(prefixFindings(lintRules(parseWireRules(libraryAll), { dialect: 'v1.3.4', project: 'shop' }))).toEqual([]);
    expect(prefixFindings(lintRules(parseWireRules(libraryAll), { dialect: 'v1.3.4' }))).toEqual([]);
  });

  it('with a snapshot whose project has no library/ repository: an error, and the fix counted on its repositories', () => {
    const { findings } = lintOn(libraryAll, snapshotOf({ nginx: [artifact(['v1'])], 'team/app': [artifact(['v2'])], redis: [artifact(['7'])] }));
    const [finding] = prefixFindings(findings);
    expect(finding).toMatchObject({ severity: 'error', code: 'project-prefix' });
    expect(finding!.message).toContain('"**" matches 3 of the 3 repositories of project library in the snapshot (e.g. nginx, team/app, redis)');
  });

  it('a narrower fix is counted too, and an exclusion is said to exclude nothing', () => {
    const snapshot = snapshotOf({ nginx: [artifact(['v1'])], 'team/app': [artifact(['v2'])] });
    const [narrow] = prefixFindings(lintOn([wireRule(1, ['repoMatches', 'library/team/*'], ['matches', 'v*'])], snapshot).findings);
    expect(narrow!.message).toContain('"team/*" matches 1 of the 2 repositories of project library in the snapshot (e.g. team/app)');
    const [excluding] = prefixFindings(lintOn([wireRule(1, ['repoExcludes', 'library/nginx'], ['matches', 'v*'])], snapshot).findings);
    expect(excluding!.message).toContain('it excludes nothing there, and the rule applies to every repository');
    expect(excluding!.message).toContain('"nginx" excludes 1 of the 2 repositories');
  });

  it('silent in a proxy-cache project whose repositories are library/<image>, where the rule really locks them', () => {
    const snapshot = snapshotOf({ 'library/nginx': [artifact(['1.27'])], 'library/redis': [artifact(['7.2'])] }, null, 'library');
    const { findings, result } = lintOn([wireRule(1, ['repoMatches', 'library/**'], ['matches', '**'])], snapshot);
    expect(prefixFindings(findings)).toEqual([]);
    expect([...result.tagVerdict]).toEqual([0, 0]);
  });

  it('the app passes the project with its repositories from the snapshot index', () => {
    const index = buildSnapshotIndex(snapshotOf({ 'library/nginx': [artifact(['1'])] }, null, 'library'));
    expect(projectScopeOf(index, 'library')).toEqual({ project: 'library', repositories: ['library/nginx'] });
    expect(projectScopeOf(index, 'other')).toEqual({ project: 'other' });
    expect(projectScopeOf(index, '')).toEqual({});
    const findings = lintRules(parseWireRules(libraryAll), { dialect: 'v1.3.4', ...projectScopeOf(index, 'library') });
    expect(prefixFindings(findings)).toEqual([]);
  });
});

describe('registry-host-prefix (harbor#21297)', () => {
  it('a host or host:port first component, with the host and the own project dropped in the fix', () => {
    const [finding] = prefixFindings(
      lintRules(parseWireRules([wireRule(1, ['repoMatches', 'harbor.example.com/shop/backend/*'], ['matches', 'v*'])]), { dialect: 'v1.3.4', project: 'shop' }),
    );
    expect(finding).toMatchObject({ severity: 'warning', code: 'registry-host-prefix' });
    expect(finding!.message).toContain('"harbor.example.com/"');
    expect(finding!.message).toContain('"backend/*" matches repositories named like "backend/x"');
    for (const host of ['localhost', 'registry:5000', '10.0.0.7']) {
      const codes = lintRules(parseWireRules([wireRule(1, ['repoMatches', `${host}/app`], ['matches', 'v*'])]), { dialect: 'v1.3.4' }).map((f) => f.code);
      expect(codes, host).toContain('registry-host-prefix');
    }
  });

  it('an error when the snapshot has no such repository; silent when it has one (a dotted repository name)', () => {
    const snapshot = snapshotOf({ app: [artifact(['v1'])], 'my.tools/cli': [artifact(['v1'])] }, null, 'shop');
    const [error] = prefixFindings(lintOn([wireRule(1, ['repoMatches', 'registry.example.com:443/shop/**'], ['matches', 'v*'])], snapshot).findings);
    expect(error).toMatchObject({ severity: 'error', code: 'registry-host-prefix' });
    expect(error!.message).toContain('"**" matches 2 of the 2 repositories of project shop in the snapshot');
    expect(prefixFindings(lintOn([wireRule(1, ['repoMatches', 'my.tools/**'], ['matches', 'v*'])], snapshot).findings)).toEqual([]);
  });

  it('not for patterns whose first component is a wildcard or a plain name', () => {
    for (const pattern of ['**/app', 'team/app', '{a.b,c}/x', 'team.*/x']) {
      expect(prefixFindings(lintRules(parseWireRules([wireRule(1, ['repoMatches', pattern], ['matches', 'v*'])]), { dialect: 'v1.3.4' })), pattern).toEqual([]);
    }
  });
});
