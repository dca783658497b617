// The benchmark's snapshot file of about a million tags (bench/workloads.ts's generator, its 15 rules in
// force), shared by the in-browser sections that need one: generated once into .bench/ and kept, since
// writing its 377 MiB takes longer than most sections; then imported into a host as the page's Import
// does, by streaming the file as the body of POST /api/import.
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { SnapshotSummary } from '../../shared/contract/api.js';
import { BINARY_CONTENT_TYPE, IMPORT_NAME_PARAM, IMPORT_PATH, TOKEN_HEADER } from '../../shared/contract/transport-names.js';
import { REPO_ROOT } from '../../test/support/repo-files.js';
import { writeSnapshotFile } from '../support/processes.js';
import { FIFTEEN_RULES, largeOptions } from '../workloads.js';

const APPROX_TAGS = 1_030_000;
const SEED = 7;
const FOLDER = join(REPO_ROOT, '.bench', 'files');
/** Named by what it was generated from: another size or seed is another file. */
const FILE = join(FOLDER, `snapshot-${APPROX_TAGS}-seed${SEED}.json`);

export interface MillionTagFile {
  file: string;
  tags: number;
  bytes: number;
}

/** The file, generated now if it is not there yet (written under another name, then renamed). */
export function millionTagSnapshotFile(): MillionTagFile {
  const facts = `${FILE}.facts.json`;
  if (existsSync(FILE) && existsSync(facts)) return { file: FILE, ...(JSON.parse(readFileSync(facts, 'utf8')) as { tags: number; bytes: number }) };
  mkdirSync(FOLDER, { recursive: true });
  const written = writeSnapshotFile(`${FILE}.part`, largeOptions(APPROX_TAGS, SEED, FIFTEEN_RULES));
  renameSync(`${FILE}.part`, FILE);
  writeFileSync(facts, JSON.stringify(written));
  return { file: FILE, ...written };
}

/** Imports a snapshot file into the host at `origin`, streamed as the page's Import sends it. */
export function uploadSnapshotFile(origin: string, token: string, file: string, name: string): Promise<SnapshotSummary> {
  const target = new URL(`${IMPORT_PATH}?${new URLSearchParams({ [IMPORT_NAME_PARAM]: name }).toString()}`, origin);
  return new Promise((resolve, reject) => {
    const req = request(target, { method: 'POST', headers: { 'content-type': BINARY_CONTENT_TYPE, [TOKEN_HEADER]: token } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        const answer = JSON.parse(text) as { ok: true; value: SnapshotSummary } | { ok: false; error: { message: string } };
        if (answer.ok) resolve(answer.value);
        else reject(new Error(answer.error.message));
      });
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}
