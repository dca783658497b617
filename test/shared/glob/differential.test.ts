// Differential test: Taglock's glob matcher (dialect v1.3.4) against the glob library Harbor links,
// github.com/bmatcuk/doublestar, run through the Go oracle on >= 100,000 generated (pattern, name) pairs.
import { describe, expect, it } from 'vitest';
import type { CompiledGlob, GlobOutcome } from '../../../shared/glob/dialect.js';
import { compileGlob } from '../../../shared/glob/index.js';
import { buildGoOracleChecked, runOracleMatch, type OracleAnswer } from '../../support/go-oracle.js';
import { coverage, generateGlobCases, hasEmptyPathComponent, type GlobCase } from './generate-cases.js';

/** On CI the packages are installed by the CI script, so a missing oracle there is a failure, not a skip. */
const ORACLE_REQUIRED = Boolean(process.env.CI) || process.env.TAGLOCK_REQUIRE_GO_ORACLE === '1';

async function oracleOrSkip(ctx: { skip: (note?: string) => never }): Promise<string> {
  const build = await buildGoOracleChecked();
  if ('path' in build) return build.path;
  const message = `Go oracle unavailable: ${build.skip}`;
  if (ORACLE_REQUIRED) throw new Error(`${message}; required because CI/TAGLOCK_REQUIRE_GO_ORACLE is set`);
  console.warn(`SKIPPED glob differential: ${message}`);
  return ctx.skip(message);
}

function compileOrError(pattern: string): CompiledGlob | Error {
  try {
    return compileGlob(pattern, 'v1.3.4');
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

let generatedCases: GlobCase[] | undefined;
/** The generated pairs, made once per test file. */
function globCases(): GlobCase[] {
  generatedCases ??= generateGlobCases();
  return generatedCases;
}

const TO_ORACLE: Record<GlobOutcome, OracleAnswer> = { match: 'true', miss: 'false', error: 'ERR' };

interface Disagreement {
  pattern: string;
  name: string;
  go: OracleAnswer;
  ts: string;
  kind: string;
}

function formatDisagreements(list: readonly Disagreement[], total: number): string {
  const rows = list
    .slice(0, 20)
    .map((d, i) => `  ${String(i + 1).padStart(2)}. pattern=${JSON.stringify(d.pattern)} name=${JSON.stringify(d.name)} go=${d.go} ts=${d.ts} (${d.kind})`);
  return `${list.length} of ${total} pairs disagree; first ${rows.length}:\n${rows.join('\n')}`;
}

function tally(cases: readonly GlobCase[], answers: readonly OracleAnswer[]): string {
  const count = { true: 0, false: 0, ERR: 0 };
  for (const a of answers) count[a]++;
  const pct = (n: number): string => `${((100 * n) / answers.length).toFixed(1)}%`;
  const patterns = new Set(cases.map((c) => c.p)).size;
  return (
    `${answers.length} pairs over ${patterns} patterns: ` +
    `match ${count.true} (${pct(count.true)}), miss ${count.false} (${pct(count.false)}), error ${count.ERR} (${pct(count.ERR)})`
  );
}

describe('glob matcher vs doublestar (Go oracle), dialect v1.3.4', () => {
  it('the generated cases exercise every feature of the dialect', () => {
    const cases = globCases();
    const { features, names } = coverage(cases);
    const thin = Object.entries(features).filter(([, n]) => n < 50);
    expect(thin, `features exercised by fewer than 50 patterns: ${JSON.stringify(thin)}`).toEqual([]);
    // Mostly realistic names; the rest are derived from patterns (unicode, '*', '[' ... instantiated).
    expect(names.tagShaped + names.repoShaped).toBeGreaterThan(0.6 * cases.length);
    expect(names.empty).toBeGreaterThan(0);
  });

  it('the oracle links the expected library (spec §3 facts)', async (ctx) => {
    const bin = await oracleOrSkip(ctx);
    const facts: [string, string, OracleAnswer][] = [
      ['release-**', 'release-1/x', 'false'], // ** inside a component is *
      ['**', 'a/b/c', 'true'],
      ['{**/app}', 'app', 'false'], // v1.3.4 quirk
      ['{**/app,x}', 'x', 'false'], // Harbor issue #21710
      ['{team/app,team}', 'team', 'false'],
      ['{ latest, stable}', 'stable', 'false'],
      ['[!x]', '!', 'true'], // '!' is a literal, '^' negates
      ['[^x]', 'y', 'true'],
      ['a[', 'a', 'false'], // the error is reached only when matching gets there
      ['a[', 'ab', 'ERR'],
      ['{a,b}/c', 'b/c', 'true'],
    ];
    const answers = await runOracleMatch(bin, facts.map(([p, n]) => ({ p, n })));
    expect(answers).toEqual(facts.map(([, , want]) => want));
  });

  it('agrees with the TypeScript matcher on >= 100,000 generated pairs', async (ctx) => {
    const bin = await oracleOrSkip(ctx);
    const started = performance.now();
    const cases = globCases();
    // The oracle (doublestar 2.0.4) speaks for v1.3.4 except on names with an empty path component;
    // see hasEmptyPathComponent(). Those pairs are reported below, not asserted.
    const authoritative = cases.filter((c) => !hasEmptyPathComponent(c.n)).length;
    expect(authoritative).toBeGreaterThanOrEqual(100_000);
    const generated = performance.now();

    const goAnswers = await runOracleMatch(bin, cases);
    const goDone = performance.now();

    const compiled = new Map<string, CompiledGlob | Error>();
    const disagreements: Disagreement[] = [];
    const outsideOracle: Disagreement[] = [];
    // Names without the start a compiled glob says every match has must be plain misses in the library too.
    let withoutRequiredStart = 0;
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      const go = goAnswers[i]!;
      let glob = compiled.get(c.p);
      if (glob === undefined) {
        glob = compileOrError(c.p);
        compiled.set(c.p, glob);
      }
      let ts: string;
      if (glob instanceof Error) ts = `compileGlob threw: ${glob.message}`;
      else {
        try {
          const outcome = glob.match(c.n);
          ts = TO_ORACLE[outcome] ?? `unexpected outcome ${String(outcome)}`;
        } catch (e) {
          ts = `match threw: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      if (!(glob instanceof Error) && glob.requiredStart !== '' && !c.n.startsWith(glob.requiredStart) && !hasEmptyPathComponent(c.n)) {
        withoutRequiredStart++;
        if (go !== 'false') disagreements.push({ pattern: c.p, name: c.n, go, ts: `a miss: the name lacks the required start ${JSON.stringify(glob.requiredStart)}`, kind: `${c.kind}/${c.from}` });
      }
      if (ts === go) continue;
      const d = { pattern: c.p, name: c.n, go, ts, kind: `${c.kind}/${c.from}` };
      // A thrown exception is a bug whatever the name; an answer that differs there is a version difference.
      if (hasEmptyPathComponent(c.n) && !ts.includes('threw')) outsideOracle.push(d);
      else disagreements.push(d);
    }
    const tsDone = performance.now();

    const ms = (a: number, b: number): string => `${((b - a) / 1000).toFixed(2)} s`;
    console.info(
      `glob differential: ${tally(cases, goAnswers)}; ` +
        `generate ${ms(started, generated)}, go ${ms(generated, goDone)}, ts ${ms(goDone, tsDone)}`,
    );
    if (outsideOracle.length > 0) {
      console.info(
        `glob differential: ${outsideOracle.length} of ${cases.length - authoritative} pairs whose name has an empty ` +
          `path component differ from doublestar 2.0.4 (expected there: v1.3.4 splits names first; not asserted), e.g.\n` +
          outsideOracle
            .slice(0, 5)
            .map((d) => `  pattern=${JSON.stringify(d.pattern)} name=${JSON.stringify(d.name)} go2.0.4=${d.go} ts=${d.ts}`)
            .join('\n'),
      );
    }
    expect(disagreements.length, formatDisagreements(disagreements, authoritative)).toBe(0);
    expect(withoutRequiredStart).toBeGreaterThan(1000);
  });
});
