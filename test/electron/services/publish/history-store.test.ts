// The publish history on a real file: appends never glue onto a cut-off line, and no bad line hides the
// others.
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PublishRecord } from '../../../../electron/services/publish/history-store.js';
import { PublishHistory } from '../../../../electron/services/publish/history-store.js';

const record = (project: string): PublishRecord => ({
  at: '2026-12-01T10:00:00.000Z',
  registry: 'https://harbor.example.test/',
  project,
  actor: 'alice',
  steps: [{ description: 'create a rule', status: 'done' }],
  verified: true,
  outcome: 'applied',
});

const file = () => join(mkdtempSync(join(tmpdir(), 'taglock-history-')), 'publish-history.jsonl');

describe('publish history', () => {
  it('starts a new record on a fresh line after a crash cut the last one off', async () => {
    const path = file();
    const history = new PublishHistory(path);
    await history.append(record('one'));
    appendFileSync(path, '{"at":"2026-12-01T11:00:00.000Z","registry":"x","proj'); // a crash mid-write
    await history.append(record('two'));
    const { records, skipped } = await history.read();
    expect(records.map((r) => r.project)).toEqual(['two', 'one']);
    expect(skipped).toBe(1);
    expect(readFileSync(path, 'utf8').split('\n').at(-2)).toBe(JSON.stringify(record('two')));
  });

  it('skips and counts lines that hold no record (null, {}, steps: null, garbage) instead of failing', async () => {
    const path = file();
    writeFileSync(path, ['null', '{}', JSON.stringify({ ...record('bad'), steps: null }), 'not json', '[]', JSON.stringify(record('good')), ''].join('\n'));
    const { records, skipped } = await new PublishHistory(path).read();
    expect(records.map((r) => r.project)).toEqual(['good']);
    expect(skipped).toBe(5);
  });

  it('keeps every record when appends overlap', async () => {
    const history = new PublishHistory(file());
    await Promise.all(Array.from({ length: 20 }, (_, i) => history.append(record(`p${i}`))));
    const { records, skipped } = await history.read();
    expect(records).toHaveLength(20);
    expect(skipped).toBe(0);
  });
});
