// Runs in Node.
/**
 * A file the user names for output (`--out`), handled like the tools admins trust:
 * - checked before any network work, so an unusable path fails at once, naming it;
 * - a device or pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written directly, never replaced;
 * - a symlink is followed: its target is replaced, the link stays;
 * - a regular file is replaced atomically (temporary file, fsync, rename) keeping its mode; a new one is
 *   created 0600 (snapshots and rules are an organisation's data);
 * - temporary files that earlier runs left behind (killed mid-write) are removed.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, open, readdir, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { badInput } from '../../../shared/errors.js';
import { isProcessRunning } from './process-alive.js';

export interface OutputFile {
  /** The path written in the end (a symlink's target). */
  readonly path: string;
  write(data: string | Uint8Array): Promise<void>;
}

const TEMPORARY = /^\.(.+)\.taglock-(\d+)-[0-9a-f]+\.tmp$/;

function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.taglock-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** Removes temporary files of `path` left by runs that are no longer alive. */
export async function removeStaleTemporaries(path: string): Promise<number> {
  let removed = 0;
  for (const entry of await readdir(dirname(path)).catch(() => [] as string[])) {
    const match = TEMPORARY.exec(entry);
    if (!match || match[1] !== basename(path) || isProcessRunning(Number(match[2]))) continue;
    if (await unlink(join(dirname(path), entry)).then(() => true, () => false)) removed++;
  }
  return removed;
}

export async function openOutput(given: string, what = 'output file'): Promise<OutputFile> {
  const requested = resolve(given);
  let path = requested;
  let info = await stat(requested).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
  if (info !== null) path = await realpath(requested); // follows symlinks: replace the target, keep the link
  if (info?.isDirectory()) throw badInput(`cannot write ${what} ${given}: it is a folder`);
  if (info !== null && !info.isFile()) {
    // A device, a FIFO or a socket: write into it, never replace it.
    await access(path, constants.W_OK).catch(() => {
      throw badInput(`cannot write ${what} ${given}: permission denied`);
    });
    return { path, write: (data) => writeFile(path, data) };
  }
  const folder = dirname(path);
  const folderInfo = await stat(folder).catch(() => null);
  if (folderInfo === null || !folderInfo.isDirectory()) throw badInput(`cannot write ${what} ${given}: no folder ${folder}`);
  await access(folder, constants.W_OK).catch(() => {
    throw badInput(`cannot write ${what} ${given}: the folder ${folder} is not writable`);
  });
  if (info !== null) {
    await access(path, constants.W_OK).catch(() => {
      throw badInput(`cannot write ${what} ${given}: permission denied`);
    });
  }
  await removeStaleTemporaries(path);
  const mode = info === null ? 0o600 : info.mode & 0o7777;
  return {
    path,
    async write(data) {
      // The mode as it is when writing, in case the file appeared or changed meanwhile.
      info = await stat(path).catch(() => null);
      const temporary = temporaryName(path);
      const handle = await open(temporary, 'wx', info === null ? mode : info.mode & 0o7777);
      try {
        await handle.writeFile(data);
        await handle.chmod(info === null ? mode : info.mode & 0o7777); // open's mode is masked by the umask
        await handle.sync();
        await handle.close();
        await rename(temporary, path);
      } catch (error) {
        await handle.close().catch(() => undefined);
        await unlink(temporary).catch(() => undefined);
        throw error;
      }
    },
  };
}
