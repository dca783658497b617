// Runs in Node.
/**
 * One apply at a time per (registry, project) on this machine: a lock file created exclusively in the
 * data folder, holding the owner's process id. A lock whose process no longer runs (a crash, a kill) is
 * taken over. Writers on other machines are caught by apply's re-read before every write; this lock
 * stops two local applies from racing inside that window.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TaglockError } from '../../../shared/errors.js';
import { isProcessRunning } from '../files/process-alive.js';

export interface ApplyLock {
  release(): Promise<void>;
}

export async function acquireApplyLock(dataDir: string, registry: string, project: string): Promise<ApplyLock> {
  const dir = join(dataDir, 'locks');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `apply-${createHash('sha256').update(`${registry}\n${project}`).digest('hex').slice(0, 32)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(owner) && owner > 0 && isProcessRunning(owner)) {
        throw new TaglockError('conflict', `another apply to project ${project} on ${registry} is running (process ${owner}): wait for it to finish`);
      }
      await rm(file, { force: true }); // its owner is gone
    }
  }
  throw new TaglockError('conflict', `could not take the apply lock for project ${project} on ${registry}`);
}
