// Runs anywhere (pure).
/** A `harbor_immutable_tag_rule` instance read from Terraform, converted or explained. */
import type { ImmutableRule } from '../rules/model.js';
import type { MeaningNote } from './provider-rule.js';

export const RULE_RESOURCE_TYPE = 'harbor_immutable_tag_rule';

export interface ProjectOfRule {
  /** Harbor's project name, when the configuration or state says it. */
  name: string | null;
  /** Harbor's numeric project id, when known. */
  id: number | null;
  /** `project_id` as written, for messages. */
  expression: string;
}

export interface ImportedRule {
  /** Terraform address, e.g. `harbor_immutable_tag_rule.keep["shop"]`. */
  address: string;
  /** The file it was read from. */
  file: string;
  /** Null when project_id could not be worked out (see `unresolved`). */
  project: ProjectOfRule | null;
  /** The rule Harbor would store; null when one of its attributes could not be worked out. */
  rule: ImmutableRule | null;
  /** Where the provider makes Harbor's rule differ from what the configuration appears to say. */
  notes: MeaningNote[];
  /** What could not be worked out, one sentence each. */
  unresolved: string[];
}

export interface TerraformImport {
  rules: ImportedRule[];
  /** About the input as a whole: modules not followed, instances that could not be expanded. */
  problems: string[];
}

/** `harbor_immutable_tag_rule.keep["shop"]`, `….keep[0]` or `….keep`. */
export function instanceAddress(type: string, name: string, key: string | number | null): string {
  const base = `${type}.${name}`;
  if (key === null) return base;
  return typeof key === 'number' ? `${base}[${key}]` : `${base}[${JSON.stringify(key)}]`;
}

/** Addresses compared as Terraform does: spacing inside brackets does not matter. */
export function normalizeAddress(address: string): string {
  return address.replace(/\s+/g, '');
}
