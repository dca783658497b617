// Test helper (Node): where the repository is, and the test material vendored under test/fixtures.
// Tests read only inside the repository, so a fresh clone runs them with nothing beside it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES_ROOT = resolve(REPO_ROOT, 'test/fixtures');

export function fixturePath(...parts: string[]): string {
  const path = resolve(FIXTURES_ROOT, ...parts);
  if (!existsSync(path)) throw new Error(`missing test fixture ${path} (see test/fixtures/README.md)`);
  return path;
}

export function readFixtureJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(fixturePath(...parts), 'utf8')) as T;
}
