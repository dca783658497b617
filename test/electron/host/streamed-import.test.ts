// Importing a snapshot file larger than a JSON call may carry (64 MiB), through the real host: the file
// streams to disk and is read back with the streaming reader; a broken file is refused naming the
// problem, and nothing of it stays behind.
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotSummary } from '../../../shared/contract/api.js';
import { BINARY_CONTENT_TYPE, IMPORT_PATH } from '../../../shared/contract/transport-names.js';
import type { RunningHost } from '../../../electron/host/start-host.js';
import { readSnapshotIndexFile } from '../../../electron/services/snapshots/snapshot-file.js';
import { decodeSnapshotIndex } from '../../../shared/snapshot/index-codec.js';
import { generateSnapshot } from '../../../shared/demo/generate.js';
import { writeSnapshotFile } from '../../support/write-snapshot-file.js';
import { send, value } from './http.js';
import { newDataDir, startTestHost } from './test-host.js';

let host: RunningHost;
let dataDir: string;
let work: string;
beforeAll(async () => {
  dataDir = newDataDir();
  work = mkdtempSync(join(tmpdir(), 'taglock-upload-'));
  host = await startTestHost({ dataDir });
});
afterAll(async () => {
  await host.close();
  rmSync(work, { recursive: true, force: true });
});

const options = (tags: number) => {
  const repositories = Array.from({ length: Math.round(tags / 500) }, (_, i) => `team-${i % 7}/service-${i}`);
  return { seed: 5, projects: [{ name: 'big', repositories, rules: null }], tagsPerRepository: 500 };
};

/** The file as the page sends it: the body of one POST, streamed from disk. */
function upload(path: string, name: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const { hostname, port, host: hostHeader } = new URL(host.origin);
  const query = new URLSearchParams({ name }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        method: 'POST',
        path: `${IMPORT_PATH}?${query}`,
        headers: { host: hostHeader, origin: host.origin, 'content-type': BINARY_CONTENT_TYPE, 'x-taglock-token': host.token, ...headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    createReadStream(path).pipe(req);
  });
}

const snapshotFolder = () => join(dataDir, 'snapshots');
const leftovers = () => readdirSync(snapshotFolder()).filter((name) => name.endsWith('.part'));

describe('a streamed import', () => {
  it('takes a file larger than 64 MiB, equal to the file read directly, and opens it', async () => {
    const file = join(work, 'big.json');
    const written = writeSnapshotFile(file, options(200_000));
    expect(written.bytes).toBeGreaterThan(64 * 2 ** 20);
    const answer = await upload(file, 'big.json');
    expect(answer.status).toBe(200);
    const result = JSON.parse(answer.text) as { ok: true; value: SnapshotSummary };
    expect(result.ok).toBe(true);
    expect(result.value).toMatchObject({ name: 'big', tags: written.tags, projects: ['big'], demo: false });
    expect(statSync(join(snapshotFolder(), `${result.value.id}.json`)).size).toBe(written.bytes);
    expect(leftovers()).toEqual([]);
    const list = await value<SnapshotSummary[]>(host.origin, host.token, 'listSnapshots');
    expect(list.map((s) => s.id)).toContain(result.value.id);

    const opened = await send(host.origin, {
      method: 'POST',
      path: '/api/binary',
      headers: { 'content-type': 'application/json', 'x-taglock-token': host.token },
      body: JSON.stringify({ method: 'loadSnapshotIndex', args: [result.value.id] }),
    });
    const index = decodeSnapshotIndex(opened.bytes.buffer.slice(opened.bytes.byteOffset, opened.bytes.byteOffset + opened.bytes.byteLength) as ArrayBuffer);
    const direct = readSnapshotIndexFile(file);
    expect(index.counts).toEqual(direct.counts);
    expect(index.tagNames).toEqual(direct.tagNames);
    expect(Array.from(index.tagArtifact)).toEqual(Array.from(direct.tagArtifact));

    // Exported, it is the very file that came in: no tree, no re-serialised text on the way out.
    const exported = await send(host.origin, {
      method: 'POST',
      path: '/api/binary',
      headers: { 'content-type': 'application/json', 'x-taglock-token': host.token },
      body: JSON.stringify({ method: 'exportSnapshot', args: [result.value.id] }),
    });
    expect(exported.bytes.equals(readFileSync(file))).toBe(true);
  }, 120_000);

  it('refuses a broken file naming the file and the problem, and leaves nothing behind', async () => {
    const before = await value<SnapshotSummary[]>(host.origin, host.token, 'listSnapshots');
    const good = JSON.stringify(generateSnapshot(options(2_000)));
    const cases: [string, string, RegExp][] = [
      ['cut.json', good.slice(0, good.length >> 1), /cut\.json.*not valid JSON/],
      ['wrong.json', good.replace('"tags":[', '"tags":{}, "x":['), /wrong\.json/],
      ['empty.json', '', /empty\.json is empty/],
    ];
    for (const [name, text, message] of cases) {
      const path = join(work, name);
      writeFileSync(path, text);
      const answer = await upload(path, name);
      const result = JSON.parse(answer.text) as { ok: false; error: { code: string; message: string } };
      expect(result.ok, name).toBe(false);
      expect(result.error.code).toBe('bad-input');
      expect(result.error.message).toMatch(message);
    }
    expect(leftovers()).toEqual([]);
    expect(await value<SnapshotSummary[]>(host.origin, host.token, 'listSnapshots')).toEqual(before);
  });

  it('is guarded like every call: token, Origin, content type, a name', async () => {
    const path = join(work, 'small.json');
    writeFileSync(path, JSON.stringify(generateSnapshot(options(500))));
    expect((await upload(path, 'small.json', { 'x-taglock-token': 'wrong' })).status).toBe(401);
    expect((await upload(path, 'small.json', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await upload(path, 'small.json', { 'content-type': 'application/json' })).status).toBe(415);
    expect((await upload(path, '')).status).toBe(400);
    expect(leftovers()).toEqual([]);
  });
});
