// `npm run bench`: runs each benchmark section in its own process (so memory is measured per section),
// then reports every figure as a ratio against a baseline measured in the same run, with its target.
// Each target's verdict is computed from the very figure printed beside it, and the same rows are
// written as a Markdown table (.bench/report.md) for the README: user paths first, the engine after.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Row = Record<string, unknown> & { section: string };

function runSection(name: string): Row {
  const file = fileURLToPath(new URL(`./sections/${name}.ts`, import.meta.url));
  process.stderr.write(`running ${name}…\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=4096', file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bench section ${name} failed:\n${result.stderr}`);
  const line = result.stdout.trim().split('\n').at(-1)!;
  return JSON.parse(line) as Row;
}

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const rows: Row[] = [];
const lines: string[] = [];
/** The README's table: what was measured, the figure, the baseline in the same run, the target and its verdict. */
const table: string[][] = [];
const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const seconds = (ms: number) => `${fmt(ms / 1000, 2)} s`;

/** One target: its line in the output and its row in the table, from the same numbers. */
function target(what: string, figure: string, baseline: string, goal: string, ok: boolean): void {
  lines.push(`${what}: ${figure}; baseline ${baseline} [target ${goal}: ${verdict(ok)}]`);
  table.push([what, figure, baseline, goal, verdict(ok)]);
}

function note(line: string): void {
  lines.push(line);
}

if (want('open-snapshot')) {
  type Huge = { tags: number; fileMb: number; simulateStatus: number; simulateMs: number; simulatePeakMb: number | null; simulateError: string | null; bareParseStatus: number; bareParseError: string | null };
  const r = runSection('open-snapshot') as Row & { tags: number; fileMb: number; simulateMs: number; simulatePeakMb: number; bareParseMs: number; bareParsePeakMb: number; huge: Huge };
  rows.push(r);
  const ratio = r.simulateMs / r.bareParseMs;
  target(
    `\`taglock simulate --snapshot\` on a ${r.tags}-tag file (${r.fileMb} MiB), whole process`,
    `${seconds(r.simulateMs)} = ${fmt(ratio, 2)}x the baseline`,
    `a bare Node process reading the file and JSON.parse-ing it: ${seconds(r.bareParseMs)}`,
    '<= 1x',
    ratio <= 1,
  );
  target(`peak memory of that \`taglock simulate\``, `${r.simulatePeakMb} MB`, `the bare JSON.parse process: ${r.bareParsePeakMb} MB`, '< 400 MB', r.simulatePeakMb < 400);
  const h = r.huge;
  target(
    `\`taglock simulate --snapshot\` on a ${h.tags}-tag file (${h.fileMb} MiB)`,
    h.simulateStatus === 0 ? `opens and simulates in ${seconds(h.simulateMs)}, peak ${h.simulatePeakMb} MB` : `fails: ${h.simulateError}`,
    `bare JSON.parse: ${h.bareParseStatus === 0 ? 'reads it' : `fails (${h.bareParseError})`}`,
    'opens',
    h.simulateStatus === 0,
  );
}

if (want('browser-open-large')) {
  const r = runSection('browser-open-large') as Row & {
    skipped?: string;
    tags: number;
    fileMb: number;
    openMs: number;
    longestTaskMs: number;
    hostPeakMb: number;
    importMs: number;
    importHostPeakMb: number;
    simulateMs: number;
    bareParseMs: number;
    bareParsePeakMb: number;
    screenLongestTaskMs: Record<string, number>;
    cleanupLongestTaskMs: Record<string, number>;
  };
  rows.push(r);
  if (r.skipped) note(`opening a large snapshot in Chromium: skipped (${r.skipped})`);
  else {
    target(
      `opening a ${r.tags}-tag snapshot in the app (Chromium, browser host): click on Open to the simulated screen`,
      `${seconds(r.openMs)}`,
      `on the same file, \`taglock simulate\` as a whole process: ${seconds(r.simulateMs)}; a bare JSON.parse process: ${seconds(r.bareParseMs)}`,
      '< 3 s',
      r.openMs < 3000,
    );
    target('longest main-thread task while it opens', `${r.longestTaskMs} ms`, 'the 200 ms budget (PerformanceObserver longtask)', '< 200 ms', r.longestTaskMs < 200);
    target('peak memory of the host process serving it', `${r.hostPeakMb} MB`, `the bare JSON.parse process: ${r.bareParsePeakMb} MB`, '< 500 MB', r.hostPeakMb < 500);
    /** A row of steps, each with its longest main-thread task, against the 200 ms budget. */
    const taskRow = (what: string, steps: Record<string, number>, baseline: string) => {
      const entries = Object.entries(steps);
      target(what, entries.map(([step, ms]) => `${step} ${ms} ms`).join(', '), baseline, '< 200 ms each', entries.every(([, ms]) => ms < 200));
    };
    taskRow('then the first visit of every screen: its longest main-thread task', r.screenLongestTaskMs, 'the 200 ms budget (PerformanceObserver longtask; 0: none over 50 ms)');
    taskRow(
      'then on Cleanup: another "run at", a retention rule added, made a dated one, another "run at": the longest main-thread task of each',
      r.cleanupLongestTaskMs,
      'the 200 ms budget (the forecast runs on the page)',
    );
    note(`importing that ${r.fileMb} MiB file streamed through the host: ${seconds(r.importMs)}, host peak ${r.importHostPeakMb} MB`);
  }
}

if (want('browser-first-screen')) {
  const r = runSection('browser-first-screen') as Row & { skipped?: string; firstScreenMs: number; firstScreenColdMs: number; blankPageMs: number };
  rows.push(r);
  if (r.skipped) note(`first screen in Chromium: skipped (${r.skipped})`);
  else
    target(
      'first screen with the demo snapshot in Chromium',
      `median ${fmt(r.firstScreenMs, 0)} ms, first (cold) ${fmt(r.firstScreenColdMs, 0)} ms`,
      `a blank page from the same host: ${fmt(r.blankPageMs, 0)} ms`,
      '< 2 s',
      r.firstScreenColdMs < 2000 && r.firstScreenMs < 2000,
    );
}

if (want('browser-typing')) {
  const r = runSection('browser-typing') as Row & {
    skipped?: string;
    tags: number;
    medianMs: number;
    worstMs: number;
    simulationMedianMs: number;
    runsIn: string;
    keystrokes: number;
    turnedVerdicts: number;
    turningKeystrokes: number;
    turningMedianMs: number;
    turningWorstMs: number;
    turningSimulationMedianMs: number;
    rulesScreenLongestTaskMs: number;
    rulesScreenLongTasks: number;
  };
  rows.push(r);
  if (r.skipped) note(`typing feedback in Chromium: skipped (${r.skipped})`);
  else {
    target(
      `simulation feedback while typing a tag pattern on ${r.tags} tags in Chromium (${r.runsIn})`,
      `median ${fmt(r.medianMs, 0)} ms, worst ${fmt(r.worstMs, 0)} ms from keystroke to updated totals`,
      `the simulation itself: ${fmt(r.simulationMedianMs, 0)} ms`,
      'median < 100 ms, worst < 200 ms',
      r.medianMs < 100 && r.worstMs < 200,
    );
    target(
      `simulation feedback on ${r.tags} tags for keystrokes that turn ${r.turnedVerdicts} verdicts each ("*" typed and deleted, ${r.turningKeystrokes} keystrokes)`,
      `median ${fmt(r.turningMedianMs, 0)} ms, worst ${fmt(r.turningWorstMs, 0)} ms from keystroke to updated totals`,
      `the simulation itself: ${fmt(r.turningSimulationMedianMs, 0)} ms`,
      'median < 100 ms, worst < 200 ms',
      r.turningMedianMs < 100 && r.turningWorstMs < 200,
    );
    target(
      `entering the Rules screen on ${r.tags} tags in Chromium, until its presets show their numbers`,
      `longest main-thread task ${fmt(r.rulesScreenLongestTaskMs, 0)} ms (${r.rulesScreenLongTasks} over 50 ms)`,
      'the 200 ms budget',
      'none over 200 ms',
      r.rulesScreenLongestTaskMs < 200,
    );
  }
}

if (want('browser-lockmap')) {
  const r = runSection('browser-lockmap') as Row & { skipped?: string; digests: number; longTasks: number; longestTaskMs: number; renderMs: number };
  rows.push(r);
  if (r.skipped) note(`lock map in Chromium: skipped (${r.skipped})`);
  else
    target(
      `lock map of ${r.digests} digests in Chromium, render and scroll`,
      `longest main-thread task ${fmt(r.longestTaskMs, 0)} ms (${r.longTasks} over 50 ms)`,
      'the 200 ms budget',
      'none over 200 ms',
      r.longestTaskMs < 200,
    );
}

type EvalOrder = { candidates: number; taglockMs: number; goMs: number | null };
if (want('eval-process')) {
  const r = runSection('eval-process') as Row & { grouped: EvalOrder; shuffled: EvalOrder; goUnavailable: string | null };
  rows.push(r);
  for (const order of ['grouped', 'shuffled'] as const) {
    const o = r[order];
    if (o.goMs === null) note(`taglock eval, ${order}: ${seconds(o.taglockMs)}; Go baseline unavailable (${r.goUnavailable})`);
    else {
      const ratio = o.goMs / o.taglockMs;
      target(
        `\`taglock eval\`, ${o.candidates} candidates ${order}, whole process`,
        `${seconds(o.taglockMs)} = ${fmt(ratio, 2)}x the Go program's throughput`,
        `Harbor's Go+doublestar \`decide\` as a whole process: ${seconds(o.goMs)}`,
        '>= 3x',
        ratio >= 3,
      );
    }
  }
}

type FetchRow = { concurrency: number; requests: number; repositories: number; artifacts: number; taglockMs: number; plainClientMs: number; lowerBoundMs: number };
if (want('harbor-fetch')) {
  const r = runSection('harbor-fetch') as Row & { latencyMs: number; rows: FetchRow[] };
  rows.push(r);
  for (const f of r.rows) {
    const ratio = f.taglockMs / f.plainClientMs;
    target(
      `snapshot of ${f.repositories} repositories x ${f.artifacts / f.repositories} artifacts, ${r.latencyMs} ms per answer, ${f.concurrency} in flight`,
      `${seconds(f.taglockMs)} for ${f.requests} requests = ${fmt(ratio, 2)}x the baseline (${fmt(f.taglockMs / f.lowerBoundMs, 2)}x the lower bound ${seconds(f.lowerBoundMs)})`,
      `a plain HTTP client replaying the same requests: ${seconds(f.plainClientMs)}`,
      '<= 1.15x',
      ratio <= 1.15,
    );
  }
}

if (want('oci-list')) {
  const r = runSection('oci-list') as Row & { skipped?: string; repositories: number; taglockMs: number; skopeoMs: number; taglockTags: number; skopeoTags: number };
  rows.push(r);
  if (r.skipped) note(`list tags of a real registry: skipped (${r.skipped})`);
  else {
    const ratio = r.taglockMs / r.skopeoMs;
    target(
      `list tags of ${r.repositories} repositories of a real docker-registry${r.taglockTags === r.skopeoTags ? '' : ' (DIFFERENT TAGS)'}`,
      `${fmt(r.taglockMs, 0)} ms = ${fmt(ratio, 3)}x the baseline`,
      `skopeo list-tags: ${fmt(r.skopeoMs, 0)} ms`,
      '<= 1x',
      ratio <= 1 && r.taglockTags === r.skopeoTags,
    );
  }
}

type DecideOrder = { candidates: number; repositories: number; taglockMs: number; taglockImmutable: number; goMs: number | null; goImmutable: number | null };
if (want('decide')) {
  const r = runSection('decide') as Row & { passes: number; grouped: DecideOrder; shuffled: DecideOrder; goUnavailable: string | null };
  rows.push(r);
  for (const order of ['grouped', 'shuffled'] as const) {
    const o = r[order];
    const rate = o.candidates / (o.taglockMs / 1000);
    if (o.goMs === null) note(`decide, ${order}: ${fmt(rate / 1e6, 2)} M candidates/s; Go baseline unavailable (${r.goUnavailable})`);
    else {
      const ratio = o.goMs / o.taglockMs;
      const same = o.taglockImmutable === o.goImmutable;
      target(
        `decide ${o.candidates} candidates (${o.repositories} repositories, ${order}) x 15 rules, in-process${same ? '' : ' (VERDICTS DIFFER)'}`,
        `${fmt(o.taglockMs, 0)} ms (${fmt(rate / 1e6, 2)} M/s) = ${fmt(ratio, 2)}x the Go program's throughput`,
        `Harbor's Go+doublestar, same input, best of ${r.passes} passes taking turns with Taglock's: ${fmt(o.goMs, 0)} ms`,
        '>= 10x',
        ratio >= 10 && same,
      );
    }
  }
}

if (want('simulate-large')) {
  const base = runSection('baseline-process') as Row & { peakRssMb: number };
  const r = runSection('simulate-large') as Row & { tags: number; simulateMs: number; generateMs: number; peakRssMb: number };
  rows.push(base, r);
  target(`simulate ${r.tags} tags in memory (engine only)`, `${fmt(r.simulateMs, 0)} ms`, 'the 1 s budget', '< 1 s', r.simulateMs < 1000);
  target(`peak memory holding that snapshot and its simulation`, `${r.peakRssMb} MB`, `a bare process with the engine: ${base.peakRssMb} MB`, '< 400 MB', r.peakRssMb < 400);
}

if (want('resimulate')) {
  const r = runSection('resimulate') as Row & { tags: number; ms: number; incrementalMs: number };
  rows.push(r);
  // The verdict is on the editor's path: a keystroke re-simulates reusing the previous result.
  target(
    `re-simulate ${r.tags} tags after one rule edit (engine only), as the editor does: reusing the previous result`,
    `${fmt(r.incrementalMs, 1)} ms (without the previous result, the other rules' tag answers still kept: ${fmt(r.ms, 1)} ms)`,
    'the 50 ms budget',
    '< 50 ms',
    r.incrementalMs < 50,
  );
}

if (want('retention')) {
  const r = runSection('retention') as Row & {
    tags: number;
    simulateMs: number;
    forecastMs: number;
    forecastPreparedMs: number;
    simulateCpuMs: number;
    forecastCpuMs: number;
    forecastPreparedCpuMs: number;
    runAtChangeMs: number;
    smallTags: number;
    retentionEditMs: number;
    retentionEditScratchMs: number;
    immutabilityEditMs: number;
    smallSimulateMs: number;
  };
  rows.push(r);
  target(
    `cleanup forecast of ${r.tags} tags, 15 retention rules x 15 immutability rules, from scratch (engine only)`,
    `${fmt(r.forecastMs, 0)} ms (${fmt(r.forecastPreparedMs, 0)} ms once the snapshot is prepared); processor time ${fmt(r.forecastCpuMs, 0)} ms`,
    `a simulation of the same snapshot, rounds interleaved: ${fmt(r.simulateMs, 0)} ms (processor time ${fmt(r.simulateCpuMs, 0)} ms), so ${fmt(r.forecastMs / r.simulateMs, 2)}x it`,
    '< 1 s',
    r.forecastMs < 1000,
  );
  target(
    `cleanup forecast of ${r.tags} tags redone for another "run at", reusing the previous forecast (engine only; the app does this on the page)`,
    `${fmt(r.runAtChangeMs, 0)} ms = ${fmt(r.runAtChangeMs / r.forecastPreparedMs, 2)}x the forecast of the prepared snapshot`,
    `the forecast of the prepared snapshot from scratch: ${fmt(r.forecastPreparedMs, 0)} ms; a simulation: ${fmt(r.simulateMs, 0)} ms`,
    '< 200 ms (a main-thread task)',
    r.runAtChangeMs < 200,
  );
  const worst = Math.max(r.retentionEditMs, r.immutabilityEditMs);
  target(
    `cleanup forecast of ${r.smallTags} tags after one rule edit, reusing the previous forecast (engine only)`,
    `${fmt(r.retentionEditMs, 1)} ms after a retention rule edit, ${fmt(r.immutabilityEditMs, 1)} ms after an immutability rule edit`,
    `the forecast from scratch: ${fmt(r.retentionEditScratchMs, 1)} ms; a simulation of that snapshot: ${fmt(r.smallSimulateMs, 1)} ms`,
    '< 50 ms',
    worst < 50,
  );
}

const markdown = [
  '| what (measured in one run of `npm run bench`) | figure | baseline in the same run | target | verdict |',
  '|---|---|---|---|---|',
  ...table.map((cells) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
].join('\n');
mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/report.json', JSON.stringify({ measuredAt: new Date().toISOString(), rows }, null, 2));
writeFileSync('.bench/report.md', markdown + '\n');
console.log('\n' + lines.join('\n') + '\n\n' + markdown);
