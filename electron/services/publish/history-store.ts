// Runs in Node.
/**
 * The local record of every publish: when, where, what and how it ended. One JSON object per line,
 * appended and flushed to disk, so a crash loses at most the entry being written and never earlier ones.
 * Reading never fails on a damaged file: a line that is not a publish record (cut off by a crash,
 * `null`, `{}`, `steps: null`) is skipped and counted, and the next append starts on a fresh line.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PublishRecordView } from '../../../shared/contract/api.js';
import type { ApplyReport } from './apply-plan.js';

/** One publish as the history shows it (the contract's view, stored as is). */
export type PublishRecord = PublishRecordView;

const OUTCOMES: readonly PublishRecord['outcome'][] = ['applied', 'nothing-to-do', 'partial', 'failed'];

export function recordOf(report: ApplyReport, registry: string, actor: string | null, at = new Date()): PublishRecord {
  const done = report.steps.filter((s) => s.status === 'done').length;
  const incomplete = report.stopped !== null || report.steps.some((s) => s.status !== 'done');
  return {
    at: at.toISOString(),
    registry,
    project: report.project,
    actor,
    steps: report.steps.map((s) => ({ description: s.description, status: s.status, ...(s.error ? { error: s.error.message } : {}) })),
    verified: report.verified,
    outcome: report.steps.length === 0 && !incomplete ? 'nothing-to-do' : incomplete ? (done > 0 ? 'partial' : 'failed') : 'applied',
  };
}

/** The record a line holds, or null when it is not one (so one bad line never hides the others). */
export function parseRecord(line: string): PublishRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const r = value as Record<string, unknown>;
  const text = (v: unknown) => typeof v === 'string';
  if (!text(r.at) || !text(r.registry) || !text(r.project) || !(r.actor === null || text(r.actor))) return null;
  if (typeof r.verified !== 'boolean' || !OUTCOMES.includes(r.outcome as PublishRecord['outcome']) || !Array.isArray(r.steps)) return null;
  const stepsOk = r.steps.every((s: unknown) => s !== null && typeof s === 'object' && text((s as Record<string, unknown>).description) && text((s as Record<string, unknown>).status));
  return stepsOk ? (value as PublishRecord) : null;
}

export interface HistoryContents {
  /** Newest first. */
  records: PublishRecord[];
  /** Lines that held no readable record. */
  skipped: number;
}

export class PublishHistory {
  /** Appends from this process, one at a time, so two never interleave or both miss a fresh line. */
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  append(record: PublishRecord): Promise<void> {
    const next = this.queue.then(() => this.write(JSON.stringify(record)));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(line: string): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const handle = await open(this.file, 'a+', 0o600);
    try {
      const { size } = await handle.stat();
      let lead = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) lead = '\n'; // the last record was cut off: never glue onto it
      }
      await handle.appendFile(`${lead}${line}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Every readable record, newest first, and how many lines were skipped. */
  async read(): Promise<HistoryContents> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
      throw error;
    }
    const records: PublishRecord[] = [];
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const record = parseRecord(line);
      if (record) records.push(record);
      else skipped++;
    }
    return { records: records.reverse(), skipped };
  }

  /** Newest first; damaged lines are skipped (see `read` for their count). */
  async list(): Promise<PublishRecord[]> {
    return (await this.read()).records;
  }
}
