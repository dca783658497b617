// The snapshot store on a real folder: saves, imports and deletes at the same time lose no entry.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../../../electron/services/snapshots/snapshot-store.js';
import { artifact, snapshotOf } from '../../../support/snapshots.js';

describe('snapshot store', () => {
  it('lists every snapshot when saves, imports and deletes run at once', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'taglock-snapshots-'));
    const store = new SnapshotStore(folder);
    const snapshot = () => snapshotOf({ app: [artifact(['v1'])] });
    const doomed = await store.save(snapshot(), 'doomed');
    const results = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => store.save(snapshot(), `fetch ${i}`)),
      ...Array.from({ length: 4 }, (_, i) => store.import(`import-${i}.json`, JSON.stringify(snapshot()))),
      store.remove(doomed.id),
    ]);
    const listed = (await store.list()).filter((s) => !s.demo).map((s) => s.id).sort();
    const saved = results.flatMap((r) => (r ? [r.id] : [])).sort();
    expect(saved).toHaveLength(12);
    expect(listed).toEqual(saved);
    expect(readdirSync(folder).filter((f) => f.endsWith('.json') && f !== 'catalogue.json')).toHaveLength(12);
  });
});
