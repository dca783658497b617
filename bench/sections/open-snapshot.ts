// Opening and simulating a snapshot file of about 1,000,000 tags with `taglock simulate --snapshot`, as
// a whole process, against a bare Node process that only reads the same file and JSON.parses it; both
// with their peak memory. Then a file of about 5,000,000 tags (past V8's 512 MiB string limit), which
// must open at all. Runs alternate between the two contenders; each one's fastest counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from '../measure.js';
import { buildCli, CLI, PEAK_REPORTER, runProcess } from '../support/processes.js';
import type { ProcessRun } from '../support/processes.js';
import { writeSnapshotFile } from '../support/processes.js';
import { FIFTEEN_RULES, largeOptions } from '../workloads.js';

const RUNS = 3;
const BARE_PARSE = "JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))";
buildCli();
const dir = mkdtempSync(join(tmpdir(), 'taglock-bench-open-'));
try {
  const file = join(dir, 'snapshot-1m.json');
  const written = writeSnapshotFile(file, largeOptions(1_030_000, 7, FIFTEEN_RULES));
  const simulateRun = (path: string) => runProcess(process.execPath, ['--import', PEAK_REPORTER, CLI, 'simulate', '--snapshot', path]);
  const parseRun = (path: string) => runProcess(process.execPath, ['--import', PEAK_REPORTER, '-e', BARE_PARSE, path]);
  let taglock: ProcessRun | null = null;
  let parse: ProcessRun | null = null;
  let taglockPeak = 0;
  let parsePeak = 0;
  for (let i = 0; i < RUNS; i++) {
    const p = await parseRun(file);
    const t = await simulateRun(file);
    if (p.status !== 0 || t.status !== 0) throw new Error(`a run failed: ${p.stderr}${t.stderr}`);
    parsePeak = Math.max(parsePeak, p.peakMb ?? 0);
    taglockPeak = Math.max(taglockPeak, t.peakMb ?? 0);
    if (parse === null || p.ms < parse.ms) parse = p;
    if (taglock === null || t.ms < taglock.ms) taglock = t;
  }
  rmSync(file);

  const hugeFile = join(dir, 'snapshot-5m.json');
  const huge = writeSnapshotFile(hugeFile, largeOptions(5_000_000, 8, FIFTEEN_RULES));
  const hugeRun = await simulateRun(hugeFile);
  const hugeParse = await parseRun(hugeFile);
  report('open-snapshot', {
    tags: written.tags,
    fileMb: Math.round(written.bytes / 2 ** 20),
    runs: RUNS,
    simulateMs: taglock!.ms,
    simulatePeakMb: taglockPeak,
    bareParseMs: parse!.ms,
    bareParsePeakMb: parsePeak,
    huge: {
      tags: huge.tags,
      fileMb: Math.round(huge.bytes / 2 ** 20),
      simulateStatus: hugeRun.status,
      simulateMs: hugeRun.ms,
      simulatePeakMb: hugeRun.peakMb,
      simulateError: hugeRun.status === 0 ? null : hugeRun.stderr.trim().split('\n').at(-1),
      bareParseStatus: hugeParse.status,
      bareParseError: hugeParse.status === 0 ? null : (/(RangeError|Error)[^\n]*/.exec(hugeParse.stderr)?.[0] ?? hugeParse.stderr.trim().split('\n').at(-1)),
    },
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
