// Runs in Node (tests).
/**
 * The contract's argument checks, compiled from method-schemas.ts: every method has one, well-formed
 * calls pass untouched, and each kind of malformed call is refused as bad-input naming the field.
 */
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../../shared/contract/api.js';
import type { MethodName } from '../../../shared/contract/api.js';
import { createDispatcher } from '../../../shared/contract/dispatch.js';
import { METHOD_ARGUMENTS } from '../../../shared/contract/method-schemas.js';
import { TERRAFORM_INPUT_LIMITS } from '../../../shared/contract/terraform-input.js';
import { validateArgs } from '../../../shared/contract/validate-args.js';
import { TaglockError } from '../../../shared/errors.js';

const rule = {
  action: 'immutable',
  template: 'immutable_template',
  tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v*' }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
};
const ref = { connectionId: 'c1' };
const draft = { scope: { registry: 'https://harbor.example', project: 'payments', projectId: 7 }, savedAt: '2026-12-06T10:00:00Z', rules: [rule], labels: ['#1'], nextLabel: 0 };
const connection = { name: 'prod', url: 'https://harbor.example', kind: 'harbor', username: null, caFile: null, insecure: false, projects: ['payments'] };

/** One well-formed call per method: the table must cover them all (checked below). */
const GOOD: Record<MethodName, unknown[]> = {
  appInfo: [],
  listConnections: [],
  saveConnection: [{ ...connection, secret: 's3cret' }],
  removeConnection: ['c1'],
  testConnection: [{ ...ref, secret: 'typed once' }],
  listProjects: [ref],
  listSnapshots: [],
  loadSnapshotIndex: ['s1'],
  fetchSnapshot: [{ ...ref, projects: ['payments'], name: 'Before the change' }],
  cancelFetch: ['job-1'],
  importSnapshot: [{ fileName: 'a.json', text: '{}' }],
  exportSnapshot: ['s1'],
  deleteSnapshot: ['s1'],
  pullRules: [{ ...ref, project: 'payments' }],
  planPublish: [{ ...ref, project: 'payments', rules: [rule, { ...rule, id: 3, disabled: true, priority: 0 }] }],
  applyPublish: [{ ...ref, project: 'payments', rules: [], remoteFingerprint: 'abc', force: false }],
  publishHistory: [],
  openTerraform: [{ files: [{ name: 'main.tf', text: 'resource "harbor_project" "main" {}\n' }, { name: 'terraform.tfvars', text: '' }], knownProjects: [{ name: 'payments', id: 7 }, { name: 'shop', id: null }] }],
  loadWorkspace: [],
  saveWorkspace: [{ drafts: [draft], lastSnapshot: null }],
};

function refusal(method: MethodName, args: unknown): string {
  try {
    validateArgs(method, args);
  } catch (error) {
    expect(error).toBeInstanceOf(TaglockError);
    expect((error as TaglockError).code).toBe('bad-input');
    return (error as Error).message;
  }
  throw new Error(`${method} accepted ${JSON.stringify(args)}`);
}

describe('contract argument schemas', () => {
  it('METHODS is the schema table: every method has a schema, and nothing else is a method', () => {
    expect([...METHODS].sort()).toEqual(Object.keys(METHOD_ARGUMENTS).sort());
    expect(Object.keys(GOOD).sort()).toEqual([...METHODS].sort());
  });

  it.each(Object.entries(GOOD))('%s accepts a well-formed call and hands it on unchanged', (method, args) => {
    const copy = structuredClone(args);
    expect(validateArgs(method as MethodName, args)).toBe(args);
    expect(args).toEqual(copy);
  });

  it('accepts null where a field may be null, and a missing optional field', () => {
    expect(() => validateArgs('saveConnection', [{ ...connection, id: null, secret: null }])).not.toThrow();
    expect(() => validateArgs('saveWorkspace', [{ drafts: [{ ...draft, scope: { ...draft.scope, projectId: null } }], lastSnapshot: 's1' }])).not.toThrow();
  });

  it('refuses the wrong number of arguments, or arguments that are not a list', () => {
    expect(refusal('loadSnapshotIndex', [])).toBe('loadSnapshotIndex takes 1 argument(s), got 0');
    expect(refusal('loadSnapshotIndex', ['a', 'b'])).toBe('loadSnapshotIndex takes 1 argument(s), got 2');
    expect(refusal('appInfo', [1])).toBe('appInfo takes 0 argument(s), got 1');
    expect(refusal('appInfo', { 0: 1 })).toBe('appInfo: arguments must be a list');
  });

  it('names the bad field, however deep', () => {
    expect(refusal('removeConnection', [7])).toBe('removeConnection argument 1 must be a string');
    expect(refusal('saveConnection', [{ ...connection, insecure: 'no' }])).toBe('saveConnection argument 1.insecure must be true or false');
    expect(refusal('saveConnection', [{ ...connection, kind: 'quay' }])).toBe('saveConnection argument 1.kind must be one of "harbor", "oci", "auto"');
    expect(refusal('saveConnection', [{ ...connection, username: undefined }])).toBe('saveConnection argument 1.username is missing');
    expect(refusal('fetchSnapshot', [{ ...ref, projects: 'payments' }])).toBe('fetchSnapshot argument 1.projects must be a list');
    expect(refusal('saveWorkspace', [{ drafts: [{ ...draft, nextLabel: -1 }], lastSnapshot: null }])).toBe('saveWorkspace argument 1.drafts[0].nextLabel must be a whole number');
    expect(refusal('saveWorkspace', [{ drafts: [{ ...draft, nextLabel: 1.5 }], lastSnapshot: null }])).toBe('saveWorkspace argument 1.drafts[0].nextLabel must be a whole number');
    expect(refusal('planPublish', [{ ...ref, project: 'payments', rules: [{ ...rule, tag_selectors: [{ kind: 'doublestar', pattern: 'v*' }] }] }])).toBe(
      'planPublish argument 1.rules[0].tag_selectors[0].decoration is missing',
    );
    expect(refusal('planPublish', [{ ...ref, project: 'payments', rules: [{ ...rule, scope_selectors: { repository: 'x' } }] }])).toBe(
      'planPublish argument 1.rules[0].scope_selectors.repository must be a list',
    );
    expect(refusal('applyPublish', [{ ...ref, project: 'payments', rules: [], remoteFingerprint: 'abc', force: 1 }])).toBe('applyPublish argument 1.force must be true or false');
    expect(refusal('importSnapshot', [null])).toBe('importSnapshot argument 1 must be an object');
  });

  it('refuses Terraform files that are no plain name, too many, too long, or with unknown fields', () => {
    const call = (files: unknown, knownProjects: unknown = []) => refusal('openTerraform', [{ files, knownProjects }]);
    const file = (name: string, text = '') => ({ name, text });
    const folderRefusal = 'must be a file name without a folder (no / or \\, not . or ..)';
    expect(call([file('../main.tf')])).toBe(`openTerraform argument 1.files[0].name ${folderRefusal}`);
    expect(call([file('main.tf'), file('modules/rules.tf')])).toBe(`openTerraform argument 1.files[1].name ${folderRefusal}`);
    expect(call([file('C:\\infra\\main.tf')])).toBe(`openTerraform argument 1.files[0].name ${folderRefusal}`);
    expect(call([file('..')])).toBe(`openTerraform argument 1.files[0].name ${folderRefusal}`);
    expect(call([file('main\u0000.tf')])).toBe(`openTerraform argument 1.files[0].name ${folderRefusal}`);
    expect(call([file('')])).toBe('openTerraform argument 1.files[0].name must not be empty');
    expect(call([file(`${'a'.repeat(256)}.tf`)])).toBe('openTerraform argument 1.files[0].name must be at most 255 characters long');
    expect(call([file('main.tf', 'x'.repeat(TERRAFORM_INPUT_LIMITS.fileChars + 1))])).toBe(`openTerraform argument 1.files[0].text must be at most ${TERRAFORM_INPUT_LIMITS.fileChars} characters long`);
    expect(call(Array.from({ length: TERRAFORM_INPUT_LIMITS.files + 1 }, (_, i) => file(`f${i}.tf`)))).toBe(`openTerraform argument 1.files must hold at most ${TERRAFORM_INPUT_LIMITS.files} items`);
    expect(call([])).toBe('openTerraform argument 1.files must hold at least 1 item(s)');
    expect(call([{ name: 'main.tf', text: '', path: '/etc/passwd' }])).toBe('openTerraform argument 1.files[0] has a field it may not have: "path"');
    expect(call([{ name: 'main.tf', text: 7 }])).toBe('openTerraform argument 1.files[0].text must be a string');
    expect(call([file('main.tf')], [{ name: 'shop', id: -1 }])).toBe('openTerraform argument 1.knownProjects[0].id must be a whole number');
    expect(refusal('openTerraform', [{ files: [file('main.tf')] }])).toBe('openTerraform argument 1.knownProjects is missing');
  });

  it('the dispatcher answers a malformed call as bad-input data, without reaching the service', async () => {
    let reached = 0;
    const services = new Proxy({}, { get: () => () => { reached += 1; return Promise.resolve('ran'); } });
    const dispatch = createDispatcher(services as never);
    expect(await dispatch('loadSnapshotIndex', [42])).toEqual({ ok: false, error: { code: 'bad-input', message: 'loadSnapshotIndex argument 1 must be a string' } });
    expect(await dispatch('toString', [])).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(reached).toBe(0);
    expect(await dispatch('loadSnapshotIndex', ['s1'])).toEqual({ ok: true, value: 'ran' });
    expect(reached).toBe(1);
  });
});
