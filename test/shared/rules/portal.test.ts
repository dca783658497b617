import { describe, expect, it } from 'vitest';
import {
  portalAddDisabled,
  portalRefusesRepositoryPattern,
  portalSetterValue,
  portalShownPattern,
  portalStoredPattern,
} from '../../../shared/rules/portal.js';
import { formFromRule, formProblems, ruleFromForm } from '../../../shared/rules/editor-form.js';
import { makeRule } from '../../../shared/rules/model.js';
import { readFixtureJson } from '../../support/repo-files.js';

interface PortalVector {
  input: string;
  afterSetter: string;
  stored: string;
  shown: string;
  addDisabled: boolean;
  invalidIfRepoExcludes: boolean;
}

const vectors = readFixtureJson<PortalVector[]>('conformance', 'portal-input.json');

describe("Harbor web UI's conversion of typed patterns (portal-input.json)", () => {
  it('has vectors to check', () => expect(vectors.length).toBeGreaterThan(10));
  it.each(vectors.map((v) => [JSON.stringify(v.input), v] as const))('%s', (_name, v) => {
    expect(portalSetterValue(v.input)).toBe(v.afterSetter);
    expect(portalStoredPattern(v.input)).toBe(v.stored);
    expect(portalShownPattern(v.stored)).toBe(v.shown);
    expect(portalAddDisabled(v.input)).toBe(v.addDisabled);
    expect(portalRefusesRepositoryPattern('repoExcludes', v.stored)).toBe(v.invalidIfRepoExcludes);
    // repoMatches is never refused, whatever the pattern.
    expect(portalRefusesRepositoryPattern('repoMatches', v.stored)).toBe(false);
  });
});

describe('editor form', () => {
  it('turns a typed comma list into the stored brace pattern and back', () => {
    const rule = ruleFromForm({
      id: null,
      disabled: false,
      repositoryDecoration: 'repoMatches',
      repositoryText: 'nginx, redis',
      tagDecoration: 'excludes',
      tagText: 'rc,test, nightly',
    });
    expect(rule.repositorySelectors[0]).toEqual({ kind: 'doublestar', decoration: 'repoMatches', pattern: '{nginx,redis}' });
    expect(rule.tagSelectors[0]).toEqual({ kind: 'doublestar', decoration: 'excludes', pattern: '{rc,test,nightly}' });
    const form = formFromRule(rule);
    expect(form.repositoryText).toBe('nginx,redis');
    expect(form.tagText).toBe('rc,test,nightly');
    expect(form.tagDecoration).toBe('excludes');
  });

  it('refuses what Harbor refuses: empty braces, excluding **, an existing rule', () => {
    const existing = makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: '{v1,v2}' } });
    const base = { id: null, disabled: false, repositoryDecoration: 'repoMatches', repositoryText: '**', tagDecoration: 'matches', tagText: 'v1,v2' };
    expect(formProblems(base, [existing]).map((p) => p.code)).toEqual(['existing-rule']);
    expect(formProblems({ ...base, tagText: 'v3' }, [existing])).toEqual([]);
    expect(formProblems({ ...base, repositoryText: '{}', tagText: 'v3' }, []).map((p) => p.code)).toEqual(['empty-repository']);
    expect(formProblems({ ...base, repositoryDecoration: 'repoExcludes', repositoryText: 'a, **', tagText: 'v3' }, []).map((p) => p.code)).toEqual([
      'invalid-rule',
    ]);
  });
});
