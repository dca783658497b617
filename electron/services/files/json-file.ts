// Runs in Node.
/**
 * Reading the files users hand to Taglock (rules, plans; snapshots are read in chunks by
 * snapshots/snapshot-file.ts), with messages that name the file and the bad field, and writing files
 * atomically: a failed write never leaves half a file or replaces a good one.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { parseWireRules, RuleFormatError } from '../../../shared/rules/wire.js';
import { badInput } from '../../../shared/errors.js';
import { firstUtf8Problem } from '../../../shared/snapshot/utf8.js';

/** Why a file could not be read, in a few words. */
export function fileReadProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
}

export async function readTextFile(path: string, what: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw badInput(`cannot read ${what} ${path}: ${fileReadProblem(error)}`);
  }
  const problem = firstUtf8Problem(bytes);
  // Silently replacing a broken byte would change a tag or pattern without a word.
  if (problem !== null) throw badInput(`${what} ${path} is not valid UTF-8: ${problem.message}`);
  return bytes.toString('utf8');
}

export function parseJsonText(text: string, path: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badInput(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** A JSON array of Harbor rule objects, as the list endpoint returns them. */
export async function readRulesFile(path: string): Promise<ImmutableRule[]> {
  const value = parseJsonText(await readTextFile(path, 'rules file'), path, 'rules file');
  try {
    return parseWireRules(value);
  } catch (error) {
    if (error instanceof RuleFormatError) throw badInput(`rules file ${path}: ${error.message}`);
    throw error;
  }
}

/** Write to a temporary file beside the target, flush it to disk, then rename it over the target. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

