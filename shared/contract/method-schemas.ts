// Runs anywhere (pure).
/**
 * The arguments of every contract method, as JSON Schema: one schema per method, checked against the
 * method's TypeScript signature by Ajv's `JSONSchemaType` (a schema that drifts from `TaglockApi` does
 * not compile), and written as a mapped type over `MethodName`, so a method added to the interface
 * without a schema does not compile either. `METHODS` is derived from this table.
 *
 * The schemas check shape only. Rules are checked for Harbor's wire shape here; what a rule means
 * (patterns, kinds) is judged by the parsers the services use.
 */
import type { JSONSchemaType } from 'ajv';
import type { WireRule, WireSelector } from '../rules/wire.js';
import type { Args, ConnectionInput, ConnectionRef, KnownProjectView, MethodName, SavedDraftView, TerraformFileInput, WorkspaceView } from './api.js';
import { TERRAFORM_INPUT_LIMITS } from './terraform-input.js';

const text = { type: 'string' } as const;
const count = { type: 'integer', minimum: 0 } as const;
/** Optional fields (`?: string`) and nullable ones say `nullable: true`. */
const maybeText = { type: 'string', nullable: true } as const;
/**
 * Ajv's types accept `nullable: true` only on optional fields, not on required `T | null` ones (a known
 * gap in its typings); at run time `nullable: true` means exactly "T or null", so these two are cast once.
 */
const textOrNull = maybeText as unknown as typeof text;
const countOrNull = { ...count, nullable: true } as unknown as typeof count;
const textList = { type: 'array', items: text } as const;

const selector: JSONSchemaType<WireSelector> = {
  type: 'object',
  properties: { kind: text, decoration: text, pattern: text, extras: maybeText },
  required: ['kind', 'decoration', 'pattern'],
};

const rule: JSONSchemaType<WireRule> = {
  type: 'object',
  properties: {
    id: { ...count, nullable: true },
    project_id: { ...count, nullable: true },
    disabled: { type: 'boolean', nullable: true },
    priority: { type: 'integer', nullable: true },
    action: text,
    template: text,
    tag_selectors: { type: 'array', items: selector },
    scope_selectors: { type: 'object', required: [], additionalProperties: { type: 'array', items: selector } },
  },
  required: ['action', 'template', 'tag_selectors', 'scope_selectors'],
};
const rules = { type: 'array', items: rule } as const;

const connectionInput: JSONSchemaType<ConnectionInput> = {
  type: 'object',
  properties: {
    id: maybeText,
    name: text,
    url: text,
    kind: { type: 'string', enum: ['harbor', 'oci', 'auto'] },
    username: textOrNull,
    caFile: textOrNull,
    insecure: { type: 'boolean' },
    projects: textList,
    tokenRealms: { ...textList, nullable: true },
    secret: maybeText,
  },
  required: ['name', 'url', 'kind', 'username', 'caFile', 'insecure', 'projects'],
};

const refProperties = { connectionId: text, secret: maybeText } as const;
const refRequired = ['connectionId'] as const;
const connectionRef: JSONSchemaType<ConnectionRef> = { type: 'object', properties: refProperties, required: [...refRequired] };

const savedDraft: JSONSchemaType<SavedDraftView> = {
  type: 'object',
  properties: {
    scope: {
      type: 'object',
      properties: { registry: text, project: text, projectId: countOrNull },
      required: ['registry', 'project', 'projectId'],
    },
    savedAt: text,
    rules,
    labels: textList,
    nextLabel: count,
  },
  required: ['scope', 'savedAt', 'rules', 'labels', 'nextLabel'],
};

const workspace: JSONSchemaType<WorkspaceView> = {
  type: 'object',
  properties: { drafts: { type: 'array', items: savedDraft }, lastSnapshot: textOrNull },
  required: ['drafts', 'lastSnapshot'],
};

const terraformFile: JSONSchemaType<TerraformFileInput> = {
  type: 'object',
  properties: {
    // A name only: no folder, so nothing the page sends can name a path on this computer.
    name: { type: 'string', minLength: 1, maxLength: TERRAFORM_INPUT_LIMITS.nameChars, pattern: '^(?!\\.{1,2}$)[^/\\\\\\u0000]+$' },
    text: { type: 'string', maxLength: TERRAFORM_INPUT_LIMITS.fileChars },
  },
  required: ['name', 'text'],
  additionalProperties: false,
};

const knownProject: JSONSchemaType<KnownProjectView> = {
  type: 'object',
  properties: { name: text, id: countOrNull },
  required: ['name', 'id'],
};

/** A schema for an argument list: the items in order, nothing more, nothing less. */
type ArgsSchema<M extends MethodName> = JSONSchemaType<Args<M>>;
const none = { type: 'array', maxItems: 0 } as unknown as JSONSchemaType<[]>;
function args<A extends unknown[]>(...items: { [K in keyof A]: JSONSchemaType<A[K]> }): JSONSchemaType<A> {
  return { type: 'array', items, minItems: items.length, maxItems: items.length } as unknown as JSONSchemaType<A>;
}

export const METHOD_ARGUMENTS: { readonly [M in MethodName]: ArgsSchema<M> } = {
  appInfo: none,
  listConnections: none,
  saveConnection: args(connectionInput),
  removeConnection: args<[string]>(text),
  testConnection: args(connectionRef),
  listProjects: args(connectionRef),
  listSnapshots: none,
  loadSnapshotIndex: args<[string]>(text),
  fetchSnapshot: args<Args<'fetchSnapshot'>>({
    type: 'object',
    properties: { ...refProperties, projects: textList, name: maybeText },
    required: [...refRequired, 'projects'],
  }),
  cancelFetch: args<[string]>(text),
  importSnapshot: args<Args<'importSnapshot'>>({ type: 'object', properties: { fileName: text, text }, required: ['fileName', 'text'] }),
  exportSnapshot: args<[string]>(text),
  deleteSnapshot: args<[string]>(text),
  pullRules: args<Args<'pullRules'>>({ type: 'object', properties: { ...refProperties, project: text }, required: [...refRequired, 'project'] }),
  planPublish: args<Args<'planPublish'>>({
    type: 'object',
    properties: { ...refProperties, project: text, rules },
    required: [...refRequired, 'project', 'rules'],
  }),
  applyPublish: args<Args<'applyPublish'>>({
    type: 'object',
    properties: { ...refProperties, project: text, rules, remoteFingerprint: text, force: { type: 'boolean' } },
    required: [...refRequired, 'project', 'rules', 'remoteFingerprint', 'force'],
  }),
  publishHistory: none,
  openTerraform: args<Args<'openTerraform'>>({
    type: 'object',
    properties: {
      files: { type: 'array', items: terraformFile, minItems: 1, maxItems: TERRAFORM_INPUT_LIMITS.files },
      knownProjects: { type: 'array', items: knownProject, maxItems: 10_000 },
    },
    required: ['files', 'knownProjects'],
  }),
  loadWorkspace: none,
  saveWorkspace: args(workspace),
};
