// Every conformance vector (test/fixtures/conformance/doublestar-match.json, produced with the real
// doublestar v1.3.4 and v1.1.1) against both dialects: compiled, one-shot, and step by step.
import { describe, expect, it } from 'vitest';
import type { Dialect, GlobOutcome } from '../../../shared/glob/dialect.js';
import { compileGlobDetailed } from '../../../shared/glob/compile.js';
import { matchGlob } from '../../../shared/glob/index.js';
import { readFixtureJson } from '../../support/repo-files.js';

type Answer = 'true' | 'false' | 'ERR';

interface Vector {
  pattern: string;
  input: string;
  kind: string;
  doublestar_v1_3_4: Answer;
  doublestar_v1_1_1: Answer;
}

// readFixtureJson throws with the path when a fixture is missing: the test fails loudly.
const vectors = readFixtureJson<Vector[]>('conformance', 'doublestar-match.json');

const EXPECTED: Record<Answer, GlobOutcome> = { true: 'match', false: 'miss', ERR: 'error' };
const COLUMN: Record<Dialect, 'doublestar_v1_3_4' | 'doublestar_v1_1_1'> = {
  'v1.3.4': 'doublestar_v1_3_4',
  'v1.1.1': 'doublestar_v1_1_1',
};

describe('doublestar conformance vectors', () => {
  it('are present and well-formed', () => {
    expect(vectors.length).toBeGreaterThan(200);
    for (const v of vectors) {
      expect(Object.keys(EXPECTED)).toContain(v.doublestar_v1_3_4);
      expect(Object.keys(EXPECTED)).toContain(v.doublestar_v1_1_1);
    }
    // The file exercises the dialects' differences, errors included.
    expect(vectors.some((v) => v.doublestar_v1_3_4 !== v.doublestar_v1_1_1)).toBe(true);
    expect(vectors.some((v) => v.doublestar_v1_3_4 === 'ERR')).toBe(true);
  });

  for (const dialect of ['v1.3.4', 'v1.1.1'] as const) {
    describe(dialect, () => {
      it.each(vectors.map((v) => [v.pattern, v.input, EXPECTED[v[COLUMN[dialect]]]] as const))(
        'Match(%j, %j) = %s',
        (pattern, input, want) => {
          const glob = compileGlobDetailed(pattern, dialect);
          expect(glob.match(input)).toBe(want);
          expect(glob.interpret(input)).toBe(want);
          expect(matchGlob(pattern, input, dialect)).toBe(want);
        },
      );
    });
  }
});
