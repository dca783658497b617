// Why Taglock carries its own matcher: minimatch (a package the product owner listed) is not Harbor's
// dialect. This test keeps that decision honest: if minimatch ever agreed on every vector, it would fail
// and the choice should be revisited.
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../support/repo-files.js';

interface Vector {
  pattern: string;
  input: string;
  kind: string;
  doublestar_v1_3_4: string;
}

describe('minimatch is not the doublestar dialect', () => {
  it('disagrees with Harbor on conformance vectors', () => {
    const vectors = readFixtureJson<Vector[]>('conformance', 'doublestar-match.json').filter((v) => v.kind !== 'path');
    const differing = vectors.filter((v) => {
      let answer: string;
      try {
        answer = String(minimatch(v.input, v.pattern, { dot: true, nocomment: true }));
      } catch {
        answer = 'ERR';
      }
      return answer !== v.doublestar_v1_3_4;
    });
    // e.g. '[!0-9]*' (negation in minimatch, a literal '!' in doublestar), '{**/app,x}', errors never raised.
    expect(differing.length).toBeGreaterThan(5);
    expect(differing.map((v) => v.pattern)).toContain('[!0-9]*');
  });
});
