// Runs anywhere (pure).
/**
 * Harbor's tag-retention policy as `GET /api/v2.0/retentions/{id}` returns it: the swagger definitions
 * RetentionPolicy, RetentionRule, RetentionSelector, RetentionRuleTrigger and RetentionPolicyScope
 * (test/fixtures/harbor/swagger-v2.15.2.yaml), field names and all. Every field is optional there, and the
 * server leaves zero values out (`disabled: false`, `priority: 0`, empty `extras`), so none is required
 * here either; what an absent field means is decided where the policy is compiled (compile.ts), as Go's
 * zero values.
 *
 * `parseRetentionPolicy` reads one tolerantly: `null` counts as absent (Go decodes it so), unknown fields
 * are ignored, and anything that cannot be Harbor's shape is reported with the path of the bad field.
 */
import { TaglockError } from '../errors.js';

export interface RetentionSelector {
  kind?: string;
  decoration?: string;
  pattern?: string;
  /** A JSON text; for tag selectors `{"untagged": true|false}` (selector.ts). */
  extras?: string;
}

export interface RetentionRule {
  id?: number;
  priority?: number;
  disabled?: boolean;
  action?: string;
  template?: string;
  /** Keyed by the template id (`{"latestPushedK": 10}`); values as the JSON holds them. */
  params?: Record<string, unknown>;
  tag_selectors?: RetentionSelector[];
  /** `repository` is the key Harbor reads for a project policy. */
  scope_selectors?: Record<string, RetentionSelector[]>;
}

export interface RetentionRuleTrigger {
  kind?: string;
  settings?: Record<string, unknown>;
  references?: Record<string, unknown>;
}

export interface RetentionPolicyScope {
  level?: string;
  ref?: number;
}

export interface RetentionPolicy {
  id?: number;
  algorithm?: string;
  rules?: RetentionRule[];
  trigger?: RetentionRuleTrigger;
  scope?: RetentionPolicyScope;
}

/** A policy object that is not Harbor's shape: unusable input wherever it comes from. */
export class RetentionPolicyFormatError extends TaglockError {
  constructor(readonly path: string, detail: string) {
    super('bad-input', `${path}: ${detail}`);
    this.name = 'RetentionPolicyFormatError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

const absent = (value: unknown): boolean => value === undefined || value === null;

function readString(value: unknown, path: string): string | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'string') throw new RetentionPolicyFormatError(path, `expected a string, got ${describe(value)}`);
  return value;
}

function readInteger(value: unknown, path: string): number | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new RetentionPolicyFormatError(path, `expected a whole number, got ${describe(value)}`);
  return value;
}

function readBoolean(value: unknown, path: string): boolean | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'boolean') throw new RetentionPolicyFormatError(path, `expected true or false, got ${describe(value)}`);
  return value;
}

function readObject(value: unknown, path: string): Record<string, unknown> | undefined {
  if (absent(value)) return undefined;
  if (!isRecord(value)) throw new RetentionPolicyFormatError(path, `expected an object, got ${describe(value)}`);
  return { ...value };
}

/** Copies the fields that are present, leaving absent ones out (so a round trip adds nothing). */
function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}

function readSelector(value: unknown, path: string): RetentionSelector {
  if (!isRecord(value)) throw new RetentionPolicyFormatError(path, `expected a selector object, got ${describe(value)}`);
  return defined({
    kind: readString(value.kind, `${path}.kind`),
    decoration: readString(value.decoration, `${path}.decoration`),
    pattern: readString(value.pattern, `${path}.pattern`),
    extras: readString(value.extras, `${path}.extras`),
  });
}

function readSelectorList(value: unknown, path: string): RetentionSelector[] | undefined {
  if (absent(value)) return undefined;
  if (!Array.isArray(value)) throw new RetentionPolicyFormatError(path, `expected a list of selectors, got ${describe(value)}`);
  return value.map((item, i) => readSelector(item, `${path}[${i}]`));
}

function readScopeSelectors(value: unknown, path: string): Record<string, RetentionSelector[]> | undefined {
  const scopes = readObject(value, path);
  if (scopes === undefined) return undefined;
  const out: Record<string, RetentionSelector[]> = {};
  for (const [key, list] of Object.entries(scopes)) {
    const selectors = readSelectorList(list, `${path}.${key}`);
    if (selectors !== undefined) out[key] = selectors;
  }
  return out;
}

/** One rule object. `path` names it in messages, e.g. `policy.rules[3]`. */
export function parseRetentionRule(value: unknown, path = 'rule'): RetentionRule {
  if (!isRecord(value)) throw new RetentionPolicyFormatError(path, `expected a rule object, got ${describe(value)}`);
  return defined({
    id: readInteger(value.id, `${path}.id`),
    priority: readInteger(value.priority, `${path}.priority`),
    disabled: readBoolean(value.disabled, `${path}.disabled`),
    action: readString(value.action, `${path}.action`),
    template: readString(value.template, `${path}.template`),
    params: readObject(value.params, `${path}.params`),
    tag_selectors: readSelectorList(value.tag_selectors, `${path}.tag_selectors`),
    scope_selectors: readScopeSelectors(value.scope_selectors, `${path}.scope_selectors`),
  });
}

/** A whole policy, as the GET /retentions/{id} answer or a file holding it. */
export function parseRetentionPolicy(value: unknown, path = 'policy'): RetentionPolicy {
  if (!isRecord(value)) throw new RetentionPolicyFormatError(path, `expected a retention policy object, got ${describe(value)}`);
  let rules: RetentionRule[] | undefined;
  if (!absent(value.rules)) {
    if (!Array.isArray(value.rules)) throw new RetentionPolicyFormatError(`${path}.rules`, `expected a list of rules, got ${describe(value.rules)}`);
    rules = value.rules.map((rule, i) => parseRetentionRule(rule, `${path}.rules[${i}]`));
  }
  const trigger = readObject(value.trigger, `${path}.trigger`);
  const scope = readObject(value.scope, `${path}.scope`);
  return defined({
    id: readInteger(value.id, `${path}.id`),
    algorithm: readString(value.algorithm, `${path}.algorithm`),
    rules,
    trigger:
      trigger === undefined
        ? undefined
        : defined({
            kind: readString(trigger.kind, `${path}.trigger.kind`),
            settings: readObject(trigger.settings, `${path}.trigger.settings`),
            references: readObject(trigger.references, `${path}.trigger.references`),
          }),
    scope: scope === undefined ? undefined : defined({ level: readString(scope.level, `${path}.scope.level`), ref: readInteger(scope.ref, `${path}.scope.ref`) }),
  });
}
