// Runs in Node (test).
import { describe, expect, it } from 'vitest';
import { hasCommaOutsideBraces } from '../../../shared/lint/comma-list.js';
import { parseProjectIdValue, parseRuleResourceId, ruleFromProviderFields } from '../../../shared/terraform/provider-rule.js';

const unset = { disabled: false, repoMatching: '', repoExcluding: '', tagMatching: '', tagExcluding: '' };
const selectors = (fields: Partial<typeof unset>) => {
  const { rule } = ruleFromProviderFields({ ...unset, ...fields });
  return [rule.repositorySelectors[0], rule.tagSelectors[0]].map((s) => `${s!.decoration} ${s!.pattern}`);
};

describe("the provider's conversion (v3.12.4)", () => {
  it('maps each field to its decoration, kind doublestar, action and template fixed, no priority', () => {
    const { rule, notes } = ruleFromProviderFields({ ...unset, repoExcluding: 'sandbox/**', tagMatching: 'v*' }, { id: 25, projectId: 4 });
    expect(rule).toEqual({
      id: 25,
      projectId: 4,
      disabled: false,
      priority: 0,
      action: 'immutable',
      template: 'immutable_template',
      repositorySelectors: [{ kind: 'doublestar', decoration: 'repoExcludes', pattern: 'sandbox/**' }],
      tagSelectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v*' }],
    });
    expect(notes).toEqual([]);
    expect(selectors({ repoMatching: '**', tagExcluding: 'latest' })).toEqual(['repoMatches **', 'excludes latest']);
  });

  it('sends the matching field when both of a pair are set (it clears the excluding one before reading it), and says so', () => {
    // The provider's documented example.
    const { rule, notes } = ruleFromProviderFields({ disabled: true, repoMatching: '**', repoExcluding: '', tagMatching: 'v2.*', tagExcluding: 'latest' });
    expect(rule.tagSelectors).toEqual([{ kind: 'doublestar', decoration: 'matches', pattern: 'v2.*' }]);
    expect(rule.disabled).toBe(true);
    expect(notes.map((n) => n.code)).toEqual(['both-tag-fields']);
    expect(notes[0]!.message).toContain('tag_excluding = "latest" is dropped');
    expect(selectors({ repoMatching: 'a/**', repoExcluding: 'b/**', tagMatching: '**' })).toEqual(['repoMatches a/**', 'matches **']);
    expect(ruleFromProviderFields({ ...unset, repoMatching: 'a/**', repoExcluding: 'b/**', tagMatching: '**' }).notes.map((n) => n.code)).toEqual(['both-repository-fields']);
  });

  it('sends a selector with empty decoration and pattern when neither field of a pair is set', () => {
    const { rule, notes } = ruleFromProviderFields({ ...unset, tagMatching: '**' });
    expect(rule.repositorySelectors).toEqual([{ kind: 'doublestar', decoration: '', pattern: '' }]);
    expect(notes.map((n) => n.code)).toEqual(['no-repository-field']);
    expect(ruleFromProviderFields({ ...unset, repoMatching: '**' }).notes.map((n) => n.code)).toEqual(['no-tag-field']);
  });

  it('sends patterns verbatim: a comma list without braces stays one literal name, and is pointed out', () => {
    const { rule, notes } = ruleFromProviderFields({ ...unset, repoMatching: '**', tagExcluding: 'rc,test,latest' });
    expect(rule.tagSelectors[0]!.pattern).toBe('rc,test,latest');
    expect(notes).toEqual([{ code: 'comma-list-without-braces', message: expect.stringContaining('write "{rc,test,latest}" for a list') }]);
    expect(ruleFromProviderFields({ ...unset, repoMatching: '**', tagExcluding: '{rc,test,latest}' }).notes).toEqual([]);
    expect(ruleFromProviderFields({ ...unset, repoMatching: 'team/{a,b},c', tagMatching: '**' }).notes[0]!.message).toMatch(/^repo_matching = /);
  });

  it('finds commas outside braces only', () => {
    expect(hasCommaOutsideBraces('a,b')).toBe(true);
    expect(hasCommaOutsideBraces('{a,b}')).toBe(false);
    expect(hasCommaOutsideBraces('x/{a,{b,c}}')).toBe(false);
    expect(hasCommaOutsideBraces('{a,b},c')).toBe(true);
    expect(hasCommaOutsideBraces('a\\,b')).toBe(false);
  });

  it("reads the provider's resource ids and project ids", () => {
    expect(parseRuleResourceId('/projects/4/immutabletagrules/25')).toEqual({ projectId: 4, ruleId: 25 });
    expect(parseRuleResourceId('/projects/4/immutabletagrules/')).toBeNull();
    expect(parseRuleResourceId('projects/4/immutabletagrules/25')).toBeNull();
    expect(parseProjectIdValue('/projects/4')).toBe(4);
    expect(parseProjectIdValue('4')).toBe(4);
    expect(parseProjectIdValue(4)).toBe(4);
    expect(parseProjectIdValue('/projects/x')).toBeNull();
  });
});
