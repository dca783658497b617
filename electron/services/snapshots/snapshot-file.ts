// Runs in Node.
/**
 * Opens a snapshot file the way every door reads it (command line, app): straight from its bytes into
 * the compact form with the streaming reader, a megabyte at a time, so a file of any size opens in a
 * few hundred megabytes. Messages name the file, as for every file users hand to Taglock.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { badInput } from '../../../shared/errors.js';
import { InvalidUtf8Error } from '../../../shared/snapshot/json-syntax-error.js';
import type { IndexedProject, SnapshotIndex, SnapshotMeta } from '../../../shared/snapshot/snapshot-index.js';
import { readSnapshotIndex } from '../../../shared/snapshot/snapshot-reader.js';
import { SnapshotFormatError } from '../../../shared/snapshot/validate.js';
import { fileReadProblem } from '../files/json-file.js';

/**
 * Reads and checks a snapshot file; what is wrong with it becomes a bad-input error naming the file
 * (as `shownAs` when its path is not what users know it by, e.g. an upload not yet in place).
 */
export function readSnapshotIndexFile(path: string, what = 'snapshot', shownAs = path): SnapshotIndex {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw badInput(`cannot read ${what} ${path}: ${fileReadProblem(error)}`);
  }
  try {
    return readSnapshotIndex({ read: (into, offset, length) => readSync(fd, into, offset, length, null) }, { allocate: (size) => Buffer.allocUnsafe(size) });
  } catch (error) {
    if (error instanceof InvalidUtf8Error) throw badInput(`${what} ${shownAs} is not valid UTF-8: ${error.message}`);
    if (error instanceof SnapshotFormatError) throw badInput(`${what} ${shownAs}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code !== undefined) throw badInput(`cannot read ${what} ${path}: ${fileReadProblem(error)}`);
    throw error;
  } finally {
    closeSync(fd);
  }
}

/** What commands read of a snapshot besides its tags: registry, time and projects (with their rules). */
export type SnapshotHead = SnapshotMeta & { readonly projects: readonly IndexedProject[] };

export function snapshotHead(index: SnapshotIndex): SnapshotHead {
  return { ...index.meta, projects: index.projects };
}
