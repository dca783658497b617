// The simulation's retention verdicts are the decision on the retention path, for every artifact of the
// demo (nested and one-component names, single-tag, multi-tag and untagged artifacts), on generated rule
// lists (crossed decorations and errors included), under a profile that strips the first component and
// one that does not.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/engine/decide.js';
import { harborProfile } from '../../../shared/engine/harbor-profile.js';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { artifactTagNames, buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { generateDecisionCases } from '../glob/generate-cases.js';
import { wireRule } from '../../support/snapshots.js';

const index = buildSnapshotIndex(demoSnapshot());

describe('retention path in the simulation', () => {
  it('a repository decoration in the tag slot (crossed) reads the retention name too', () => {
    const profile = harborProfile('v2.15.2');
    const crossed = parseWireRules([wireRule(1, ['repoMatches', '**'], ['repoMatches', 'frontend/**'])]);
    const set = compileRuleSet(crossed, 'v1.3.4', profile);
    const result = simulate(index, [set]);
    let singleTag = 0;
    for (let a = 0; a < index.counts.artifacts; a++) {
      const repository = index.repositoryNames[index.artifactRepository[a]!]!;
      const tags = artifactTagNames(index, a);
      if (!repository.startsWith('frontend/') || tags.length !== 1) continue;
      singleTag++;
      // Push: frontend/web matches frontend/**; retention judges "web", which does not.
      expect(result.tagVerdict[index.artifactTagStart[a]!]! >= 0).toBe(true);
      expect(result.artifactRetentionVerdict[a]! >= 0).toBe(decide(set, repository, tags, 'retention').immutable);
      expect(result.artifactRetentionVerdict[a]! >= 0).toBe(false);
    }
    expect(singleTag).toBeGreaterThan(0);
  });

  it.each(['v2.15.2', 'v2.16.0', 'v2.4.3'])('equals decide(…, "retention") on 120 generated rule lists, Harbor %s', (version) => {
    const profile = harborProfile(version);
    let differing = 0;
    for (const c of generateDecisionCases(120, 0x5e7)) {
      const set = compileRuleSet(parseWireRules(c.rules.map((r, i) => ({ ...r, id: i + 1 }))), profile.behaviour.dialect, profile);
      const result = simulate(index, [set]);
      for (let a = 0; a < index.counts.artifacts; a += 7) {
        const repository = index.repositoryNames[index.artifactRepository[a]!]!;
        const tags = artifactTagNames(index, a);
        const expected = decide(set, repository, tags, 'retention');
        const verdict = result.artifactRetentionVerdict[a]!;
        expect(verdict >= 0, `${repository} ${tags.join(',')} rules ${JSON.stringify(c.rules)}`).toBe(expected.immutable);
        if (tags.length === 1 && (verdict >= 0) !== (result.tagVerdict[index.artifactTagStart[a]!]! >= 0)) differing++;
      }
    }
    // Where retention strips the first component, some single-tag artifacts are judged differently on the two paths.
    if (profile.behaviour.retention.stripsFirstComponent) expect(differing).toBeGreaterThan(0);
    else expect(differing).toBe(0);
  });
});
