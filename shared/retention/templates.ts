// Runs anywhere (pure).
/**
 * The rule templates Harbor registers for tag retention (src/pkg/retention/policy/rule/index/index.go),
 * what each keeps, and how its parameter is read (docs/harbor-retention.md §2). The parameter's name is
 * the template id; the server validates it when a policy is saved, the job reads it again leniently.
 */

/** What a template compares. */
export type TemplateKind =
  /** The k candidates with the greatest time (sorted with Go's sort.Slice, ties as Go leaves them). */
  | 'latest'
  /** Candidates whose time is at or after "run at" minus n days. */
  | 'within-days'
  /** Candidates pushed strictly after "run at" minus x days. */
  | 'after-days'
  /** Every candidate. */
  | 'always';

/** Which candidate time: the newest push, the newest pull, or whichever of the two is newer. */
export type TemplateTime = 'pushed' | 'pulled' | 'active';

export interface RetentionTemplate {
  readonly id: string;
  readonly kind: TemplateKind;
  readonly time: TemplateTime | null;
  /** The value the evaluator falls back to when the parameter is not a whole number >= 0. */
  readonly defaultValue: number | null;
  readonly unit: 'count' | 'days' | null;
  /** Harbor's words (the metadata API), or a description for templates the API does not offer. */
  readonly displayText: string;
  /** Offered by GET /retentions/metadatas and so by Harbor's web UI; the others work when sent by API. */
  readonly offered: boolean;
  /** Largest value the server accepts when saving (`Valid`), or null when it checks none. */
  readonly maximum: number | null;
}

const MAX_INT16 = 32767;
/** The day limit of nDaysSinceLastPush/Pull's validators (a date written as a number). */
const MAX_DAYS = 20190904;

export const RETENTION_TEMPLATES: readonly RetentionTemplate[] = [
  { id: 'latestPushedK', kind: 'latest', time: 'pushed', defaultValue: 10, unit: 'count', displayText: 'the most recently pushed # artifacts', offered: true, maximum: MAX_INT16 - 1 },
  { id: 'latestPulledN', kind: 'latest', time: 'pulled', defaultValue: 10, unit: 'count', displayText: 'the most recently pulled # artifacts', offered: true, maximum: MAX_INT16 - 1 },
  { id: 'nDaysSinceLastPush', kind: 'within-days', time: 'pushed', defaultValue: 30, unit: 'days', displayText: 'pushed within the last # days', offered: true, maximum: MAX_DAYS },
  { id: 'nDaysSinceLastPull', kind: 'within-days', time: 'pulled', defaultValue: 30, unit: 'days', displayText: 'pulled within the last # days', offered: true, maximum: MAX_DAYS },
  { id: 'always', kind: 'always', time: null, defaultValue: null, unit: null, displayText: 'always', offered: true, maximum: null },
  { id: 'latestActiveK', kind: 'latest', time: 'active', defaultValue: 10, unit: 'count', displayText: 'the most recently pushed or pulled # artifacts', offered: false, maximum: null },
  { id: 'lastXDays', kind: 'after-days', time: 'pushed', defaultValue: 10, unit: 'days', displayText: 'pushed more recently than # days ago', offered: false, maximum: null },
];

const BY_ID = new Map(RETENTION_TEMPLATES.map((template) => [template.id, template]));

export function retentionTemplate(id: string): RetentionTemplate | undefined {
  return BY_ID.get(id);
}

/** Go's `int(f)` for a float64 on amd64: truncation, and the minimum int64 when out of range. */
function goInt(value: number): number {
  if (!Number.isFinite(value) || Math.abs(value) >= 2 ** 63) return -(2 ** 63);
  return Math.trunc(value);
}

export type ParameterReading =
  /** index.Get refuses the rule: the repository's job fails. */
  | { readonly ok: false; readonly error: string }
  | { readonly ok: true; readonly value: number; readonly usedDefault: boolean };

/**
 * The parameter as the job reads it: the key must exist (index.Get), then a JSON number is truncated to
 * a whole number (utils.ParseJSONInt); anything else, or a negative number, gives the default.
 */
export function readParameter(template: RetentionTemplate, params: Readonly<Record<string, unknown>> | undefined): ParameterReading {
  if (template.defaultValue === null) return { ok: true, value: 0, usedDefault: false };
  if (params === undefined || !Object.hasOwn(params, template.id)) {
    return { ok: false, error: `missing required parameter ${template.id} for rule ${template.id}` };
  }
  const raw = params[template.id];
  if (typeof raw === 'number') {
    const value = goInt(raw);
    if (value >= 0) return { ok: true, value, usedDefault: false };
  }
  return { ok: true, value: template.defaultValue, usedDefault: true };
}

/** What the server says when a policy with this parameter is saved (the template's `Valid`), or null. */
export function parameterValidationProblem(template: RetentionTemplate, params: Readonly<Record<string, unknown>> | undefined): string | null {
  if (template.defaultValue === null) return null;
  if (params === undefined || !Object.hasOwn(params, template.id)) return `missing required parameter ${template.id} for rule ${template.id}`;
  if (template.maximum === null) return null;
  const raw = params[template.id];
  if (typeof raw !== 'number') return `${template.id} type error`;
  const value = goInt(raw);
  if (value < 0) return `${template.id} is less than zero`;
  if (value > template.maximum) return `${template.id} is too large`;
  return null;
}
