// Runs anywhere (pure).
/**
 * The Harbor Terraform provider's conversion of a `harbor_immutable_tag_rule` into the rule Harbor
 * stores, exactly as provider v3.12.4 does it (docs/terraform-provider.md), with a note wherever the
 * result differs from what the configuration appears to say.
 */
import type { ImmutableRule } from '../rules/model.js';
import { IMMUTABLE_ACTION, IMMUTABLE_TEMPLATE, SELECTOR_KIND } from '../rules/model.js';
import { hasCommaOutsideBraces } from '../lint/comma-list.js';

/** The resource's rule attributes; an empty string is "not set", as the provider tests `!= ""`. */
export interface ProviderRuleFields {
  disabled: boolean;
  repoMatching: string;
  repoExcluding: string;
  tagMatching: string;
  tagExcluding: string;
}

export type MeaningNoteCode = 'both-tag-fields' | 'both-repository-fields' | 'comma-list-without-braces' | 'no-repository-field' | 'no-tag-field';

export interface MeaningNote {
  code: MeaningNoteCode;
  message: string;
}

interface PairResult {
  decoration: string;
  pattern: string;
  note: MeaningNote | null;
}

/**
 * One pair of fields. The provider tests the matching field first and, when it is set, clears the
 * excluding field before reading it, so the matching field wins.
 */
function convertPair(matching: string, excluding: string, names: { matching: string; excluding: string; decorations: [string, string]; both: MeaningNoteCode; none: MeaningNoteCode; what: string }): PairResult {
  if (matching !== '') {
    const note =
      excluding === ''
        ? null
        : {
            code: names.both,
            message: `both ${names.matching} and ${names.excluding} are set: the provider sends only ${names.matching} = ${JSON.stringify(matching)}; ${names.excluding} = ${JSON.stringify(excluding)} is dropped (and shows as a change on every plan).`,
          };
    return { decoration: names.decorations[0], pattern: matching, note };
  }
  if (excluding !== '') return { decoration: names.decorations[1], pattern: excluding, note: null };
  return {
    decoration: '',
    pattern: '',
    note: {
      code: names.none,
      message: `neither ${names.matching} nor ${names.excluding} is set: the provider sends a ${names.what} selector with an empty decoration, which fails on every evaluation in Harbor and stops the rules after it.`,
    },
  };
}

function commaNote(field: string, pattern: string): MeaningNote {
  return {
    code: 'comma-list-without-braces',
    message: `${field} = ${JSON.stringify(pattern)} is sent verbatim, without braces: Harbor reads it as one name containing commas, not a list; write ${JSON.stringify(`{${pattern}}`)} for a list.`,
  };
}

export function ruleFromProviderFields(fields: ProviderRuleFields, ids: { id: number | null; projectId?: number } = { id: null }): { rule: ImmutableRule; notes: MeaningNote[] } {
  const repository = convertPair(fields.repoMatching, fields.repoExcluding, {
    matching: 'repo_matching',
    excluding: 'repo_excluding',
    decorations: ['repoMatches', 'repoExcludes'],
    both: 'both-repository-fields',
    none: 'no-repository-field',
    what: 'repository',
  });
  const tag = convertPair(fields.tagMatching, fields.tagExcluding, {
    matching: 'tag_matching',
    excluding: 'tag_excluding',
    decorations: ['matches', 'excludes'],
    both: 'both-tag-fields',
    none: 'no-tag-field',
    what: 'tag',
  });
  const notes: MeaningNote[] = [];
  for (const [result, matchingName, excludingName] of [
    [repository, 'repo_matching', 'repo_excluding'],
    [tag, 'tag_matching', 'tag_excluding'],
  ] as const) {
    if (result.note) notes.push(result.note);
    if (result.pattern !== '' && hasCommaOutsideBraces(result.pattern)) {
      notes.push(commaNote(result.decoration.toLowerCase().endsWith('matches') ? matchingName : excludingName, result.pattern));
    }
  }
  const rule: ImmutableRule = {
    id: ids.id,
    disabled: fields.disabled,
    priority: 0,
    action: IMMUTABLE_ACTION,
    template: IMMUTABLE_TEMPLATE,
    repositorySelectors: [{ kind: SELECTOR_KIND, decoration: repository.decoration, pattern: repository.pattern }],
    tagSelectors: [{ kind: SELECTOR_KIND, decoration: tag.decoration, pattern: tag.pattern }],
    ...(ids.projectId !== undefined ? { projectId: ids.projectId } : {}),
  };
  return { rule, notes };
}

/** `/projects/4/immutabletagrules/25` → project 4, rule 25 (the provider's resource and import id). */
export function parseRuleResourceId(id: string): { projectId: number; ruleId: number } | null {
  const match = /^\/projects\/(\d+)\/immutabletagrules\/(\d+)$/.exec(id);
  if (!match) return null;
  const projectId = Number(match[1]);
  const ruleId = Number(match[2]);
  return Number.isSafeInteger(projectId) && Number.isSafeInteger(ruleId) ? { projectId, ruleId } : null;
}

export function ruleResourceId(projectId: number, ruleId: number): string {
  return `/projects/${projectId}/immutabletagrules/${ruleId}`;
}

/** `4`, `"4"` or `"/projects/4"` (what the provider accepts as project_id) → 4. */
export function parseProjectIdValue(value: string | number): number | null {
  const text = String(value);
  const match = /^(?:\/projects\/)?(\d+)$/.exec(text);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : null;
}
