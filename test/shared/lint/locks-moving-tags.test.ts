// `locks-moving-tags`: the moving tags a rule locks in a simulated snapshot, with stronger words for
// proxy-cache projects and replication destinations, and without repeating `ci-moving-tags`.
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { lintRules } from '../../../shared/lint/lint.js';
import type { LintFinding } from '../../../shared/lint/finding.js';
import { withoutCoveredMovingFindings } from '../../../shared/lint/locks-moving-tags.js';
import type { WireRule } from '../../../shared/rules/wire.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import type { Snapshot, SnapshotReplication, SnapshotTag } from '../../../shared/snapshot/schema.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

const ALL: [string, string] = ['repoMatches', '**'];
const PUSHED = '2026-01-01T00:00:00Z';

const tag = (name: string, pushTime = PUSHED): SnapshotTag => ({ name, pushTime, pullTime: null, immutable: null });
const built = (tags: SnapshotTag[]) => ({ ...artifact([]), pushTime: PUSHED, tags });

/** nginx: an alias pair and a channel; app: a re-pointed promotion tag and a plain release. */
function mirrorSnapshot(): Snapshot {
  return snapshotOf({
    nginx: [built([tag('1.27.3'), tag('1.27'), tag('stable-alpine')]), built([tag('1.26.0')])],
    app: [built([tag('v2.0.0'), tag('release', '2026-03-02T09:00:00Z')])],
  }, null, 'mirror');
}

function lintOn(snapshot: Snapshot, wire: WireRule[]): LintFinding[] {
  const rules = parseWireRules(wire);
  const result = simulate(buildSnapshotIndex(snapshot), [compileRuleSet(rules, 'v1.3.4')]);
  return lintRules(rules, { dialect: 'v1.3.4', project: snapshot.projects[0]!.name, simulation: { result, project: 0 } });
}

const moving = (findings: LintFinding[]) => findings.filter((f) => f.code === 'locks-moving-tags');

const pullPolicy = (extra: Partial<SnapshotReplication> = {}): SnapshotReplication => ({
  id: 7,
  name: 'pull-nginx',
  enabled: true,
  role: 'destination',
  via: 'namespace',
  remote: { id: 1, name: 'docker-hub', url: 'https://hub.docker.com', type: 'docker-hub' },
  nameFilter: 'library/nginx',
  tagFilter: null,
  trigger: 'scheduled',
  ...extra,
});

describe('locks-moving-tags', () => {
  it('counts the moving tags a rule locks by reason, with one example of each', () => {
    const [finding, ...rest] = moving(lintOn(mirrorSnapshot(), [wireRule(1, ALL, ['matches', '**'])]));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning', ruleIndex: 0, rule: 'rule 1' });
    expect(finding!.message).toContain('It makes 3 moving tags in project mirror of the snapshot immutable (1 version alias, 1 set on its digest after the digest was pushed, 1 channel name)');
    expect(finding!.message).toContain('nginx:1.27 is a version alias of 1.27.3 on the same digest');
    expect(finding!.message).toContain('app:release was set on its digest on 2026-03-02, 60 days after the digest was pushed');
    expect(finding!.message).toContain('nginx:stable-alpine is a channel name');
    expect(finding!.message).toContain('The next push that moves one of them will be refused.');
    expect(finding!.message).not.toContain('breaks the mirror');
  });

  it('names only the tags the rule itself makes immutable: an earlier rule keeps its own', () => {
    const findings = moving(lintOn(mirrorSnapshot(), [wireRule(1, ['repoMatches', 'nginx'], ['matches', '1.27']), wireRule(2, ALL, ['matches', '**'])]));
    expect(findings.map((f) => [f.rule, f.message.match(/It makes (\d+) moving/)?.[1]])).toEqual([
      ['rule 1', '1'],
      ['rule 2', '2'],
    ]);
    expect(findings[1]!.message).not.toContain('nginx:1.27 ');
  });

  it('says nothing for a rule that locks only fixed versions', () => {
    const findings = lintOn(mirrorSnapshot(), [wireRule(1, ALL, ['matches', '{v,}[0-9]*.[0-9]*.[0-9]*'])]);
    expect(moving(findings)).toEqual([]);
  });

  it('says nothing on a snapshot without moving tags, where ci-moving-tags still warns about future pushes', () => {
    const plain = snapshotOf({ app: [built([tag('v1.0.0')]), built([tag('v1.1.0')])] });
    const codes = lintOn(plain, [wireRule(1, ALL, ['matches', '**'])]).map((f) => f.code);
    expect(codes).not.toContain('locks-moving-tags');
    expect(codes).toContain('ci-moving-tags');
  });

  it('replaces ci-moving-tags for a rule whose moving tags the snapshot shows, and only for that rule', () => {
    const snapshot = snapshotOf({ app: [built([tag('v1.0.0'), tag('latest')])] });
    const findings = lintOn(snapshot, [wireRule(1, ['repoMatches', 'app'], ['matches', '**']), wireRule(2, ['repoMatches', 'other'], ['matches', '**'])]);
    expect(findings.filter((f) => f.code === 'locks-moving-tags' || f.code === 'ci-moving-tags').map((f) => `${f.ruleIndex}:${f.code}`)).toEqual([
      '0:locks-moving-tags',
      '1:ci-moving-tags',
    ]);
    expect(findings.find((f) => f.code === 'locks-moving-tags')!.message).toContain('app:latest is a channel name');
    // The app's two lists (static and from the simulation) are merged the same way.
    const merged = withoutCoveredMovingFindings([
      { code: 'ci-moving-tags', ruleIndex: 0 },
      { code: 'ci-moving-tags', ruleIndex: 1 },
      { code: 'locks-moving-tags', ruleIndex: 0 },
    ]);
    expect(merged).toEqual([
      { code: 'ci-moving-tags', ruleIndex: 1 },
      { code: 'locks-moving-tags', ruleIndex: 0 },
    ]);
  });
});

describe('mirrors', () => {
  it('in a proxy-cache project, says that locking breaks the mirror, naming the upstream', () => {
    const snapshot = mirrorSnapshot();
    snapshot.projects[0]!.proxyCache = { id: 1, name: 'docker-hub', url: 'https://hub.docker.com', type: 'docker-hub' };
    const [finding] = moving(lintOn(snapshot, [wireRule(1, ALL, ['matches', '**'])]));
    // Push times say nothing in a cache (tags join cached digests when first pulled): 2 tags, not 3.
    expect(finding!.message).toContain('It makes 2 moving tags');
    expect(finding!.message).not.toContain('app:release');
    expect(finding!.message).toContain('Project mirror is a proxy cache of docker-hub (https://hub.docker.com): locking them breaks the mirror');
    expect(finding!.message).toContain('Harbor refuses to store the new digest');
  });

  it('in a replication destination, counts the tags the policy copies and says the next sync is refused', () => {
    const snapshot = mirrorSnapshot();
    snapshot.projects[0]!.replication = [pullPolicy({ tagFilter: { pattern: '1.*', decoration: 'matches' } })];
    const [finding] = moving(lintOn(snapshot, [wireRule(1, ALL, ['matches', '**'])]));
    expect(finding!.message).toContain(
      'Replication policy "pull-nginx" copies 1 of these tags into project mirror from docker-hub (https://hub.docker.com): locking them breaks the mirror: the next sync of these tags is refused.',
    );
    snapshot.projects[0]!.replication = [pullPolicy(), pullPolicy({ id: 8, name: 'pull-app' })];
    const [both] = moving(lintOn(snapshot, [wireRule(1, ALL, ['matches', '**'])]));
    expect(both!.message).toContain('Replication policy "pull-nginx" and 1 other policy copy these tags into project mirror');
    // Without a namespace or a name filter a pull policy keeps the source's names: it may land here.
    snapshot.projects[0]!.replication = [pullPolicy({ via: 'unfiltered', nameFilter: null })];
    const [unfiltered] = moving(lintOn(snapshot, [wireRule(1, ALL, ['matches', '**'])]));
    expect(unfiltered!.message).toContain('Replication policy "pull-nginx" may copy these tags into project mirror');
  });

  it('keeps the plain wording when no enabled destination policy copies the locked tags', () => {
    for (const replication of [
      [pullPolicy({ enabled: false })],
      [pullPolicy({ role: 'source', via: 'name-filter' })],
      [pullPolicy({ tagFilter: { pattern: '1.*', decoration: 'excludes' } })],
      null,
      [],
    ]) {
      const snapshot = mirrorSnapshot();
      snapshot.projects[0]!.replication = replication;
      const findings = moving(lintOn(snapshot, [wireRule(1, ['repoMatches', 'nginx'], ['matches', '1.27'])]));
      expect(findings, JSON.stringify(replication)).toHaveLength(1);
      expect(findings[0]!.message, JSON.stringify(replication)).not.toContain('breaks the mirror');
    }
  });

  it('counts only the project linted, in a snapshot of several (and its untagged artifacts only)', () => {
    const other = snapshotOf({ nginx: [built([tag('1.27.3'), tag('1.27'), tag('latest'), tag('edge')])], scratch: [artifact([]), artifact([])] }, null, 'other');
    const mirror = mirrorSnapshot();
    mirror.projects[0]!.repositories.push({ name: 'scratch', artifacts: [artifact([])] });
    // The other project comes first, so the linted one's tags and artifacts do not start at 0.
    const snapshot: Snapshot = { ...mirror, projects: [other.projects[0]!, mirror.projects[0]!] };
    const rules = parseWireRules([wireRule(1, ALL, ['excludes', 'nothing-is-called-this'])]);
    const set = compileRuleSet(rules, 'v1.3.4');
    const result = simulate(buildSnapshotIndex(snapshot), [set, set]);
    const lintProject = (project: number) => lintRules(rules, { dialect: 'v1.3.4', project: snapshot.projects[project]!.name, simulation: { result, project } });
    expect(moving(lintProject(1))[0]!.message).toContain('It makes 3 moving tags in project mirror of the snapshot immutable');
    expect(moving(lintProject(0))[0]!.message).toContain('It makes 3 moving tags in project other of the snapshot immutable (1 version alias, 2 channel names)');
    const untagged = (project: number) => lintProject(project).find((f) => f.code === 'untagged-retained-in-snapshot')!.message;
    expect(untagged(1)).toMatch(/^Tag retention treats 1 untagged artifact( \([^)]*\))? in project mirror /);
    expect(untagged(0)).toMatch(/^Tag retention treats 2 untagged artifacts( \([^)]*\))? in project other /);
  });
});
