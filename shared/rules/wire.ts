// Runs anywhere (pure).
/**
 * Harbor's wire format for immutable-tag rules, read tolerantly and written canonically.
 *
 * Tolerant: the list endpoint omits `disabled` unless true and `priority` unless non-zero; older servers
 * send `null` selector lists; unknown fields are ignored. Anything that cannot be a rule is reported with
 * the path of the bad field, never thrown as a crash.
 */
import { TaglockError } from '../errors.js';
import type { ImmutableRule, Selector } from './model.js';
import { IMMUTABLE_ACTION, IMMUTABLE_TEMPLATE } from './model.js';

export interface WireSelector {
  kind: string;
  decoration: string;
  pattern: string;
  extras?: string;
}

export interface WireRule {
  id?: number;
  project_id?: number;
  disabled?: boolean;
  priority?: number;
  action: string;
  template: string;
  tag_selectors: WireSelector[];
  scope_selectors: Record<string, WireSelector[]>;
}

/** A rule object that is not Harbor's shape: unusable input wherever it comes from (a file, a call). */
export class RuleFormatError extends TaglockError {
  constructor(readonly path: string, detail: string) {
    super('bad-input', `${path}: ${detail}`);
    this.name = 'RuleFormatError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readSelector(value: unknown, path: string): Selector {
  if (!isRecord(value)) throw new RuleFormatError(path, 'expected a selector object');
  const out: { kind: string; decoration: string; pattern: string; extras?: string } = {
    kind: readOptionalString(value.kind, `${path}.kind`),
    decoration: readOptionalString(value.decoration, `${path}.decoration`),
    pattern: readOptionalString(value.pattern, `${path}.pattern`),
  };
  if (typeof value.extras === 'string' && value.extras !== '') out.extras = value.extras;
  return out;
}

/** Go's json decoding turns a missing or null string into "" (which the server then fails on). */
function readOptionalString(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new RuleFormatError(path, `expected a string, got ${describe(value)}`);
  return value;
}

function readSelectorList(value: unknown, path: string): Selector[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RuleFormatError(path, `expected a list of selectors, got ${describe(value)}`);
  return value.map((item, i) => readSelector(item, `${path}[${i}]`));
}

function readInteger(value: unknown, path: string, fallback: number | null): number | null {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new RuleFormatError(path, `expected a whole number, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects are named above; what is left is a scalar
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** One rule object as the server sends it. `path` names it in messages, e.g. `rules[3]`. */
export function parseWireRule(value: unknown, path = 'rule'): ImmutableRule {
  if (!isRecord(value)) throw new RuleFormatError(path, `expected a rule object, got ${describe(value)}`);
  if (value.disabled !== undefined && value.disabled !== null && typeof value.disabled !== 'boolean') {
    throw new RuleFormatError(`${path}.disabled`, `expected true or false, got ${describe(value.disabled)}`);
  }
  const scopes = value.scope_selectors;
  if (scopes !== undefined && scopes !== null && !isRecord(scopes)) {
    throw new RuleFormatError(`${path}.scope_selectors`, `expected an object, got ${describe(scopes)}`);
  }
  const otherScopes: Record<string, Selector[]> = {};
  for (const [key, list] of Object.entries(scopes ?? {})) {
    if (key !== 'repository') otherScopes[key] = readSelectorList(list, `${path}.scope_selectors.${key}`);
  }
  const rule: ImmutableRule = {
    id: readInteger(value.id, `${path}.id`, null),
    disabled: value.disabled === true,
    priority: readInteger(value.priority, `${path}.priority`, 0) ?? 0,
    action: readOptionalString(value.action, `${path}.action`) || IMMUTABLE_ACTION,
    template: readOptionalString(value.template, `${path}.template`) || IMMUTABLE_TEMPLATE,
    repositorySelectors: readSelectorList(scopes?.repository, `${path}.scope_selectors.repository`),
    tagSelectors: readSelectorList(value.tag_selectors, `${path}.tag_selectors`),
  };
  const projectId = readInteger(value.project_id, `${path}.project_id`, null);
  return {
    ...rule,
    ...(Object.keys(otherScopes).length > 0 ? { otherScopes } : {}),
    ...(projectId !== null ? { projectId } : {}),
  };
}

/** A JSON array of rules, as the list endpoint returns it. */
export function parseWireRules(value: unknown, path = 'rules'): ImmutableRule[] {
  if (!Array.isArray(value)) throw new RuleFormatError(path, `expected a JSON array of rule objects, got ${describe(value)}`);
  return value.map((item, i) => parseWireRule(item, `${path}[${i}]`));
}

function writeSelector(selector: Selector): WireSelector {
  const out: WireSelector = { kind: selector.kind, decoration: selector.decoration, pattern: selector.pattern };
  if (selector.extras !== undefined) out.extras = selector.extras;
  return out;
}

/**
 * The canonical wire form: fixed key order, `disabled` and `priority` always present, scope keys sorted
 * (as Go marshals a map). Two rules that write the same text are the same rule to the server.
 */
export function toWireRule(rule: ImmutableRule, options: { includeId?: boolean } = {}): WireRule {
  const scopeSelectors: Record<string, WireSelector[]> = {};
  const scopeKeys = ['repository', ...Object.keys(rule.otherScopes ?? {})].sort();
  for (const key of scopeKeys) {
    const list = key === 'repository' ? rule.repositorySelectors : (rule.otherScopes?.[key] ?? []);
    scopeSelectors[key] = list.map(writeSelector);
  }
  const out: WireRule = {
    ...(options.includeId !== false && rule.id !== null ? { id: rule.id } : {}),
    ...(rule.projectId !== undefined ? { project_id: rule.projectId } : {}),
    disabled: rule.disabled,
    priority: rule.priority,
    action: rule.action,
    template: rule.template,
    tag_selectors: rule.tagSelectors.map(writeSelector),
    scope_selectors: scopeSelectors,
  };
  return out;
}

export function toWireRules(rules: readonly ImmutableRule[]): WireRule[] {
  return rules.map((rule) => toWireRule(rule));
}

/**
 * The part of a rule the server compares for its 409 "immutable rule already exists": the JSON blob it
 * stores at creation, which leaves out id and project.
 */
export function storedBlobKey(rule: ImmutableRule): string {
  const { id: _id, project_id: _project, ...rest } = toWireRule(rule, { includeId: false });
  return JSON.stringify(rest);
}
