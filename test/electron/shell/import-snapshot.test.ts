// File > Import Snapshot… with a real snapshot store on disk: the chosen file streams into the store (the
// same path as the browser version's upload), and the outcome, or the store's reason for refusing, is shown.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SnapshotStore } from '../../../electron/services/snapshots/snapshot-store.js';
import { artifact, snapshotOf } from '../../support/snapshots.js';

const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { importSnapshotFromDisk } = await import('../../../electron/shell/import-snapshot.js');

let dir: string;
let store: SnapshotStore;
const services = () => ({ importSnapshotStream: (fileName: string, body: AsyncIterable<Uint8Array>) => store.importStream(fileName, body) });
const saved = () => readdirSync(join(dir, 'snapshots')).filter((name) => name.endsWith('.json') && name !== 'catalogue.json');
beforeEach(() => {
  fake.reset();
  dir = mkdtempSync(join(tmpdir(), 'taglock-import-'));
  store = new SnapshotStore(join(dir, 'snapshots'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('File > Import Snapshot…', () => {
  it('does nothing when the dialog is cancelled', async () => {
    await importSnapshotFromDisk(null, services());
    expect((await store.list()).filter((s) => !s.demo)).toEqual([]);
    expect(fake.dialog.messageBoxes).toEqual([]);
  });

  it('streams the chosen file into the store, byte for byte, and reports the result', async () => {
    const file = join(dir, 'prod.json');
    writeFileSync(file, JSON.stringify(snapshotOf({ app: [artifact(['v1', 'latest']), artifact(['v2'])] })));
    fake.dialog.openResult = { canceled: false, filePaths: [file] };
    await importSnapshotFromDisk(new fake.BrowserWindow({}) as never, services());
    const [summary] = (await store.list()).filter((s) => !s.demo);
    expect(summary).toMatchObject({ name: 'prod', tags: 3 });
    expect(saved()).toEqual([`${summary!.id}.json`]);
    expect(readFileSync(join(dir, 'snapshots', saved()[0]!)).equals(readFileSync(file))).toBe(true);
    expect(fake.dialog.messageBoxes).toEqual([expect.objectContaining({ type: 'info', message: 'Imported “prod”' })]);
  });

  it("shows the store's reason for refusing a file, and keeps nothing of it", async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"format":"x"}');
    fake.dialog.openResult = { canceled: false, filePaths: [file] };
    await importSnapshotFromDisk(null, services());
    expect(fake.dialog.messageBoxes).toEqual([expect.objectContaining({ type: 'error', message: 'Could not import bad.json', detail: expect.stringContaining('bad.json') })]);
    expect(readdirSync(join(dir, 'snapshots')).filter((name) => name !== 'catalogue.json')).toEqual([]);
  });
});
