// Test helper (Node): a tag-retention policy as Harbor stores and answers it (docs/harbor-retention.md,
// "How Taglock reads the policy").
//
// - Stored: the JSON of Harbor's own policy model (`policy.Metadata`, `rule.Metadata`, `rule.Selector`),
//   every field written, zero values included, in the structs' field order; `scope` is the project.
// - Answered by `GET /retentions/{id}`: that JSON read back, the id set, a `Schedule` trigger with a cron
//   given `next_scheduled_time`, then copied into the swagger model, whose fields go-swagger writes in
//   alphabetical order and leaves out when zero (`disabled: false`, `priority: 0`, empty `extras`, ...).
import { goAny } from './go-json.js';
import type { RetentionPolicyOption } from './types.js';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const whole = (value: unknown): number => (typeof value === 'number' && Number.isSafeInteger(value) ? value : 0);

function storedSelector(value: unknown): Json {
  const selector = isRecord(value) ? value : {};
  return { kind: text(selector.kind), decoration: text(selector.decoration), pattern: text(selector.pattern), extras: text(selector.extras) };
}

function storedRule(value: unknown): Json {
  const rule = isRecord(value) ? value : {};
  const scopes = isRecord(rule.scope_selectors) ? rule.scope_selectors : null;
  return {
    id: whole(rule.id),
    priority: whole(rule.priority),
    disabled: rule.disabled === true,
    action: text(rule.action),
    template: text(rule.template),
    params: isRecord(rule.params) ? { ...rule.params } : null,
    tag_selectors: Array.isArray(rule.tag_selectors) ? rule.tag_selectors.map(storedSelector) : null,
    scope_selectors: scopes === null ? null : Object.fromEntries(Object.entries(scopes).map(([key, list]) => [key, Array.isArray(list) ? list.map(storedSelector) : null])),
  };
}

/** The `data` column of a new policy of project `projectId` (Go's json.Marshal of the model, so maps sorted). */
export function retentionBlob(option: RetentionPolicyOption, projectId: number): string {
  const trigger = option.trigger ?? { kind: 'Schedule', settings: { cron: '' } };
  return goAny({
    id: 0,
    algorithm: option.algorithm ?? 'or',
    rules: (option.rules ?? []).map(storedRule),
    trigger: { kind: trigger.kind ?? '', settings: trigger.settings ?? null },
    scope: { level: 'project', ref: projectId },
  });
}

/** The next time a daily cron (`s m h * * *`, seconds first as Harbor's parser reads it) fires after `now`. */
export function nextDailyRun(cron: string, now: number): string {
  const fields = cron.trim().split(/\s+/);
  const [s, m, h] = fields.slice(0, 3).map(Number);
  const daily = fields.length === 6 && fields.slice(3).every((f) => f === '*') && [s, m, h].every((n) => Number.isInteger(n));
  if (!daily) throw new Error(`harbor-server: retention cron ${JSON.stringify(cron)} is not modelled (only "s m h * * *")`);
  const day = new Date(now);
  let next = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h!, m!, s!);
  if (next <= now) next += 86_400_000;
  return new Date(next).toISOString();
}

/** Fields that are pointers or `interface{}` in the swagger model: left out only when nil. */
const NIL_ONLY = new Set(['scope', 'trigger', 'settings']);

/** Keys in go-swagger's field order (alphabetical), zero values left out (omitempty). */
function swaggerObject(fields: Json): Json {
  const out: Json = {};
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    const zero = value === '' || value === 0 || value === false || (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);
    if (!zero || NIL_ONLY.has(key)) out[key] = value;
  }
  return out;
}

/** Go map keys are written sorted. */
const sortedMap = (map: Json): Json => Object.fromEntries(Object.keys(map).sort().map((key) => [key, map[key]]));

function answerSelector(selector: Json): Json {
  return swaggerObject(selector);
}

function answerRule(rule: Json): Json {
  const scopes = isRecord(rule.scope_selectors) ? rule.scope_selectors : null;
  return swaggerObject({
    ...rule,
    params: isRecord(rule.params) ? sortedMap(rule.params) : null,
    tag_selectors: Array.isArray(rule.tag_selectors) ? (rule.tag_selectors as Json[]).map(answerSelector) : null,
    scope_selectors: scopes === null ? null : sortedMap(Object.fromEntries(Object.entries(scopes).map(([key, list]) => [key, Array.isArray(list) ? (list as Json[]).map(answerSelector) : null]))),
  });
}

/** What `GET /retentions/{id}` answers for a stored policy at time `now`. */
export function retentionAnswer(blob: string, id: number, now: number): Json {
  const stored = JSON.parse(blob) as Json;
  const trigger = isRecord(stored.trigger) ? stored.trigger : null;
  let settings = trigger !== null && isRecord(trigger.settings) ? { ...trigger.settings } : null;
  const cron = settings?.cron;
  if (trigger?.kind === 'Schedule' && settings !== null && typeof cron === 'string' && cron.length > 0) settings.next_scheduled_time = nextDailyRun(cron, now);
  if (settings !== null) settings = sortedMap(settings);
  const scope = isRecord(stored.scope) ? stored.scope : null;
  return swaggerObject({
    algorithm: stored.algorithm,
    id,
    rules: Array.isArray(stored.rules) ? (stored.rules as Json[]).map(answerRule) : null,
    scope: scope === null ? null : swaggerObject(scope),
    trigger: trigger === null ? null : swaggerObject({ kind: trigger.kind, settings }),
  });
}
