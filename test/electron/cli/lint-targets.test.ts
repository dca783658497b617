// Which project `taglock lint` judges the rules in: named, carried by the rules, or every one.
import { describe, expect, it } from 'vitest';
import { lintTargets } from '../../../electron/cli/lint-targets.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

function wholeHarbor(): Snapshot {
  const library = snapshotOf({ app: [artifact(['1'])] }, null, 'library');
  const proxy = snapshotOf({ 'library/nginx': [artifact(['1'])] }, null, 'dockerhub');
  return { ...library, projects: [library.projects[0]!, { ...proxy.projects[0]!, id: 7 }] };
}

const plain = parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])]);
const pulledFromProxy = parseWireRules([{ ...wireRule(1, ['repoMatches', '**'], ['matches', 'v*']), project_id: 7 }]);

describe('lintTargets', () => {
  it('without a snapshot: the named projects, or none', () => {
    expect(lintTargets(null, [], plain)).toEqual({ snapshotProjects: [], without: [null] });
    expect(lintTargets(null, ['shop', 'shop', 'ops'], plain)).toEqual({ snapshotProjects: [], without: ['shop', 'ops'] });
  });

  it('with a snapshot: named projects it holds are simulated, the others judged without it', () => {
    expect(lintTargets(wholeHarbor(), ['dockerhub', 'shop'], plain)).toEqual({ snapshotProjects: [1], without: ['shop'] });
  });

  it('the project id the rules carry picks their project; else every project is tried', () => {
    expect(lintTargets(wholeHarbor(), [], pulledFromProxy)).toEqual({ snapshotProjects: [1], without: [] });
    expect(lintTargets(wholeHarbor(), [], plain)).toEqual({ snapshotProjects: [0, 1], without: [] });
  });
});
