import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TaglockError } from '../../../shared/errors.js';

const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { importSnapshotFromDisk } = await import('../../../electron/shell/import-snapshot.js');

let dir: string;
beforeEach(() => {
  fake.reset();
  dir = mkdtempSync(join(tmpdir(), 'taglock-import-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const summary = { id: 's1', name: 'Prod', demo: false, registryUrl: 'https://h', registryKind: 'harbor', fetchedAt: '', projects: ['p'], repositories: 2, artifacts: 3, tags: 4 };

describe('File > Import Snapshot…', () => {
  it('does nothing when the dialog is cancelled', async () => {
    const services = { importSnapshot: vi.fn() };
    await importSnapshotFromDisk(null, services);
    expect(services.importSnapshot).not.toHaveBeenCalled();
    expect(fake.dialog.messageBoxes).toEqual([]);
  });

  it('hands the chosen file to the importSnapshot service and reports the result', async () => {
    const file = join(dir, 'prod.json');
    writeFileSync(file, '{"format":"x"}');
    fake.dialog.openResult = { canceled: false, filePaths: [file] };
    const services = { importSnapshot: vi.fn(async () => summary) };
    await importSnapshotFromDisk(new fake.BrowserWindow({}) as never, services as never);
    expect(services.importSnapshot).toHaveBeenCalledExactlyOnceWith({ fileName: 'prod.json', text: '{"format":"x"}' });
    expect(fake.dialog.messageBoxes).toEqual([expect.objectContaining({ type: 'info', message: 'Imported “Prod”' })]);
  });

  it('shows the service error', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, 'nope');
    fake.dialog.openResult = { canceled: false, filePaths: [file] };
    const services = { importSnapshot: vi.fn(async () => Promise.reject(new TaglockError('bad-input', 'not a Taglock snapshot'))) };
    await importSnapshotFromDisk(null, services);
    expect(fake.dialog.messageBoxes).toEqual([expect.objectContaining({ type: 'error', detail: 'not a Taglock snapshot' })]);
  });
});
