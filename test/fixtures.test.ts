/**
 * The vendored test material (test/fixtures) must stay byte-for-byte equal to its originals in the
 * project's shared folder beside the repository. A public clone has no such folder: the comparison is
 * then skipped with the reason, while the check that every listed fixture exists still runs.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_ROOT, REPO_ROOT } from './support/repo-files.js';

/** test/fixtures/<path> is a copy of ../shared/<path>. */
const VENDORED = ['conformance/doublestar-match.json', 'conformance/rule-decisions.json', 'conformance/portal-input.json', 'harbor/swagger-v2.15.2.yaml', 'harbor/NOTICE'];
const SHARED_MATERIAL = resolve(REPO_ROOT, '..', 'shared');
/** Folders of test material the project wrote itself, each with a README saying where its shapes come from. */
const OWN_MATERIAL = ['terraform'];
const sharedPresent = existsSync(join(SHARED_MATERIAL, 'conformance')) && existsSync(join(SHARED_MATERIAL, 'harbor'));

describe('vendored test fixtures', () => {
  it('every vendored file is in the repository and listed in test/fixtures/README.md', () => {
    const readme = readFileSync(join(FIXTURES_ROOT, 'README.md'), 'utf8');
    for (const file of VENDORED) {
      expect(existsSync(join(FIXTURES_ROOT, file)), file).toBe(true);
      expect(readme, file).toContain(`\`${file}\``);
    }
    // Nothing vendored without being listed here (and so compared with its original). The project's own
    // material (OWN_MATERIAL) is not vendored: it has a README of its own.
    const present = readdirSync(FIXTURES_ROOT, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name !== 'README.md')
      .map((entry) => join(entry.parentPath, entry.name).slice(FIXTURES_ROOT.length + 1).split('\\').join('/'))
      .filter((path) => !OWN_MATERIAL.some((folder) => path.startsWith(`${folder}/`)));
    expect(present.sort()).toEqual([...VENDORED].sort());
  });

  it.each(OWN_MATERIAL)('every file of the own material in %s/ is described in its README', (folder) => {
    const readme = readFileSync(join(FIXTURES_ROOT, folder, 'README.md'), 'utf8');
    const files = readdirSync(join(FIXTURES_ROOT, folder), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name !== 'README.md');
    for (const entry of files) {
      const path = join(entry.parentPath, entry.name).slice(join(FIXTURES_ROOT, folder).length + 1).split('\\').join('/');
      const described = readme.includes(`\`${path}\``) || readme.includes(`\`${path.split('/')[0]}/\``);
      expect(described, `${folder}/${path} is not described in ${folder}/README.md`).toBe(true);
    }
  });

  if (!sharedPresent) {
    it.skip(`equal their originals: skipped, no shared folder at ${SHARED_MATERIAL} (as in a public clone)`, () => undefined);
    return;
  }
  it.each(VENDORED)('%s equals its original in ../shared', (file) => {
    const copy = readFileSync(join(FIXTURES_ROOT, file));
    const original = readFileSync(join(SHARED_MATERIAL, file));
    expect(copy.equals(original), `test/fixtures/${file} differs from ${join(SHARED_MATERIAL, file)}; copy the original over it`).toBe(true);
  });
});
