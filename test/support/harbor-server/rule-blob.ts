// Test helper (Node): how Harbor binds, stores and lists an immutable-tag rule.
//
// POST/PUT bodies are decoded into go-swagger's ImmutableRule model (type errors are 422s), copied
// through JSON into the storage struct `Metadata` (the swagger model's omitempty drops `[]`, `{}`, `""`
// and selector `extras` on the way), and the storage struct's JSON text is the stored blob
// (`tag_filter`). Two rules conflict (409) only when their blobs are byte-identical in one project.
// Listing decodes the blob again and writes go-swagger's model: empty values omitted.
import { goAny, goString, goStruct } from './go-json.js';
import { HarborError } from './errors.js';
import type { ListedRule, ListedSelector } from './types.js';

export interface BoundSelector {
  kind: string;
  decoration: string;
  pattern: string;
}

/** The storage struct (`pkg/immutable/model.Metadata`) after the JSON copy from the swagger model. */
export interface RuleMetadata {
  id: number;
  disabled: boolean;
  priority: number;
  action: string;
  template: string;
  params: Record<string, unknown> | null;
  tag_selectors: Array<BoundSelector | null> | null;
  scope_selectors: Record<string, BoundSelector[] | null> | null;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  return 'object';
}

function typeError(value: unknown, field: string, goType: string): HarborError {
  const shown = typeof value === 'number' || typeof value === 'boolean' ? `${jsonKind(value)} ${String(value)}` : jsonKind(value);
  const fieldText = field === '' ? 'Go value' : `Go struct field ImmutableRule.${field}`;
  return bindingError(`parsing ImmutableRule body from "" failed, because json: cannot unmarshal ${shown} into ${fieldText} of type ${goType}`);
}

/** go-openapi collects binding failures into a composite 422. */
export function bindingError(message: string): HarborError {
  return new HarborError(422, 'UNPROCESSABLE_ENTITY', `validation failure list:\n${message}`);
}

function readString(value: unknown, field: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') throw typeError(value, field, 'string');
  return value;
}

function readInt(value: unknown, field: string): number {
  if (value === null || value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw typeError(value, field, 'int64');
  return value;
}

function readBool(value: unknown, field: string): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== 'boolean') throw typeError(value, field, 'bool');
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readSelector(value: unknown, field: string): BoundSelector {
  if (!isRecord(value)) throw typeError(value, field, 'models.ImmutableSelector');
  // `extras` is part of the swagger model (so it is type-checked) but not of the storage struct: dropped.
  readString(value.extras, `${field}.extras`);
  return {
    kind: readString(value.kind, `${field}.kind`),
    decoration: readString(value.decoration, `${field}.decoration`),
    pattern: readString(value.pattern, `${field}.pattern`),
  };
}

function syntaxMessage(text: string): string {
  const first = text.trimStart()[0];
  if (first !== undefined && !'{["-0123456789tfn'.includes(first)) return `invalid character '${first}' looking for beginning of value`;
  return 'unexpected end of JSON input';
}

/**
 * Decode a POST/PUT body as go-swagger does (`Content-Type` already checked), then copy it into the
 * storage struct. Throws the 422 Harbor answers for a missing or mistyped body.
 */
export function bindRuleBody(text: string): RuleMetadata {
  if (text.trim() === '') throw bindingError('ImmutableRule in body is required');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bindingError(`parsing ImmutableRule body from "" failed, because ${syntaxMessage(text)}`);
  }
  if (value === null) value = {};
  if (!isRecord(value)) throw typeError(value, '', 'models.ImmutableRule');

  let params: Record<string, unknown> | null = null;
  if (value.params !== undefined && value.params !== null) {
    if (!isRecord(value.params)) throw typeError(value.params, 'params', 'map[string]interface {}');
    params = Object.keys(value.params).length > 0 ? value.params : null;
  }

  let tagSelectors: Array<BoundSelector | null> | null = null;
  if (value.tag_selectors !== undefined && value.tag_selectors !== null) {
    if (!Array.isArray(value.tag_selectors)) throw typeError(value.tag_selectors, 'tag_selectors', '[]*models.ImmutableSelector');
    const list = value.tag_selectors.map((item) => (item === null ? null : readSelector(item, 'tag_selectors')));
    tagSelectors = list.length > 0 ? list : null;
  }

  let scopeSelectors: Record<string, BoundSelector[] | null> | null = null;
  if (value.scope_selectors !== undefined && value.scope_selectors !== null) {
    if (!isRecord(value.scope_selectors)) throw typeError(value.scope_selectors, 'scope_selectors', 'map[string][]models.ImmutableSelector');
    const map: Record<string, BoundSelector[] | null> = {};
    for (const [key, list] of Object.entries(value.scope_selectors)) {
      if (list === null) map[key] = null;
      else if (!Array.isArray(list)) throw typeError(list, `scope_selectors`, '[]models.ImmutableSelector');
      // Non-pointer elements: a JSON null becomes an empty selector.
      else map[key] = list.map((item) => (item === null ? { kind: '', decoration: '', pattern: '' } : readSelector(item, 'scope_selectors')));
    }
    scopeSelectors = Object.keys(map).length > 0 ? map : null;
  }

  return {
    id: readInt(value.id, 'id'),
    disabled: readBool(value.disabled, 'disabled'),
    priority: readInt(value.priority, 'priority'),
    action: readString(value.action, 'action'),
    template: readString(value.template, 'template'),
    params,
    tag_selectors: tagSelectors,
    scope_selectors: scopeSelectors,
  };
}

function selectorText(selector: BoundSelector | null): string {
  if (selector === null) return 'null';
  return goStruct([
    ['kind', goString(selector.kind)],
    ['decoration', goString(selector.decoration)],
    ['pattern', goString(selector.pattern)],
  ]);
}

/** The stored blob: `json.Marshal(Metadata)` in struct order, with the project id set by the handler. */
export function ruleBlob(metadata: RuleMetadata, projectId: number): string {
  const scopes = metadata.scope_selectors;
  const scopeText =
    scopes === null
      ? 'null'
      : '{' +
        Object.keys(scopes)
          .sort()
          .map((key) => {
            const list = scopes[key];
            return goString(key) + ':' + (list === null || list === undefined ? 'null' : '[' + list.map(selectorText).join(',') + ']');
          })
          .join(',') +
        '}';
  return goStruct([
    ['id', String(metadata.id)],
    ['project_id', String(projectId)],
    ['disabled', metadata.disabled ? 'true' : 'false'],
    ['priority', String(metadata.priority)],
    ['action', goString(metadata.action)],
    ['template', goString(metadata.template)],
    ['params', metadata.params === null ? 'null' : goAny(metadata.params)],
    ['tag_selectors', metadata.tag_selectors === null ? 'null' : '[' + metadata.tag_selectors.map(selectorText).join(',') + ']'],
    ['scope_selectors', scopeText],
  ]);
}

function listedSelector(selector: BoundSelector): ListedSelector {
  const out: ListedSelector = {};
  if (selector.decoration !== '') out.decoration = selector.decoration;
  if (selector.kind !== '') out.kind = selector.kind;
  if (selector.pattern !== '') out.pattern = selector.pattern;
  return out;
}

/**
 * The list endpoint's object for a stored rule: the blob decoded, `id` and `disabled` from the table's
 * columns, every empty field omitted (go-swagger `omitempty`). An empty scope list is written as null.
 */
export function listedRule(id: number, disabled: boolean, blob: string): ListedRule {
  const stored = JSON.parse(blob) as {
    priority?: number;
    action?: string;
    template?: string;
    params?: Record<string, unknown> | null;
    tag_selectors?: Array<BoundSelector | null> | null;
    scope_selectors?: Record<string, Array<BoundSelector | null> | null> | null;
  };
  const out: ListedRule = { id };
  if (stored.action) out.action = stored.action;
  if (disabled) out.disabled = true;
  if (stored.params && Object.keys(stored.params).length > 0) out.params = stored.params;
  if (stored.priority) out.priority = stored.priority;
  const scopes = stored.scope_selectors ?? {};
  if (Object.keys(scopes).length > 0) {
    const map: Record<string, ListedSelector[] | null> = {};
    for (const key of Object.keys(scopes).sort()) {
      const list = scopes[key] ?? [];
      map[key] = list.length === 0 ? null : list.map((s) => listedSelector(s ?? { kind: '', decoration: '', pattern: '' }));
    }
    out.scope_selectors = map;
  }
  const tags = stored.tag_selectors ?? [];
  if (tags.length > 0) {
    out.tag_selectors = tags.map((s) => {
      // Harbor dereferences each tag selector pointer: a stored null panics, the middleware answers 500.
      if (s === null) throw new HarborError(500, 'UNKNOWN', 'nil tag selector');
      return listedSelector(s);
    });
  }
  if (stored.template) out.template = stored.template;
  return out;
}
