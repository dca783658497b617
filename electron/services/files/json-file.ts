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
  const bad = invalidUtf8Offset(bytes);
  // Silently replacing a broken byte would change a tag or pattern without a word.
  if (bad !== null) throw badInput(`${what} ${path} is not valid UTF-8: byte ${bad} (0x${bytes[bad]!.toString(16).padStart(2, '0')}) cannot start or continue a character`);
  return bytes.toString('utf8');
}

/** The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629), or null. */
export function invalidUtf8Offset(bytes: Uint8Array): number | null {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    const second = bytes[i + 1];
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (second === undefined || second < low || second > high) return second === undefined ? i : i + 1;
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      if (next < 0x80 || next > 0xbf) return i + k;
    }
    i += length;
  }
  return null;
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

