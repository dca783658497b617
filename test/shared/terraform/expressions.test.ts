// Runs in Node (test).
import { describe, expect, it } from 'vitest';
import type { EvaluationScope, TfValue } from '../../../shared/terraform/expressions.js';
import { Unresolved, evaluateTemplate, evaluateValue, templateParts } from '../../../shared/terraform/expressions.js';

function scope(variables: Record<string, TfValue>, each: EvaluationScope['each'] = null): EvaluationScope {
  return {
    variable: (name) => (name in variables ? variables[name]! : new Unresolved(`var.${name}`, `var.${name} has no value`)),
    local: (name) => new Unresolved(`local.${name}`, `local.${name} is not defined`),
    each,
    countIndex: null,
    reference: (root, _path, expression) => new Unresolved(expression, `${root} is unknown`),
  };
}

describe("templates in Terraform's JSON syntax", () => {
  it('keeps literals, unescaping $${ and %%{', () => {
    expect(evaluateTemplate('v*', scope({}))).toBe('v*');
    expect(evaluateTemplate('v$${x}', scope({}))).toBe('v${x}');
    expect(evaluateTemplate('a%%{b}', scope({}))).toBe('a%{b}');
    expect(evaluateTemplate('$$${x}', scope({}))).toBe('$${x}');
  });

  it('evaluates variables, each.key and each.value, inside and as the whole template', () => {
    const s = scope({ tag: 'v*', teams: { a: { tags: 'x*' } } }, { key: 'a', value: { tags: 'x*' } });
    expect(evaluateTemplate('${var.tag}', s)).toBe('v*');
    expect(evaluateTemplate('${var.teams}', s)).toEqual({ a: { tags: 'x*' } });
    expect(evaluateTemplate('release-${var.tag}-${each.key}', s)).toBe('release-v*-a');
    expect(evaluateTemplate('${each.value.tags}', s)).toBe('x*');
    expect(evaluateTemplate('${var.teams["a"].tags}', s)).toBe('x*');
    expect(evaluateTemplate('${var.teams[each.key]["tags"]}', s)).toBe('x*');
  });

  it('evaluates list literals and the type conversions that wrap for_each collections', () => {
    const s = scope({ names: ['b', 'a', 'b'] });
    expect(evaluateTemplate('${toset(var.names)}', s)).toEqual(['b', 'a']);
    expect(evaluateTemplate('${toset(["x", "y"])}', s)).toEqual(['x', 'y']);
    expect(evaluateTemplate('${tostring(3)}', s)).toBe('3');
  });

  it('reports what it does not evaluate, with the expression as written', () => {
    const s = scope({ tag: 'v*' });
    const call = evaluateTemplate('${format("v%d.*", 2)}', s);
    expect(call).toBeInstanceOf(Unresolved);
    expect((call as Unresolved).reason).toContain('the function format()');
    expect((evaluateTemplate('${var.missing}', s) as Unresolved).reason).toBe('var.missing has no value');
    expect((evaluateTemplate('${var.a == "x" ? "p" : "q"}', s) as Unresolved).reason).toContain('does not evaluate');
    expect(evaluateTemplate('%{if true}x%{endif}', s)).toBeInstanceOf(Unresolved);
    expect((evaluateTemplate('${aws_thing.x.id}', s) as Unresolved).reason).toBe('aws_thing is unknown');
  });

  it('splits templates at interpolations whose text holds braces and strings', () => {
    expect(templateParts('a${lookup(var.m, "}")}b')).toEqual([
      { kind: 'literal', text: 'a' },
      { kind: 'interpolation', expression: 'lookup(var.m, "}")' },
      { kind: 'literal', text: 'b' },
    ]);
  });

  it('evaluates lists and objects element by element', () => {
    expect(evaluateValue({ a: ['${var.tag}', 1, true] }, scope({ tag: 'v*' }))).toEqual({ a: ['v*', 1, true] });
    expect(evaluateValue(['${var.nope}'], scope({}))).toBeInstanceOf(Unresolved);
  });
});
