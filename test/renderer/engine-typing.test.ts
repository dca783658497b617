import { describe, expect, it } from 'vitest';
import { DEMO_RULES, demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { makeRule } from '../../shared/rules/model.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import type { RawOutput, SimulationRequest } from '../../renderer/src/sim/compute.js';
import { SimulationEngine } from '../../renderer/src/sim/compute.js';

// The worker's path while typing: one engine answers every keystroke, re-simulating from its last draft
// and writing into the arrays of drafts it no longer needs. Each answer must equal a fresh engine's.
const index = buildSnapshotIndex(demoSnapshot());
const server = parseWireRules(DEMO_RULES).slice(0, 2);
/** What the tag pattern holds after each keystroke (typing, then erasing and typing again). */
const patterns = ['', '*', '*-', '1*', '1.*', '1.*z', 'l*', 'la', 'latest', 'main*', '*'];

function request(revision: number, pattern: string): SimulationRequest {
  const added = makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern } });
  return { snapshotId: 'demo', revision, projectIndex: 0, dialect: 'v1.3.4', draft: [...server, added], serverKey: 'server', serverRules: server };
}

/** What a run shows, with its arrays copied out (a posted output's arrays are its own). */
function shown(output: RawOutput) {
  return {
    tagVerdict: Array.from(output.draft.tagVerdict),
    artifactRetentionVerdict: Array.from(output.draft.artifactRetentionVerdict),
    artifactImmutableTags: Array.from(output.draft.artifactImmutableTags),
    totals: output.draft.totals,
    ruleStats: output.draft.ruleStats,
    diff: Object.fromEntries(Object.entries(output.diff).map(([key, array]) => [key, Array.from(array)])),
    findings: output.findings,
  };
}

describe('the simulation engine answering keystrokes', () => {
  it('answers each keystroke as a fresh engine does, and leaves earlier answers untouched', () => {
    const engine = new SimulationEngine(index);
    const outputs: RawOutput[] = [];
    const expected: ReturnType<typeof shown>[] = [];
    for (const [i, pattern] of patterns.entries()) {
      const output = engine.run(request(i, pattern));
      const fresh = new SimulationEngine(index).run(request(i, pattern));
      expect(shown(output), `after typing ${JSON.stringify(pattern)}`).toEqual(shown(fresh));
      outputs.push(output);
      expected.push(shown(fresh));
    }
    // The typed patterns do change the verdicts (otherwise reuse would go unnoticed).
    expect(new Set(expected.map((e) => e.totals.immutableTags)).size).toBeGreaterThan(2);
    outputs.forEach((output, i) => expect(shown(output), `answer ${i} afterwards`).toEqual(expected[i]));
  });
});
