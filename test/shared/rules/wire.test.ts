import { describe, expect, it } from 'vitest';
import { parseWireRule, parseWireRules, RuleFormatError, storedBlobKey, toWireRule } from '../../../shared/rules/wire.js';

const listed = {
  id: 7,
  disabled: true,
  action: 'immutable',
  template: 'immutable_template',
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
  tag_selectors: [{ kind: 'doublestar', decoration: 'excludes', pattern: '{rc,test,nightly}' }],
};

describe('Harbor wire format', () => {
  it('reads a listed rule, defaulting the omitted disabled and priority', () => {
    const rule = parseWireRule({ ...listed, disabled: undefined });
    expect(rule.disabled).toBe(false);
    expect(rule.priority).toBe(0);
    expect(rule.id).toBe(7);
    expect(rule.tagSelectors[0]!.pattern).toBe('{rc,test,nightly}');
  });

  it('tolerates null selector lists, extra fields and other scope keys, and keeps them for the round trip', () => {
    const rule = parseWireRule({
      ...listed,
      project_id: 3,
      unknown_field: 'ignored',
      tag_selectors: null,
      scope_selectors: { repository: null, label: [{ kind: 'doublestar', decoration: 'matches', pattern: 'x', extras: '{"a":1}' }] },
    });
    expect(rule.tagSelectors).toEqual([]);
    expect(rule.repositorySelectors).toEqual([]);
    expect(rule.otherScopes).toEqual({ label: [{ kind: 'doublestar', decoration: 'matches', pattern: 'x', extras: '{"a":1}' }] });
    const wire = toWireRule(rule);
    expect(wire.scope_selectors).toEqual({ label: [{ kind: 'doublestar', decoration: 'matches', pattern: 'x', extras: '{"a":1}' }], repository: [] });
    expect(wire.project_id).toBe(3);
    expect('unknown_field' in wire).toBe(false);
  });

  it('writes canonically: fixed key order, disabled and priority always present', () => {
    const text = JSON.stringify(toWireRule(parseWireRule(listed)));
    expect(text).toBe(
      '{"id":7,"disabled":true,"priority":0,"action":"immutable","template":"immutable_template",' +
        '"tag_selectors":[{"kind":"doublestar","decoration":"excludes","pattern":"{rc,test,nightly}"}],' +
        '"scope_selectors":{"repository":[{"kind":"doublestar","decoration":"repoMatches","pattern":"**"}]}}',
    );
    // Round trip is stable.
    expect(JSON.stringify(toWireRule(parseWireRule(JSON.parse(text))))).toBe(text);
  });

  it('names the bad field of a malformed rule', () => {
    expect(() => parseWireRules([listed, { ...listed, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 5 }] }])).toThrow(
      'rules[1].tag_selectors[0].pattern: expected a string, got number 5',
    );
    expect(() => parseWireRules({ rules: [] })).toThrow(RuleFormatError);
    expect(() => parseWireRule({ ...listed, disabled: 'yes' })).toThrow('rule.disabled: expected true or false');
    expect(() => parseWireRule({ ...listed, id: 1.5 })).toThrow('rule.id: expected a whole number');
  });

  it('compares rules the way the server detects duplicates: ids do not count', () => {
    const a = parseWireRule(listed);
    const b = parseWireRule({ ...listed, id: 9 });
    const c = parseWireRule({ ...listed, tag_selectors: [{ kind: 'doublestar', decoration: 'excludes', pattern: '{rc,test}' }] });
    expect(storedBlobKey(a)).toBe(storedBlobKey(b));
    expect(storedBlobKey(a)).not.toBe(storedBlobKey(c));
  });
});
