import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { decide, explain } from '../../../shared/engine/decide.js';
import type { Dialect } from '../../../shared/glob/dialect.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { readFixtureJson } from '../../support/repo-files.js';

interface DecisionVector {
  name: string;
  rules: unknown[];
  repository_without_project: string;
  candidate_tags: string[];
  result_v1_3_4: string;
  result_v1_1_1: string;
}

const vectors = readFixtureJson<DecisionVector[]>('conformance', 'rule-decisions.json');

function expected(result: string) {
  if (result === 'IMMUTABLE') return { immutable: true, error: false };
  if (result === 'mutable') return { immutable: false, error: false };
  if (result.startsWith('ERR')) return { immutable: false, error: true };
  throw new Error(`unknown result ${result}`);
}

describe.each([
  ['v1.3.4', 'result_v1_3_4'],
  ['v1.1.1', 'result_v1_1_1'],
] as const)("Harbor's decision with doublestar %s (rule-decisions.json)", (dialect: Dialect, field) => {
  it('has vectors to check', () => expect(vectors.length).toBeGreaterThan(40));
  it.each(vectors.map((v, i) => [`${i} ${v.name} ${v.repository_without_project}:${v.candidate_tags.join(',')}`, v] as const))('%s', (_n, v) => {
    const set = compileRuleSet(parseWireRules(v.rules), dialect);
    const decision = decide(set, v.repository_without_project, v.candidate_tags);
    const want = expected(v[field]);
    expect({ immutable: decision.immutable, error: decision.error !== null }).toEqual(want);
    // The "why" trace tells the same story as the decision.
    const trace = explain(set, v.repository_without_project, v.candidate_tags);
    expect(trace.some((t) => t.outcome === 'decided')).toBe(want.immutable);
    expect(trace.some((t) => t.outcome === 'repository-error' || t.outcome === 'tag-error')).toBe(want.error);
  });
});

describe('decision details', () => {
  const wire = [
    { id: 3, scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] }, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v*' }] },
    { id: 1, scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] }, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '[' }] },
    { id: 2, disabled: true, scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] }, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }] },
  ];
  const rules = parseWireRules(wire);
  const set = compileRuleSet(rules, 'v1.3.4');

  it('evaluates by id, not by list position, and names the rule whose error silenced the others', () => {
    expect(set.rules.map((r) => r.rule.id)).toEqual([1, 2, 3]);
    const decision = decide(set, 'app', ['v1']);
    expect(decision.immutable).toBe(false);
    expect(decision.error?.rule.rule.id).toBe(1);
    expect(decision.error?.message).toContain('rule 1');
    expect(decision.error?.silenced.map((r) => r.rule.id)).toEqual([3]);
  });

  it('explains each rule in order', () => {
    expect(explain(set, 'app', ['v1']).map((t) => [t.rule.rule.id, t.outcome])).toEqual([
      [1, 'tag-error'],
      [2, 'disabled'],
      [3, 'not-reached'],
    ]);
  });

  it('puts draft rules (no id) after server rules, in list order', () => {
    const drafts = compileRuleSet(parseWireRules([{ ...wire[0], id: undefined }, wire[0]]), 'v1.3.4');
    expect(drafts.rules.map((r) => r.label)).toEqual(['rule 3', 'draft rule 1']);
  });
});
