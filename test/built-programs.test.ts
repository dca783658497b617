/**
 * The CLI and host tests run the built programs in dist/. test/support/build-for-run.ts (vitest's
 * globalSetup) or `npm test`'s build step compiles them at the start of every run; this checks that it
 * did, so a change to the source can never be tested through an older build.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/repo-files.js';

function sources(folder: string): string[] {
  return readdirSync(join(REPO_ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.c?ts$/.test(entry.name) && !/\.(d|test)\.ts$/.test(entry.name))
    .map((entry) => relative(REPO_ROOT, join(entry.parentPath, entry.name)));
}

describe('the build the tests run', () => {
  it('has every Node-side source file compiled no earlier than its last change', () => {
    const stale: string[] = [];
    for (const source of [...sources('electron'), ...sources('shared')]) {
      const built = join(REPO_ROOT, 'dist', source.replace(/\.ts$/, '.js').replace(/\.cts$/, '.cjs'));
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(REPO_ROOT, source)).mtimeMs) stale.push(source);
    }
    expect(stale).toEqual([]);
  });
});
