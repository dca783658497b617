// Differential test: Taglock's decision engine against the Go oracle's `decide` (spec §2, written after
// Harbor's Go code and linked with the same glob library) on ~2,000 random rule sets.
import { describe, expect, it } from 'vitest';
import { decideRules } from '../../../shared/engine/decide.js';
import { harborProfile } from '../../../shared/engine/harbor-profile.js';
import {
  buildGoOracleChecked,
  runOracleBenchDecide,
  runOracleDecide,
  runOracleDecideBatch,
  type OracleDecision,
} from '../../support/go-oracle.js';
import { generateDecisionCases } from '../glob/generate-cases.js';

const ORACLE_REQUIRED = Boolean(process.env.CI) || process.env.TAGLOCK_REQUIRE_GO_ORACLE === '1';

async function oracleOrSkip(ctx: { skip: (note?: string) => never }): Promise<string> {
  const build = await buildGoOracleChecked();
  if ('path' in build) return build.path;
  const message = `Go oracle unavailable: ${build.skip}`;
  if (ORACLE_REQUIRED) throw new Error(`${message}; required because CI/TAGLOCK_REQUIRE_GO_ORACLE is set`);
  console.warn(`SKIPPED decision differential: ${message}`);
  return ctx.skip(message);
}

const summary = (d: { immutable: boolean; rule: number | null; error: string | null }): string =>
  d.error !== null ? `ERROR(${d.error})` : d.immutable ? `IMMUTABLE by rule ${d.rule}` : 'mutable';

const MATCHER_PROFILE = harborProfile('v2.16.0');

describe('decision engine vs Harbor procedure (Go oracle), dialect v1.3.4', () => {
  it('agrees on ~2,000 random rule sets with their candidates', async (ctx) => {
    const bin = await oracleOrSkip(ctx);
    const cases = generateDecisionCases();
    const flat = cases.flatMap((c, setIndex) =>
      c.candidates.map((cand) => ({ setIndex, rules: c.rules, repository: cand.repository, tags: cand.tags })),
    );
    const goAnswers = await runOracleDecideBatch(bin, flat);

    const disagreements: string[] = [];
    const count = { immutable: 0, mutable: 0, error: 0 };
    flat.forEach((q, i) => {
      const go = goAnswers[i]!;
      count[go.error !== null ? 'error' : go.immutable ? 'immutable' : 'mutable']++;
      let ts: OracleDecision;
      try {
        // The oracle is Harbor's matcher (match.go), which judges the name its caller gives it; a 2.16
        // profile's retention path passes the name on unchanged (2.15.2's caller strips it first).
        ts = decideRules(q.rules, q.repository, q.tags, 'v1.3.4', MATCHER_PROFILE);
      } catch (e) {
        disagreements.push(`#${i} decideRules threw ${String(e)} (go: ${summary(go)})`);
        return;
      }
      // Error texts need not match Go's; whether there was an error must.
      const same = ts.immutable === go.immutable && ts.rule === go.rule && (ts.error !== null) === (go.error !== null);
      if (!same) {
        disagreements.push(
          `#${i} repository=${JSON.stringify(q.repository)} tags=${JSON.stringify(q.tags)}\n` +
            `      go: ${summary(go)}\n      ts: ${summary(ts)}\n      rules: ${JSON.stringify(q.rules)}`,
        );
      }
    });

    console.info(
      `decision differential: ${cases.length} rule sets, ${flat.length} candidates: ` +
        `immutable ${count.immutable}, mutable ${count.mutable}, error ${count.error}`,
    );
    expect(
      disagreements.length,
      `${disagreements.length} of ${flat.length} decisions disagree; first ${Math.min(20, disagreements.length)}:\n` +
        disagreements.slice(0, 20).join('\n'),
    ).toBe(0);
  });

  it('decide --rules FILE and bench-decide agree with the batch answers', async (ctx) => {
    const bin = await oracleOrSkip(ctx);
    const [c] = generateDecisionCases(1, 42);
    const rules = [
      ...c!.rules,
      { id: 100, action: 'immutable', template: 'immutable_template',
        scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
        tag_selectors: [{ kind: 'doublestar', decoration: 'excludes', pattern: '{rc,test,nightly}' }] },
    ];
    const candidates = [...c!.candidates, { repository: 'app', tags: [] }, { repository: 'app', tags: ['rc'] }];
    const viaFile = await runOracleDecide(bin, JSON.stringify(rules), candidates);
    const viaBatch = await runOracleDecideBatch(bin, candidates.map((x) => ({ rules, ...x })));
    expect(viaFile).toEqual(viaBatch);
    const bench = await runOracleBenchDecide(bin, rules, candidates);
    expect(bench.candidates).toBe(candidates.length);
    expect(bench.immutable).toBe(viaFile.filter((d) => d.immutable).length);
    expect(bench.seconds).toBeGreaterThanOrEqual(0);
  });
});
