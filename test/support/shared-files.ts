// Test helper (Node): the project's shared material lives beside the repository, in ../shared.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_ROOT = resolve(REPO_ROOT, '../shared');

export function sharedPath(...parts: string[]): string {
  const path = resolve(SHARED_ROOT, ...parts);
  if (!existsSync(path)) throw new Error(`missing shared material ${path}: the shared/ folder must sit beside the repository`);
  return path;
}

export function readSharedJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(sharedPath(...parts), 'utf8')) as T;
}
