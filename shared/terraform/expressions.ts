// Runs anywhere (pure).
/**
 * Values of Terraform attributes as the HCL parser hands them over: in Terraform's JSON syntax, where a
 * string is a template (`${…}` interpolates, `$${` and `%%{` are the escapes for literal `${` and
 * `%{`). Taglock evaluates the part of the language a rule's attributes use in practice: literals,
 * templates, `var.*`, `local.*`, `each.key`/`each.value`, `count.index` and references to other
 * resources (resolved by the caller). Everything else (function calls, operators, conditionals,
 * directives) is left unresolved, with its text, so it can be reported instead of guessed.
 */

/** A reference to a Harbor project (`harbor_project.x.id`), which is not a plain string. */
export class ProjectReference {
  constructor(
    readonly name: string | null,
    readonly id: number | null,
    readonly expression: string,
  ) {}
}

export type TfValue = string | number | boolean | null | readonly TfValue[] | { readonly [key: string]: TfValue } | ProjectReference;

/** Why a value could not be worked out; `expression` is the text as written. */
export class Unresolved {
  constructor(
    readonly expression: string,
    readonly reason: string,
  ) {}
}

export type Evaluated = TfValue | Unresolved;

export type PathStep = { kind: 'attribute'; name: string } | { kind: 'index'; key: TfValue };

export interface EvaluationScope {
  variable(name: string): Evaluated;
  local(name: string): Evaluated;
  /** The instance of a `for_each` resource being evaluated, or null. */
  each: { key: string; value: TfValue } | null;
  countIndex: number | null;
  /** A reference that starts with something else (`harbor_project`, `data`, …). */
  reference(root: string, path: readonly PathStep[], expression: string): Evaluated;
}

export function isUnresolved<T>(value: T | Unresolved): value is Unresolved {
  return value instanceof Unresolved;
}

export function isObject(value: Evaluated): value is { readonly [key: string]: TfValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unresolved) && !(value instanceof ProjectReference);
}

type TemplatePart = { kind: 'literal'; text: string } | { kind: 'interpolation'; expression: string } | { kind: 'directive'; text: string };

/** The end (index of the closing `}`) of an interpolation opened at `start` (just after `${`). */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

export function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if ((c === '$' || c === '%') && next === c && text[i + 2] === '{') {
      literal += `${c}{`; // `$${` and `%%{` are literal `${` and `%{`
      i += 2;
    } else if ((c === '$' || c === '%') && next === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) {
        literal += text.slice(i);
        break;
      }
      if (literal !== '') parts.push({ kind: 'literal', text: literal });
      literal = '';
      const inner = text.slice(i + 2, end).replace(/^~/, '').replace(/~$/, '').trim();
      parts.push(c === '$' ? { kind: 'interpolation', expression: inner } : { kind: 'directive', text: text.slice(i, end + 1) });
      i = end;
    } else {
      literal += c;
    }
  }
  if (literal !== '' || parts.length === 0) parts.push({ kind: 'literal', text: literal });
  return parts;
}

function asTemplateText(value: TfValue, expression: string): string | Unresolved {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof ProjectReference && value.id !== null) return `/projects/${value.id}`;
  return new Unresolved(expression, `${expression} is not a single value and cannot be part of a string`);
}

/** A JSON-syntax attribute value: templates evaluated, lists and objects element by element. */
export function evaluateValue(value: unknown, scope: EvaluationScope): Evaluated {
  if (typeof value === 'string') return evaluateTemplate(value, scope);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const out: TfValue[] = [];
    for (const item of value) {
      const evaluated = evaluateValue(item, scope);
      if (isUnresolved(evaluated)) return evaluated;
      out.push(evaluated);
    }
    return out;
  }
  if (typeof value === 'object') {
    const out: Record<string, TfValue> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const evaluated = evaluateValue(item, scope);
      if (isUnresolved(evaluated)) return evaluated;
      out[key] = evaluated;
    }
    return out;
  }
  return new Unresolved(typeof value, `a ${typeof value} is not a Terraform value`);
}

export function evaluateTemplate(text: string, scope: EvaluationScope): Evaluated {
  const parts = templateParts(text);
  // A template that is one interpolation has that expression's value, whatever its type.
  if (parts.length === 1 && parts[0]!.kind === 'interpolation') return evaluateExpression(parts[0]!.expression, scope);
  let out = '';
  for (const part of parts) {
    if (part.kind === 'literal') out += part.text;
    else if (part.kind === 'directive') return new Unresolved(part.text, `template directive ${part.text} is not evaluated`);
    else {
      const value = evaluateExpression(part.expression, scope);
      if (isUnresolved(value)) return value;
      const piece = asTemplateText(value, part.expression);
      if (isUnresolved(piece)) return piece;
      out += piece;
    }
  }
  return out;
}

/** Native-syntax expression text, e.g. `var.tag`, `harbor_project.p[each.key].id`, `"v*"`, `3`. */
export function evaluateExpression(expression: string, scope: EvaluationScope): Evaluated {
  const parser = new ExpressionReader(expression.trim());
  try {
    const value = parser.expression(scope);
    parser.expectEnd();
    return value;
  } catch (error) {
    if (error instanceof NotEvaluated) {
      return new Unresolved(expression.trim(), `${expression.trim()} uses ${error.what}, which Taglock does not evaluate`);
    }
    throw error;
  }
}

class NotEvaluated extends Error {
  constructor(readonly what: string) {
    super(what);
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*/;
const CONVERSIONS = new Set(['toset', 'tolist', 'tomap', 'tostring']);
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/;

/** A reader of the small expression subset; anything else throws NotEvaluated with what it met. */
class ExpressionReader {
  private position = 0;

  constructor(private readonly text: string) {}

  private rest(): string {
    return this.text.slice(this.position);
  }

  private skipSpace(): void {
    while (this.position < this.text.length && /\s/.test(this.text[this.position]!)) this.position++;
  }

  expectEnd(): void {
    this.skipSpace();
    if (this.position < this.text.length) throw new NotEvaluated(describeOperator(this.rest()));
  }

  expression(scope: EvaluationScope): Evaluated {
    this.skipSpace();
    const rest = this.rest();
    if (rest.startsWith('"')) return this.stringLiteral(scope);
    const number = NUMBER.exec(rest);
    if (number) {
      this.position += number[0].length;
      return Number(number[0]);
    }
    if (rest.startsWith('[')) return this.listLiteral(scope);
    const identifier = IDENTIFIER.exec(rest);
    if (!identifier) throw new NotEvaluated(rest.startsWith('{') ? 'an object expression' : describeOperator(rest));
    this.position += identifier[0].length;
    const name = identifier[0];
    if (name === 'true' || name === 'false') return name === 'true';
    if (name === 'null') return null;
    this.skipSpace();
    if (this.text[this.position] === '(') return this.functionCall(name, scope);
    const start = this.position - name.length;
    const path = this.path(scope);
    if (isUnresolved(path)) return path;
    return this.resolve(name, path, this.text.slice(start, this.position).trim(), scope);
  }

  /** `[a, b]`: a list (a set, to for_each) of evaluated items. */
  private listLiteral(scope: EvaluationScope): Evaluated {
    this.position++;
    const items: TfValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === ']') {
        this.position++;
        return items;
      }
      const item = this.expression(scope);
      if (isUnresolved(item)) return item;
      items.push(item);
      this.skipSpace();
      if (this.text[this.position] === ',') this.position++;
      else if (this.text[this.position] !== ']') throw new NotEvaluated(describeOperator(this.rest()));
    }
  }

  /**
   * The type conversions that wrap for_each collections (`toset(var.projects)`) keep the values, so they
   * are evaluated; any other function is reported as not evaluated.
   */
  private functionCall(name: string, scope: EvaluationScope): Evaluated {
    if (!CONVERSIONS.has(name)) throw new NotEvaluated(`the function ${name}()`);
    this.position++;
    const argument = this.expression(scope);
    this.skipSpace();
    if (this.text[this.position] !== ')') throw new NotEvaluated(`the function ${name}() with more than one argument`);
    this.position++;
    if (isUnresolved(argument)) return argument;
    if (name === 'toset' && Array.isArray(argument)) return [...new Set(argument as TfValue[])];
    if (name === 'tostring' && (typeof argument === 'number' || typeof argument === 'boolean')) return String(argument);
    return argument;
  }

  private path(scope: EvaluationScope): PathStep[] | Unresolved {
    const steps: PathStep[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.text[this.position];
      if (c === '.') {
        this.position++;
        const part = /^([A-Za-z_][A-Za-z0-9_-]*|\d+|\*)/.exec(this.rest());
        if (!part) throw new NotEvaluated(describeOperator(this.rest()));
        if (part[0] === '*') throw new NotEvaluated('a splat expression (.*)');
        this.position += part[0].length;
        steps.push(/^\d+$/.test(part[0]) ? { kind: 'index', key: Number(part[0]) } : { kind: 'attribute', name: part[0] });
      } else if (c === '[') {
        this.position++;
        this.skipSpace();
        if (this.text[this.position] === '*') throw new NotEvaluated('a splat expression ([*])');
        const key = this.expression(scope);
        if (isUnresolved(key)) return key;
        this.skipSpace();
        if (this.text[this.position] !== ']') throw new NotEvaluated(describeOperator(this.rest()));
        this.position++;
        steps.push({ kind: 'index', key });
      } else {
        return steps;
      }
    }
  }

  private resolve(root: string, path: readonly PathStep[], expression: string, scope: EvaluationScope): Evaluated {
    const first = path[0];
    const firstName = first?.kind === 'attribute' ? first.name : null;
    if (root === 'var' || root === 'local') {
      if (firstName === null) return new Unresolved(expression, `${expression} names no ${root === 'var' ? 'variable' : 'local value'}`);
      const value = root === 'var' ? scope.variable(firstName) : scope.local(firstName);
      return isUnresolved(value) ? value : walk(value, path.slice(1), expression);
    }
    if (root === 'each') {
      if (scope.each === null) return new Unresolved(expression, `${expression} is used outside a for_each resource`);
      if (firstName === 'key') return walk(scope.each.key, path.slice(1), expression);
      if (firstName === 'value') return walk(scope.each.value, path.slice(1), expression);
      return new Unresolved(expression, `${expression} is neither each.key nor each.value`);
    }
    if (root === 'count' && firstName === 'index') {
      return scope.countIndex === null ? new Unresolved(expression, `${expression} is used outside a count resource`) : scope.countIndex;
    }
    return scope.reference(root, path, expression);
  }

  private stringLiteral(scope: EvaluationScope): Evaluated {
    // Native syntax: backslash escapes, then the content is a template like the JSON syntax's.
    let content = '';
    this.position++;
    for (; this.position < this.text.length; this.position++) {
      const c = this.text[this.position]!;
      if (c === '"') {
        this.position++;
        return evaluateTemplate(content, scope);
      }
      if (c === '$' && this.text[this.position + 1] === '{') {
        const end = closingBrace(this.text, this.position + 2);
        if (end < 0) break;
        content += this.text.slice(this.position, end + 1);
        this.position = end;
      } else if (c === '\\') {
        const escape = this.text[++this.position];
        content += escape === 'n' ? '\n' : escape === 't' ? '\t' : escape === 'r' ? '\r' : (escape ?? '');
      } else {
        content += c;
      }
    }
    throw new NotEvaluated('an unterminated string');
  }
}

function describeOperator(rest: string): string {
  const shown = rest.length > 20 ? `${rest.slice(0, 20)}…` : rest;
  return `an expression it does not evaluate (${JSON.stringify(shown)})`;
}

/** `value` followed by attribute and index steps (map keys, list positions). */
export function walk(value: TfValue, path: readonly PathStep[], expression: string): Evaluated {
  let current: TfValue = value;
  for (const step of path) {
    const key = step.kind === 'attribute' ? step.name : step.key;
    if (Array.isArray(current) && typeof key === 'number' && Number.isInteger(key)) {
      if (key < 0 || key >= current.length) return new Unresolved(expression, `${expression}: index ${key} is out of range`);
      current = current[key] as TfValue;
    } else if (isObject(current) && (typeof key === 'string' || typeof key === 'number')) {
      const found = current[String(key)];
      if (found === undefined) return new Unresolved(expression, `${expression}: no key ${JSON.stringify(String(key))}`);
      current = found;
    } else {
      return new Unresolved(expression, `${expression} cannot be looked up in ${typeof current === 'string' ? 'a string' : 'this value'}`);
    }
  }
  return current;
}
