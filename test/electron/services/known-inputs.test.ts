// Every failure a user or a server can cause is a TaglockError with a stable code: known bad inputs sent
// through the contract's dispatcher never reach `internal` (which is kept for real bugs).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../shared/contract/dispatch.js';
import { composeServices } from '../../../electron/services/compose.js';
import { confStore } from '../../../electron/services/connections/conf-store.js';
import type { HarborServer } from '../../support/harbor-server/index.js';
import { ADMIN, startShop } from '../../support/harbor-fixture.js';

let server: HarborServer;
const unexpected: unknown[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'taglock-known-inputs-'));
const services = composeServices({ dataDir, shell: 'browser', store: confStore({ cwd: dataDir }), cipher: null, emit: () => undefined });
const dispatch = createDispatcher(services, (error) => unexpected.push(error));
let connectionId = '';

beforeAll(async () => {
  server = await startShop();
  const saved = await dispatch('saveConnection', [{ name: 'shop', url: server.url, kind: 'harbor', username: ADMIN.username, caFile: null, insecure: false, projects: ['shop'], secret: ADMIN.password }]);
  if (!saved.ok) throw new Error(saved.error.message);
  connectionId = (saved.value as { id: string }).id;
});
afterAll(async () => {
  await server.close();
});

const BAD_INPUTS: [string, () => [string, unknown[]]][] = [
  ['a malformed rule to plan', () => ['planPublish', [{ connectionId, project: 'shop', rules: [{ id: 'x', tag_selectors: 'nope' }] }]]],
  ['a malformed rule to apply', () => ['applyPublish', [{ connectionId, project: 'shop', rules: [{ scope_selectors: 7 }], remoteFingerprint: '', force: false }]]],
  ['a project name Harbor could never have', () => ['planPublish', [{ connectionId, project: 'shop/../library', rules: [] }]]],
  ['an all-digit project that does not exist', () => ['pullRules', [{ connectionId, project: '2' }]]],
  ['an unknown connection', () => ['planPublish', [{ connectionId: 'no-such-connection', project: 'shop', rules: [] }]]],
  ['a snapshot id with a path in it', () => ['loadSnapshotIndex', ['../../etc/passwd']]],
  ['deleting the built-in demo', () => ['deleteSnapshot', ['demo']]],
  ['a snapshot file that is not JSON', () => ['importSnapshot', [{ fileName: 'x.json', text: '{"format": "taglock-snapshot", ' }]]],
  ['a snapshot with a digest that is no digest', () => ['importSnapshot', [{ fileName: 'x.json', text: JSON.stringify({ format: 'taglock-snapshot', version: 1, fetchedAt: '2026-01-01T00:00:00Z', registry: { url: 'https://h', kind: 'harbor', harborVersion: null, dialect: 'v1.3.4' }, projects: [{ name: 'p', id: 1, rules: [], repositories: [{ name: 'a', artifacts: [{ digest: 'sha256:nothex', type: 'IMAGE', mediaType: 'x', size: 1, pushTime: null, pullTime: null, references: [], tags: [] }] }] }] }) }]]],
  ['arguments of the wrong shape', () => ['planPublish', ['not an object']]],
  ['an unknown method', () => ['dropDatabase', []]],
  ['a connection URL that is no URL', () => ['saveConnection', [{ name: 'x', url: 'not a url', kind: 'harbor', username: null, caFile: null, insecure: false, projects: [] }]]],
  ['a registry that is not there', () => ['testConnection', [{ connectionId: 'closed' }]]],
];

describe('known bad inputs never reach "internal"', () => {
  it.each(BAD_INPUTS)('%s', async (_name, call) => {
    const [method, args] = call();
    const result = await dispatch(method, args);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code, result.error.message).not.toBe('internal');
    expect(unexpected).toEqual([]);
  });

  it('a damaged history file still lists what it can', async () => {
    writeFileSync(join(dataDir, 'publish-history.jsonl'), 'null\n{}\n{"steps": null}\n');
    const result = await dispatch('publishHistory', []);
    expect(result).toMatchObject({ ok: true });
    expect(unexpected).toEqual([]);
  });
});
