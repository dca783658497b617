import { describe, expect, it } from 'vitest';
import { DEMO_RULES, demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { makeRule } from '../../shared/rules/model.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import type { RawOutput, SimulationRequest } from '../../renderer/src/sim/compute.js';
import { SimulationEngine } from '../../renderer/src/sim/compute.js';
import type { DraftArrays } from '../../renderer/src/sim/unchanged-verdicts.js';
import { ReceivedDrafts } from '../../renderer/src/sim/unchanged-verdicts.js';

// The worker's path while typing: one engine answers every keystroke, re-simulating from its last draft
// and writing into the arrays of drafts it no longer needs, and posting no verdict arrays when none changed
// (the page then keeps the ones it has). Each answer, as the page reads it, must equal a fresh engine's.
const index = buildSnapshotIndex(demoSnapshot());
const server = parseWireRules(DEMO_RULES).slice(0, 2);
/** What the tag pattern holds after each keystroke (typing, then erasing and typing again). */
const patterns = ['', '*', '*-', '1*', '1.*', '1.*z', 'l*', 'la', 'latest', 'main*', 'main*x', 'main*xy', '*'];

function request(revision: number, pattern: string): SimulationRequest {
  const added = makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern } });
  return { snapshotId: 'demo', revision, projectIndex: 0, dialect: 'v1.3.4', draft: [...server, added], serverKey: 'server', serverRules: server };
}

/** What a run shows, with the verdict arrays the page resolves for it copied out. */
function shown(output: RawOutput, arrays: DraftArrays = output.draft) {
  return {
    tagVerdict: Array.from(arrays.tagVerdict),
    artifactRetentionVerdict: Array.from(arrays.artifactRetentionVerdict),
    artifactImmutableTags: Array.from(arrays.artifactImmutableTags),
    repositoryTotals: arrays.repositoryTotals,
    totals: output.draft.totals,
    ruleStats: output.draft.ruleStats,
    diff: Object.fromEntries(Object.entries(output.diff).map(([key, array]) => [key, Array.from(array)])),
    findings: output.findings,
  };
}

describe('the simulation engine answering keystrokes', () => {
  it('answers each keystroke as a fresh engine does, and leaves earlier answers untouched', () => {
    const engine = new SimulationEngine(index);
    const page = new ReceivedDrafts();
    const answers: { output: RawOutput; arrays: DraftArrays }[] = [];
    const expected: ReturnType<typeof shown>[] = [];
    for (const [i, pattern] of patterns.entries()) {
      const output = engine.run(request(i, pattern));
      const arrays = page.arraysFor(output.sequence, output.draftArraysOf, output.draft);
      const fresh = new SimulationEngine(index).run(request(i, pattern));
      expect(fresh.draftArraysOf).toBe(fresh.sequence);
      expect(shown(output, arrays), `after typing ${JSON.stringify(pattern)}`).toEqual(shown(fresh));
      answers.push({ output, arrays });
      expected.push(shown(fresh));
    }
    // The typed patterns do change the verdicts (otherwise reuse would go unnoticed)...
    expect(new Set(expected.map((e) => e.totals.immutableTags)).size).toBeGreaterThan(2);
    // ...and some keystrokes change none ('main*' to 'main*x'), whose answers carry no arrays.
    const carried = answers.map(({ output }) => output.draftArraysOf === output.sequence);
    expect(carried).toContain(false);
    expect(carried).toContain(true);
    for (const { output } of answers.filter((_, i) => !carried[i])) expect(output.draft.tagVerdict.length).toBe(0);
    answers.forEach(({ output, arrays }, i) => expect(shown(output, arrays), `answer ${i} afterwards`).toEqual(expected[i]));
  });
});
