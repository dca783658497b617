// Runs in Node.
/**
 * The local record of every publish: when, where, what and how it ended. One JSON object per line,
 * appended and flushed to disk, so a crash loses at most the entry being written and never earlier ones.
 */
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PublishRecordView } from '../../../shared/contract/api.js';
import type { ApplyReport } from './apply-plan.js';

/** One publish as the history shows it (the contract's view, stored as is). */
export type PublishRecord = PublishRecordView;

export function recordOf(report: ApplyReport, registry: string, actor: string | null, at = new Date()): PublishRecord {
  const failed = report.steps.some((s) => s.status === 'failed');
  const done = report.steps.filter((s) => s.status === 'done').length;
  return {
    at: at.toISOString(),
    registry,
    project: report.project,
    actor,
    steps: report.steps.map((s) => ({ description: s.description, status: s.status, ...(s.error ? { error: s.error.message } : {}) })),
    verified: report.verified,
    outcome: report.steps.length === 0 ? 'nothing-to-do' : failed ? (done > 0 ? 'partial' : 'failed') : 'applied',
  };
}

export class PublishHistory {
  constructor(readonly file: string) {}

  async append(record: PublishRecord): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, JSON.stringify(record) + '\n', { mode: 0o600 });
    const handle = await open(this.file, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Newest first. A damaged line (e.g. cut off by a crash) is skipped, not fatal. */
  async list(): Promise<PublishRecord[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: PublishRecord[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        records.push(JSON.parse(line) as PublishRecord);
      } catch {
        // skip the damaged line
      }
    }
    return records.reverse();
  }
}
