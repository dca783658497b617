// `npm run bench`: runs each benchmark section in its own process (so memory is measured per section),
// then reports every figure as a ratio against a baseline measured in the same run, with its target.
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
const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
const fmt = (n: number, digits = 1) => n.toFixed(digits);

if (want('decide')) {
  const r = runSection('decide') as Row & { candidates: number; taglockMs: number; goMs: number | null; taglockImmutable: number; goImmutable: number | null; goUnavailable: string | null };
  rows.push(r);
  const tsRate = r.candidates / (r.taglockMs / 1000);
  if (r.goMs === null) {
    lines.push(`decide: ${fmt(tsRate / 1e6, 2)} M candidates/s; Go baseline unavailable (${r.goUnavailable})`);
  } else {
    const goRate = r.candidates / (r.goMs / 1000);
    const ratio = tsRate / goRate;
    lines.push(
      `decide ${r.candidates} candidates x 15 rules: Taglock ${fmt(r.taglockMs, 0)} ms (${fmt(tsRate / 1e6, 2)} M/s), ` +
        `Harbor's Go+doublestar ${fmt(r.goMs, 0)} ms (${fmt(goRate / 1e6, 2)} M/s): ${fmt(ratio, 2)}x its throughput ` +
        `[target >= 5x: ${verdict(ratio >= 5)}]; same verdicts: ${r.taglockImmutable === r.goImmutable ? 'yes' : `NO (${r.taglockImmutable} vs ${r.goImmutable})`}`,
    );
  }
}

if (want('simulate-large')) {
  const base = runSection('baseline-process') as Row & { peakRssMb: number };
  const r = runSection('simulate-large') as Row & { tags: number; simulateMs: number; generateMs: number; peakRssMb: number };
  rows.push(base, r);
  lines.push(
    `simulate ${r.tags} tags: ${fmt(r.simulateMs, 0)} ms (snapshot generated into memory first: ${fmt(r.generateMs, 0)} ms) = ${fmt(r.simulateMs / 1000, 2)}x the 1 s budget ` +
      `[target < 1 s: ${verdict(r.simulateMs < 1000)}]`,
  );
  lines.push(
    `peak memory holding that snapshot and its simulation: ${r.peakRssMb} MB (a bare process with the engine: ${base.peakRssMb} MB; ` +
      `${fmt(r.peakRssMb / base.peakRssMb, 1)}x it) [target < 400 MB: ${verdict(r.peakRssMb < 400)}]`,
  );
}

if (want('resimulate')) {
  const r = runSection('resimulate') as Row & { tags: number; ms: number; incrementalMs: number };
  rows.push(r);
  lines.push(
    `re-simulate ${r.tags} tags after one rule edit (with the diff): ${fmt(r.ms, 1)} ms from scratch = ${fmt(r.ms / 50, 2)}x the 50 ms budget ` +
      `[target < 50 ms: ${verdict(r.ms < 50)}]; ${fmt(r.incrementalMs, 1)} ms reusing the previous result, as the editor does`,
  );
}

if (want('harbor-fetch')) {
  const r = runSection('harbor-fetch') as Row & { repositories: number; artifacts: number; requests: number; concurrency: number; wallMs: number; lowerBoundMs: number };
  rows.push(r);
  const ratio = r.wallMs / r.lowerBoundMs;
  lines.push(
    `snapshot ${r.repositories} repositories x ${r.artifacts / r.repositories} artifacts from the Harbor-faithful server, 20 ms per answer: ${fmt(r.wallMs, 0)} ms for ${r.requests} requests ` +
      `at concurrency ${r.concurrency}; lower bound ${fmt(r.lowerBoundMs, 0)} ms: ${fmt(ratio, 2)}x [target <= 1.5x: ${verdict(ratio <= 1.5)}]`,
  );
}

if (want('oci-list')) {
  const r = runSection('oci-list') as Row & { skipped?: string; repositories: number; taglockMs: number; skopeoMs: number; taglockTags: number; skopeoTags: number };
  rows.push(r);
  if (r.skipped) lines.push(`list tags of a real registry: skipped (${r.skipped})`);
  else {
    const ratio = r.taglockMs / r.skopeoMs;
    lines.push(
      `list tags of ${r.repositories} repositories of a real docker-registry: Taglock ${fmt(r.taglockMs, 0)} ms, skopeo list-tags ${fmt(r.skopeoMs, 0)} ms: ` +
        `${fmt(ratio, 3)}x skopeo's time [target <= 1x: ${verdict(ratio <= 1)}]; same tags: ${r.taglockTags === r.skopeoTags ? 'yes' : 'NO'}`,
    );
  }
}

if (want('browser-first-screen')) {
  const r = runSection('browser-first-screen') as Row & { skipped?: string; firstScreenMs: number; firstScreenColdMs: number; blankPageMs: number };
  rows.push(r);
  if (r.skipped) lines.push(`first screen in Chromium: skipped (${r.skipped})`);
  else
    lines.push(
      `first screen with the demo snapshot in Chromium: median ${fmt(r.firstScreenMs, 0)} ms (first, cold: ${fmt(r.firstScreenColdMs, 0)} ms); ` +
        `a blank page from the same host: ${fmt(r.blankPageMs, 0)} ms, so ${fmt(r.firstScreenMs / r.blankPageMs, 1)}x it [target < 2 s: ${verdict(r.firstScreenColdMs < 2000 && r.firstScreenMs < 2000)}]`,
    );
}

if (want('browser-typing')) {
  const r = runSection('browser-typing') as Row & { skipped?: string; tags: number; medianMs: number; worstMs: number; simulationMedianMs: number; runsIn: string };
  rows.push(r);
  if (r.skipped) lines.push(`typing feedback in Chromium: skipped (${r.skipped})`);
  else
    lines.push(
      `simulation feedback while typing on ${r.tags} tags (${r.runsIn}): median ${fmt(r.medianMs, 0)} ms, worst ${fmt(r.worstMs, 0)} ms from keystroke to updated totals ` +
        `(simulation itself: ${fmt(r.simulationMedianMs, 0)} ms) = ${fmt(r.medianMs / 100, 2)}x the 100 ms budget [target < 100 ms: ${verdict(r.medianMs < 100)}]`,
    );
}

if (want('browser-lockmap')) {
  const r = runSection('browser-lockmap') as Row & { skipped?: string; digests: number; longTasks: number; longestTaskMs: number; renderMs: number };
  rows.push(r);
  if (r.skipped) lines.push(`lock map in Chromium: skipped (${r.skipped})`);
  else
    lines.push(
      `lock map of ${r.digests} digests in Chromium: ${r.longTasks} main-thread tasks over 50 ms during render and scroll, the longest ${fmt(r.longestTaskMs, 0)} ms ` +
        `= ${fmt(r.longestTaskMs / 200, 2)}x the 200 ms budget [target: none over 200 ms: ${verdict(r.longestTaskMs < 200)}]`,
    );
}

mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/report.json', JSON.stringify({ measuredAt: new Date().toISOString(), rows }, null, 2));
console.log('\n' + lines.join('\n'));
