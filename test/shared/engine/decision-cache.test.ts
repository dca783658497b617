// The decision cache (repository names and tags, each in two generations) answers as judge.ts does for
// streams of candidates in any order, matches each tag pattern once per recurring tag, and
// stays bounded on an endless stream.
import { describe, expect, it } from 'vitest';
import { DecisionCache } from '../../../shared/engine/decision-cache.js';
import { judge, repositoryStates } from '../../../shared/engine/judge.js';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import type { CompiledRuleSet } from '../../../shared/engine/rule-set.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { generateDecisionCases, Rng } from '../glob/generate-cases.js';

function judged(set: CompiledRuleSet, repository: string, tags: readonly string[]): number {
  const states = new Uint8Array(set.rules.length);
  repositoryStates(set, repository, states);
  return judge(set, states, repository, tags);
}

const rule = (id: number, repository: string, tag: string, decoration = 'matches') => ({
  id,
  disabled: false,
  action: 'immutable',
  template: 'immutable_template',
  tag_selectors: [{ kind: 'doublestar', decoration, pattern: tag }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: repository }] },
});

describe('DecisionCache', () => {
  it('answers as judge does for repositories and tags that recur across each other, grouped and shuffled, whatever its generation sizes', () => {
    const rng = new Rng(0xdec1de);
    const cases = generateDecisionCases(150, 0x7a95);
    let compared = 0;
    cases.forEach((c, k) => {
      const set = compileRuleSet(parseWireRules(c.rules), 'v1.3.4');
      // Names and tags of this case and its neighbour, crossed, each pair several times.
      const pool = [...c.candidates, ...cases[(k + 1) % cases.length]!.candidates];
      const repositories = [...new Set(pool.map((p) => p.repository))];
      const tags = [...new Set(pool.flatMap((p) => p.tags))];
      if (tags.length === 0) return;
      const grouped = repositories.flatMap((repository) => Array.from({ length: 12 }, () => [repository, rng.pick(tags)] as const));
      const shuffled = rng.shuffle([...grouped]);
      for (const [repositoryLimit, tagLimit] of [[1, 1], [2, 3], [1000, 1000]] as const) {
        for (const order of [grouped, shuffled]) {
          const cache = new DecisionCache(set, repositoryLimit, tagLimit);
          for (const [repository, tag] of order) {
            expect(cache.verdict(repository, [tag])).toBe(judged(set, repository, [tag]));
            compared++;
          }
        }
      }
    });
    expect(compared).toBeGreaterThan(25_000);
  });

  it('answers as judge does for rule sets too long for its bit masks (per-rule states kept packed)', () => {
    const cases = generateDecisionCases(400, 0x1095);
    let compared = 0;
    for (let k = 0; k + 12 <= cases.length; k += 12) {
      const group = cases.slice(k, k + 12);
      // Twelve generated rule sets in one, ids renumbered: 12 to 72 rules, past the 31 of the bit masks.
      const rules = group.flatMap((c, g) => c.rules.map((r) => ({ ...(r as Record<string, unknown>), id: g * 100 + Number((r as { id?: number }).id ?? 0) })));
      const set = compileRuleSet(parseWireRules(rules), 'v1.3.4');
      expect(set.rules.length).toBeGreaterThan(31);
      const candidates = group.flatMap((c) => c.candidates);
      for (const [repositoryLimit, tagLimit] of [[1, 1], [3, 3], [1000, 1000]] as const) {
        const cache = new DecisionCache(set, repositoryLimit, tagLimit);
        for (const candidate of [...candidates, ...[...candidates].reverse(), ...candidates]) {
          expect(cache.verdict(candidate.repository, candidate.tags)).toBe(judged(set, candidate.repository, candidate.tags));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(5_000);
  });

  it('matches a tag pattern for a recurring tag at most twice (first sighting, then once for good), whatever the order', () => {
    const set = compileRuleSet(parseWireRules([rule(1, 'a/**', 'v*'), rule(2, '**', 'v*'), rule(3, '**', '{main,latest}')]), 'v1.3.4');
    const cache = new DecisionCache(set, 100, 100);
    const rng = new Rng(7);
    const tags = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? `v${i}` : `build-${i}`));
    for (let i = 0; i < 20_000; i++) {
      const repository = `${rng.pick(['a', 'b'])}/app-${rng.int(0, 30)}`;
      const tag = rng.pick(tags);
      expect(cache.verdict(repository, [tag])).toBe(judged(set, repository, [tag]));
    }
    // Two distinct patterns ("v*" is shared by rules 1 and 2), each matched at most twice per tag.
    expect(cache.matched).toBeLessThanOrEqual(40 * 2 * 2);
    expect(cache.computed).toBe(62);
  });

  it('answers from a tag\'s first two characters where they rule patterns out, as judge does, matching none of them', () => {
    const patterns = ['v*', 'release-*', '[0-9]*.*', '{main,latest}', 'st*', '[^s]?*', '*-rc', 'sha-*'];
    const tags = ['sha-1f2e3d4', 'v1.0', '1.2', 'main', 'latest', 'stable', 'x-rc', 'rc', 'st', 's', '', '/v1', 'v\\/x', 'é1', 'release-2'];
    for (const dialect of ['v1.3.4', 'v1.1.1'] as const) {
      for (let k = 0; k < patterns.length; k++) {
        // Every pattern in turn first, as `matches` and as `excludes`, the others after it.
        const ordered = [...patterns.slice(k), ...patterns.slice(0, k)];
        const set = compileRuleSet(parseWireRules(ordered.map((p, i) => rule(i + 1, i % 3 === 0 ? 'team/**' : '**', p, (i + k) % 2 === 0 ? 'matches' : 'excludes'))), dialect);
        const cache = new DecisionCache(set, 100, 100);
        for (const repository of ['team/app', 'other/app']) for (const tag of tags) expect(cache.verdict(repository, [tag]), `${dialect} ${ordered.join(' ')} ${repository} ${tag}`).toBe(judged(set, repository, [tag]));
      }
    }
    // "sha-…" against patterns that all start elsewhere: answered without matching any of them.
    const set = compileRuleSet(parseWireRules([rule(1, '**', 'v*'), rule(2, '**', 'release-*'), rule(3, '**', '{main,latest}', 'excludes'), rule(4, '**', 'sha-*')]), 'v1.3.4');
    const cache = new DecisionCache(set, 100, 100);
    for (let i = 0; i < 100; i++) expect(cache.verdict(`team/app-${i % 7}`, [`sha-${i}`])).toBe(2);
    expect(cache.matched).toBe(0);
  });

  it('answers from a repository name\'s first two characters where they rule repository patterns out, as judge does', () => {
    const repositoryPatterns = ['payments/**', '{frontend,backend}/*', 'base/*', '**', '*/app', 'team/[a-m]*', '{sandbox/**,tools/**}', 'x['];
    const names = ['payments/app', 'frontend/app', 'backend/app', 'base/app', 'team/app', 'team/zed', 'tools/app', 'x/app', 'pa', 'p', '', '/app', 'é/app', 'ba\\/x'];
    for (const dialect of ['v1.3.4', 'v1.1.1'] as const) {
      for (let k = 0; k < repositoryPatterns.length; k++) {
        const ordered = [...repositoryPatterns.slice(k), ...repositoryPatterns.slice(0, k)];
        const set = compileRuleSet(
          parseWireRules(
            ordered.map((p, i) => ({ ...rule(i + 1, p, i % 2 === 0 ? 'v*' : '**'), scope_selectors: { repository: [{ kind: 'doublestar', decoration: (i + k) % 3 === 0 ? 'repoExcludes' : 'repoMatches', pattern: p }] } })),
          ),
          dialect,
        );
        const cache = new DecisionCache(set, 100, 100);
        for (const repository of names) for (const tag of ['v1', 'main']) expect(cache.verdict(repository, [tag]), `${dialect} ${ordered.join(' ')} ${repository} ${tag}`).toBe(judged(set, repository, [tag]));
      }
    }
  });

  it('stays within its generations on an endless stream of new repositories and tags', () => {
    const set = compileRuleSet(parseWireRules([rule(1, '**', 'v*'), rule(2, 'team/**', 'sha-*', 'excludes')]), 'v1.3.4');
    const cache = new DecisionCache(set, 50, 50);
    for (let i = 0; i < 30_000; i++) {
      const repository = `team/app-${i}`;
      const tag = `sha-${(i * 2654435761) >>> 0}`;
      // Every other tag comes twice in a row, so that it is taken in.
      for (const t of i % 2 === 0 ? [tag, tag] : [tag]) expect(cache.verdict(repository, [t])).toBe(judged(set, repository, [t]));
    }
    expect(cache.held.repositories).toBeLessThanOrEqual(100);
    expect(cache.held.tags).toBeLessThanOrEqual(100);
    expect(cache.held.tags).toBeGreaterThan(0);
  });

  it('answers as judge does on repository names and tags written to share the unkeyed hash, stepping over few slots', () => {
    // Blocks "a000~000" and "b000_000" add the same to a multiply-by-31 hash over words of four characters.
    const colliding = (prefix: string, n: number) => prefix + Array.from({ length: 11 }, (_, b) => (((n >>> b) & 1) === 0 ? 'a000~000' : 'b000_000')).join('');
    const set = compileRuleSet(parseWireRules([rule(1, 'team/**', 'v*'), rule(2, 'other/*', '**'), rule(3, '**', 'a000~000*', 'excludes')]), 'v1.3.4');
    const cache = new DecisionCache(set);
    const rng = new Rng(0xc011);
    for (let i = 0; i < 20_000; i++) {
      const repository = colliding(rng.chance(0.5) ? 'team/' : 'other/', rng.int(0, 2047));
      const tag = rng.chance(0.5) ? colliding('v', rng.int(0, 2047)) : colliding('', rng.int(0, 2047));
      expect(cache.verdict(repository, [tag])).toBe(judged(set, repository, [tag]));
    }
    // One hash for all: placing the 4,096 names and the tags seen twice would step over millions of slots.
    expect(cache.held.repositories).toBeGreaterThan(3_000);
    expect(cache.probes).toBeLessThan(20 * (cache.held.repositories + cache.held.tags));
  });
});
