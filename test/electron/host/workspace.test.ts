// The workspace (saved drafts, last snapshot) over the browser host's wire: kept in the data folder, so
// a new host run (another port, another page origin) gets it back; a damaged file starts empty.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkspaceView } from '../../../shared/contract/api.js';
import type { RunningHost } from '../../../electron/host/start-host.js';
import { wireRule } from '../../support/snapshots.js';
import { call, value } from './http.js';
import { newDataDir, startTestHost } from './test-host.js';

const hosts: RunningHost[] = [];
const start = async (dataDir: string) => {
  const host = await startTestHost({ dataDir });
  hosts.push(host);
  return host;
};
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

const workspace: WorkspaceView = {
  drafts: [
    {
      scope: { registry: 'https://harbor.example', project: 'shop', projectId: 7 },
      savedAt: '2026-11-02T09:00:00.000Z',
      rules: [wireRule(1, ['repoMatches', '**'], ['matches', 'v*']), wireRule(undefined, ['repoMatches', '**'], ['matches', 'rc'])],
      labels: ['#1', 'new A'],
      nextLabel: 1,
    },
  ],
  lastSnapshot: 'snap-1',
};

describe('workspace', () => {
  it('survives a restart of the host, in the data folder', async () => {
    const dataDir = newDataDir();
    const first = await start(dataDir);
    expect(await value(first.origin, first.token, 'loadWorkspace')).toEqual({ drafts: [], lastSnapshot: null });
    await value(first.origin, first.token, 'saveWorkspace', [workspace]);
    await first.close();
    const second = await start(dataDir);
    expect(second.origin).not.toBe(first.origin);
    expect(await value(second.origin, second.token, 'loadWorkspace')).toEqual(workspace);
    expect(JSON.parse(readFileSync(join(dataDir, 'workspace.json'), 'utf8'))).toEqual(workspace);
  });

  it('starts empty from a damaged file, and refuses malformed drafts with the field named', async () => {
    const dataDir = newDataDir();
    writeFileSync(join(dataDir, 'workspace.json'), '{"drafts": [');
    const host = await start(dataDir);
    expect(await value(host.origin, host.token, 'loadWorkspace')).toEqual({ drafts: [], lastSnapshot: null });
    const noLabels = { ...workspace, drafts: [{ ...workspace.drafts[0]!, labels: ['#1'] }] };
    expect((await call(host.origin, host.token, 'saveWorkspace', [noLabels])).json()).toMatchObject({ ok: false, error: { code: 'bad-input', message: 'drafts[0] needs one label per rule' } });
    const badScope = { ...workspace, drafts: [{ ...workspace.drafts[0]!, scope: { registry: 1, project: 'payments', projectId: null } }] };
    expect((await call(host.origin, host.token, 'saveWorkspace', [badScope])).json()).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: 'saveWorkspace argument 1.drafts[0].scope.registry must be a string' },
    });
  });
});
