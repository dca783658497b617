// The host's binary endpoint (a snapshot's compact form for the page): guarded like every JSON call
// (token, Origin, Host), answering bytes that decode to the snapshot's index, and failures as CallResults.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotSummary } from '../../../shared/contract/api.js';
import { BINARY_CALL_PATH, BINARY_CONTENT_TYPE } from '../../../shared/contract/transport-names.js';
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import type { RunningHost } from '../../../electron/host/start-host.js';
import { INDEX_ENCODING_VERSION, decodeSnapshotIndex, isCurrentIndexEncoding } from '../../../shared/snapshot/index-codec.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { artifact, snapshotOf } from '../../support/snapshots.js';
import { call, send, value } from './http.js';
import { newDataDir, startTestHost } from './test-host.js';

let host: RunningHost;
let dataDir: string;
beforeAll(async () => {
  dataDir = newDataDir();
  host = await startTestHost({ dataDir });
});
afterAll(() => host.close());

function binaryCall(method: string, args: unknown[], headers: Record<string, string> = {}) {
  return send(host.origin, {
    method: 'POST',
    path: BINARY_CALL_PATH,
    headers: { 'content-type': 'application/json', 'x-taglock-token': host.token, origin: host.origin, ...headers },
    body: JSON.stringify({ method, args }),
  });
}

const errorOf = (text: string) => (JSON.parse(text) as { ok: false; error: { code: string; message: string } }).error;
const plain = (index: SnapshotIndex) => ({ ...index, artifactDigests: index.artifactDigests.slice(0, index.artifactDigests.length), references: index.references.slice(0, index.references.length) });
const decoded = (bytes: Buffer) => decodeSnapshotIndex(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);

describe('the binary endpoint', () => {
  it('answers a snapshot as bytes that decode to its index', async () => {
    const answer = await binaryCall('loadSnapshotIndex', ['demo']);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(BINARY_CONTENT_TYPE);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(isDeepStrictEqual(plain(decoded(answer.bytes)), plain(buildSnapshotIndex(demoSnapshot())))).toBe(true);
  });

  it('keeps the encoding of an imported snapshot beside its file, answers the same bytes from it, and deletes both', async () => {
    const snapshot = snapshotOf({ app: [artifact(['v1', 'latest']), artifact(['v2'])] });
    const summary = await value<SnapshotSummary>(host.origin, host.token, 'importSnapshot', [{ fileName: 'small.json', text: JSON.stringify(snapshot) }]);
    const kept = join(dataDir, 'snapshots', `${summary.id}.index`);
    expect(existsSync(kept)).toBe(true);
    const first = await binaryCall('loadSnapshotIndex', [summary.id]);
    expect(isDeepStrictEqual(plain(decoded(first.bytes)), plain(buildSnapshotIndex(snapshot)))).toBe(true);
    await value(host.origin, host.token, 'deleteSnapshot', [summary.id]);
    expect(existsSync(kept)).toBe(false);
  });

  it('sends the kept encoding as it is, and one of an earlier format made again', async () => {
    const snapshot = snapshotOf({ app: [artifact(['v1', 'latest']), artifact(['v2'])], web: [artifact(['v1'])] });
    const summary = await value<SnapshotSummary>(host.origin, host.token, 'importSnapshot', [{ fileName: 'streamed.json', text: JSON.stringify(snapshot) }]);
    const kept = join(dataDir, 'snapshots', `${summary.id}.index`);
    const answer = await binaryCall('loadSnapshotIndex', [summary.id]);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(BINARY_CONTENT_TYPE);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(Number(answer.headers['content-length'])).toBe(answer.bytes.length);
    expect(answer.bytes.equals(readFileSync(kept))).toBe(true);

    const old = readFileSync(kept);
    old.writeUInt32LE(INDEX_ENCODING_VERSION - 1, 4);
    writeFileSync(kept, old);
    const remade = await binaryCall('loadSnapshotIndex', [summary.id]);
    expect(isCurrentIndexEncoding(remade.bytes)).toBe(true);
    expect(isDeepStrictEqual(plain(decoded(remade.bytes)), plain(buildSnapshotIndex(snapshot)))).toBe(true);
    expect(isCurrentIndexEncoding(readFileSync(kept))).toBe(true);
    await value(host.origin, host.token, 'deleteSnapshot', [summary.id]);
    expect(errorOf((await binaryCall('loadSnapshotIndex', [summary.id])).text).code).toBe('not-found');
  });

  it('exports a snapshot as the bytes of its stored file, and the demo as its documented JSON', async () => {
    const snapshot = snapshotOf({ app: [artifact(['v1', 'latest'])] });
    const summary = await value<SnapshotSummary>(host.origin, host.token, 'importSnapshot', [{ fileName: 'kept.json', text: JSON.stringify(snapshot) }]);
    const exported = await binaryCall('exportSnapshot', [summary.id]);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toBe(BINARY_CONTENT_TYPE);
    expect(exported.bytes.equals(readFileSync(join(dataDir, 'snapshots', `${summary.id}.json`)))).toBe(true);
    expect(JSON.parse(exported.text)).toEqual(snapshot);
    expect(JSON.parse((await binaryCall('exportSnapshot', ['demo'])).text)).toEqual(demoSnapshot());
    await value(host.origin, host.token, 'deleteSnapshot', [summary.id]);
    expect(errorOf((await binaryCall('exportSnapshot', [summary.id])).text).code).toBe('not-found');
  });

  it('answers a failed call with its CallResult, as JSON', async () => {
    const answer = await binaryCall('loadSnapshotIndex', ['00000000-0000-0000-0000-000000000000']);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('application/json');
    expect(errorOf(answer.text).code).toBe('not-found');
    expect(errorOf((await binaryCall('loadSnapshotIndex', [42])).text).code).toBe('bad-input');
  });

  it('takes only methods answering binary, and the JSON endpoint sends those here', async () => {
    const json = await binaryCall('appInfo', []);
    expect(json.status).toBe(400);
    expect(errorOf(json.text).code).toBe('bad-input');
    const binary = await call(host.origin, host.token, 'loadSnapshotIndex', ['demo']);
    expect(binary.status).toBe(400);
    expect(errorOf(binary.text).message).toContain(BINARY_CALL_PATH);
  });

  it('refuses without the token, with a wrong one, or with it only in the query: 401, nothing sent', async () => {
    for (const headers of [{ 'x-taglock-token': '' }, { 'x-taglock-token': 'x'.repeat(43) }]) {
      const answer = await binaryCall('loadSnapshotIndex', ['demo'], headers);
      expect(answer.status).toBe(401);
      expect(errorOf(answer.text).code).toBe('auth');
    }
    const inQuery = await send(host.origin, {
      method: 'POST',
      path: `${BINARY_CALL_PATH}?token=${host.token}`,
      headers: { 'content-type': 'application/json', origin: host.origin },
      body: JSON.stringify({ method: 'loadSnapshotIndex', args: ['demo'] }),
    });
    expect(inQuery.status).toBe(401);
  });

  it('refuses a foreign Origin (403) and a foreign Host (421), even with the right token', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://localhost:1']) {
      const answer = await binaryCall('loadSnapshotIndex', ['demo'], { origin });
      expect(answer.status).toBe(403);
      expect(errorOf(answer.text).code).toBe('forbidden');
    }
    const rebound = await binaryCall('loadSnapshotIndex', ['demo'], { host: 'evil.example', origin: 'http://evil.example' });
    expect(rebound.status).toBe(421);
  });

  it('answers GET with 405', async () => {
    const answer = await send(host.origin, { path: BINARY_CALL_PATH, headers: { 'x-taglock-token': host.token } });
    expect(answer.status).toBe(405);
  });
});
