// `taglock eval` end to end, as a whole process, against the Go program's `decide` as a whole process:
// 1,000,000 JSON lines on stdin (grouped by repository, then shuffled), one answer line per candidate
// on stdout, process start included on both sides. Runs alternate; each one's fastest counts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGoOracle, goOracleUnavailableReason } from '../../test/support/go-oracle.js';
import { report } from '../measure.js';
import { buildCli, CLI, runProcess } from '../support/processes.js';
import type { ProcessRun } from '../support/processes.js';
import { decisionCandidates, FIFTEEN_RULES } from '../workloads.js';

const RUNS = 3;
buildCli();
const bin = await buildGoOracle();
const dir = mkdtempSync(join(tmpdir(), 'taglock-bench-eval-'));
try {
  const rules = join(dir, 'rules.json');
  writeFileSync(rules, JSON.stringify(FIFTEEN_RULES));
  const orders: Record<string, unknown> = {};
  for (const order of ['grouped', 'shuffled'] as const) {
    const input = join(dir, `${order}.jsonl`);
    const candidates = decisionCandidates(1_000_000, order);
    writeFileSync(input, candidates.map((c) => JSON.stringify(c)).join('\n') + '\n');
    let taglock: ProcessRun | null = null;
    let go: ProcessRun | null = null;
    for (let i = 0; i < RUNS; i++) {
      const t = await runProcess(process.execPath, [CLI, 'eval', '--rules', rules], { stdinFile: input });
      if (t.status !== 0) throw new Error(`taglock eval failed: ${t.stderr}`);
      if (taglock === null || t.ms < taglock.ms) taglock = t;
      if (bin !== null) {
        const g = await runProcess(bin, ['decide', '--rules', rules], { stdinFile: input });
        if (g.status !== 0) throw new Error(`harbor-oracle decide failed: ${g.stderr}`);
        if (go === null || g.ms < go.ms) go = g;
      }
    }
    orders[order] = { candidates: candidates.length, taglockMs: taglock!.ms, goMs: go?.ms ?? null };
  }
  report('eval-process', { runs: RUNS, ...orders, goUnavailable: bin === null ? goOracleUnavailableReason() : null });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
