// Runs in Node (tests). The Simulation screen's result views on the demo snapshot: glob search, the rule filter, sorting by
// every column, the exported files, the per-repository bars, the width of the name columns, and the
// lock map's find and tooltip words.
import { describe, expect, it } from 'vitest';
import { DEMO_RULES, demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { errorRulePosition } from '../../shared/engine/simulate.js';
import { compileGlob } from '../../shared/glob/compile.js';
import { makeRule } from '../../shared/rules/model.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import { SimulationEngine, viewFromEngine } from '../../renderer/src/sim/compute.js';
import { cellWords, classifyArtifacts, findArtifact, findArtifacts } from '../../renderer/src/view/lock-map.js';
import { listedCount, shortDigest } from '../../renderer/src/view/format.js';
import { presetsView, projectTags } from '../../renderer/src/view/preset-view.js';
import { MIN_VISIBLE, after, barSegments, before, repositoryBars } from '../../renderer/src/view/repository-bars.js';
import { DIFF_EXPORT_FIELDS, TAG_EXPORT_FIELDS, csvField, exportDiff, exportDigests, exportFileName, exportTags } from '../../renderer/src/view/table-export.js';
import { REPOSITORY_EXPORT_FIELDS, exportRepositoryTotals } from '../../renderer/src/view/repository-export.js';
import { REPOSITORY_ORDERS, sortRepositories } from '../../renderer/src/view/repository-order.js';
import { DEFAULT_TAG_COLUMNS, NAME_CAP, nameColumnMin, tagColumns } from '../../renderer/src/view/tag-columns.js';
import { positionOf, sortTags } from '../../renderer/src/view/tag-sort.js';
import { EMPTY_FILTER, filterTags, nameLengths, parseTagSearch, tagRowView } from '../../renderer/src/view/tag-table.js';

const snapshot = demoSnapshot();
const index = buildSnapshotIndex(snapshot);
const server = parseWireRules(DEMO_RULES);
const latest = makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: '{latest,main}' } });
// A rule whose bad pattern stops the evaluation of every tag of the repositories it selects.
const broken = makeRule({ repository: { decoration: 'repoMatches', pattern: 'data/*' }, tag: { decoration: 'matches', pattern: '[0-9' } });
const engine = new SimulationEngine(index);
const view = viewFromEngine(engine, { snapshotId: 'test', revision: 1, projectIndex: 0, dialect: 'v1.3.4', draft: [...server, latest, broken], serverKey: 's', serverRules: server });
const repositoryOf = (t: number) => index.repositoryNames[index.artifactRepository[index.tagArtifact[t]!]!]!;
const all = filterTags(view, EMPTY_FILTER);

describe('tag search', () => {
  it('with no filter, is every tag in snapshot order, as a filter that keeps every tag gives it', () => {
    expect(Array.from(all)).toEqual(Array.from({ length: index.counts.tags }, (_, t) => t));
    expect(Array.from(filterTags(view, { ...EMPTY_FILTER, query: '**:**' }))).toEqual(Array.from(all));
    expect(filterTags(view, { ...EMPTY_FILTER, verdict: 'immutable' }).length).toBeLessThan(all.length);
  });

  it('reads a glob as the rules read it: one pattern matches a tag name or a repository; repository:tag matches both', () => {
    const v1 = filterTags(view, { ...EMPTY_FILTER, query: 'v1.*' });
    const glob = compileGlob('v1.*', 'v1.3.4');
    const expected = Array.from(all).filter((t) => glob.match(index.tagNames[t]!) === 'match' || glob.match(repositoryOf(t)) === 'match');
    expect(v1.length).toBeGreaterThan(50);
    expect(Array.from(v1)).toEqual(expected);
    for (const t of v1) expect(index.tagNames[t]).toMatch(/^v1\.[^/]*$/);

    const both = filterTags(view, { ...EMPTY_FILTER, query: 'backend/*:latest' });
    expect(both.length).toBeGreaterThan(2);
    for (const t of both) {
      expect(repositoryOf(t)).toMatch(/^backend\/[^/]+$/);
      expect(index.tagNames[t]).toBe('latest');
    }
    // `*` stays within one path part; `**` crosses them.
    const topLevel = Array.from(filterTags(view, { ...EMPTY_FILTER, query: '*:latest' }), repositoryOf);
    expect(topLevel.length).toBeGreaterThan(0);
    for (const name of topLevel) expect(name).not.toContain('/');
    expect(filterTags(view, { ...EMPTY_FILTER, query: '**:latest' }).length).toBe(Array.from(all).filter((t) => index.tagNames[t] === 'latest').length);
    // Plain words still match anywhere.
    expect(parseTagSearch('api latest', 'v1.3.4', index)).toEqual({ kind: 'text', words: ['api', 'latest'] });
  });

  it('refuses a broken glob, saying what is broken, instead of finding nothing', () => {
    for (const [query, problem] of [
      ['v[', 'Not a usable pattern (v[): a "[" is never closed (write \\[ for a literal bracket).'],
      ['backend/{api:latest', 'Not a usable pattern (backend/{api): a "{" is never closed.'],
    ] as const) {
      expect(parseTagSearch(query, 'v1.3.4', index)).toEqual({ kind: 'refused', problem });
      expect(filterTags(view, { ...EMPTY_FILTER, query }).length).toBe(0);
    }
    expect(parseTagSearch('v[0-9]*', 'v1.3.4', index).kind).toBe('glob');
  });

  it('refuses, matching nothing, a glob whose matching can take minutes on names this long', () => {
    const costly = '*a*a*a*a*a*a*a*a*a*a*ab';
    // On the demo's short names the same pattern is cheap, and it is matched.
    expect(parseTagSearch(costly, 'v1.3.4', index).kind).toBe('glob');
    const long = demoSnapshot();
    long.projects[0]!.repositories[0]!.artifacts[0]!.tags.push({ name: 'a'.repeat(60), pushTime: null, pullTime: null, immutable: null });
    const longIndex = buildSnapshotIndex(long);
    const search = parseTagSearch(costly, 'v1.3.4', longIndex);
    expect(search.kind).toBe('refused');
    expect(search.kind === 'refused' && search.problem).toMatch(/too many \*/);
    const longView = viewFromEngine(new SimulationEngine(longIndex), { snapshotId: 'long', revision: 1, projectIndex: 0, dialect: 'v1.3.4', draft: server, serverKey: 's', serverRules: server });
    expect(filterTags(longView, { ...EMPTY_FILTER, query: costly }).length).toBe(0);
  });
});

describe('rule filter', () => {
  it('keeps the tags a rule decides, and those its error stopped', () => {
    const rules = view.draft.ruleSets[0]!.rules;
    for (let position = 0; position < rules.length; position++) {
      const rows = filterTags(view, { ...EMPTY_FILTER, rule: position });
      const stats = view.draft.ruleStats[0]![position]!;
      expect(rows.length).toBe(stats.decidedTags + stats.stoppedTags);
      for (const t of rows) {
        const v = view.draft.tagVerdict[t]!;
        expect(v === position || errorRulePosition(v) === position).toBe(true);
      }
    }
    const stopped = rules.findIndex((r) => r.rule.tagSelectors[0]!.pattern === '[0-9');
    expect(filterTags(view, { ...EMPTY_FILTER, rule: stopped }).length).toBeGreaterThan(0);
    // Combined with the other filters.
    expect(filterTags(view, { ...EMPTY_FILTER, rule: stopped, verdict: 'immutable' }).length).toBe(0);
  });
});

describe('sorting the tag table', () => {
  it('sorts by tag and by repository, both ways, keeping exactly the rows', () => {
    const rows = filterTags(view, { ...EMPTY_FILTER, query: 'latest' });
    const byTag = sortTags(view, rows, { key: 'tag', descending: false });
    expect([...byTag].sort((a, b) => a - b)).toEqual([...rows]);
    const tags = Array.from(byTag, (t) => index.tagNames[t]!);
    expect(tags).toEqual([...tags].sort());
    const down = sortTags(view, rows, { key: 'repository', descending: true });
    const repositories = Array.from(down, repositoryOf);
    expect(repositories).toEqual([...repositories].sort().reverse());
    expect(sortTags(view, rows, null)).toBe(rows);
  });

  it('sorts by verdict (immutable, stopped, mutable), by change and by rule, by name within each', () => {
    const byVerdict = sortTags(view, all, { key: 'verdict', descending: false });
    const kinds = Array.from(byVerdict, (t) => tagRowView(view, t).verdict);
    const firstStopped = kinds.indexOf('stopped');
    const firstMutable = kinds.indexOf('mutable');
    expect(kinds.lastIndexOf('immutable')).toBeLessThan(firstStopped);
    expect(kinds.lastIndexOf('stopped')).toBeLessThan(firstMutable);
    // Within a verdict, by repository then tag.
    const pairs = Array.from(byVerdict.slice(0, firstStopped), (t) => [repositoryOf(t), index.tagNames[t]!] as const);
    const outOfOrder = pairs.filter(([r, t], i) => i > 0 && (pairs[i - 1]![0] > r || (pairs[i - 1]![0] === r && pairs[i - 1]![1] > t)));
    expect(outOfOrder).toEqual([]);

    const byChange = sortTags(view, all, { key: 'change', descending: false });
    expect(Array.from(byChange.slice(0, view.diff.newlyImmutableTags.length)).sort((a, b) => a - b)).toEqual([...view.diff.newlyImmutableTags].sort((a, b) => a - b));

    const byRule = sortTags(view, all, { key: 'rule', descending: false });
    const positions = Array.from(byRule, (t) => {
      const v = view.draft.tagVerdict[t]!;
      return v >= 0 ? v : (errorRulePosition(v) ?? Infinity);
    });
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('sorts by push time and size with unknown values last, and by digest', () => {
    const byPushed = sortTags(view, all, { key: 'pushed', descending: false });
    const times = Array.from(byPushed, (t) => index.tagPushTime[t]!);
    const known = times.filter((x) => !Number.isNaN(x));
    expect(known).toEqual([...known].sort((a, b) => a - b));
    expect(times.slice(0, known.length).every((x) => !Number.isNaN(x))).toBe(true);
    const bySize = sortTags(view, all, { key: 'size', descending: true });
    const sizes = Array.from(bySize, (t) => index.artifactSize[index.tagArtifact[t]!]!).filter((x) => !Number.isNaN(x));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const byDigest = sortTags(view, all, { key: 'digest', descending: false });
    const digests = Array.from(byDigest, (t) => index.artifactDigests.get(index.tagArtifact[t]!));
    expect(digests).toEqual([...digests].sort());
  });

  it('finds the selected tag in sorted and unsorted rows', () => {
    const tag = view.diff.newlyImmutableTags[3]!;
    expect(all[positionOf(all, tag, false)]).toBe(tag);
    const sorted = sortTags(view, all, { key: 'tag', descending: true });
    expect(sorted[positionOf(sorted, tag, true)]).toBe(tag);
    expect(positionOf(sorted, -5, true)).toBe(-1);
  });
});

describe('exported results', () => {
  it('writes CSV fields a spreadsheet reads back as text', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField(12)).toBe('12');
    expect(csvField(NaN)).toBe('');
    expect(csvField(null)).toBe('');
    expect(exportFileName('tags', 'Demo: project shop', 'csv', Date.UTC(2026, 10, 2))).toBe('taglock-tags-demo-project-shop-2026-11-02.csv');
  });

  it('saves the tag rows shown, in their order, as CSV and as JSON with the same fields', () => {
    const rows = sortTags(view, filterTags(view, { ...EMPTY_FILTER, verdict: 'newly-immutable' }), { key: 'repository', descending: true });
    const relabel = (label: string) => `[${label}]`;
    const csv = exportTags(view, rows, relabel, 'csv', 'Demo', 0);
    expect(csv.mimeType).toBe('text/csv');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(TAG_EXPORT_FIELDS.join(','));
    expect(lines).toHaveLength(rows.length + 1);
    const first = tagRowView(view, rows[0]!);
    expect(lines[1]!.split(',').slice(0, 7)).toEqual([first.project, first.repository, first.name, 'immutable', `[${first.rule}]`, 'mutable', 'newly immutable']);
    const json = JSON.parse(exportTags(view, rows, relabel, 'json', 'Demo', 0).text) as Record<string, unknown>[];
    expect(json).toHaveLength(rows.length);
    expect(Object.keys(json[0]!)).toEqual([...TAG_EXPORT_FIELDS]);
    expect(json.map((r) => `${String(r.repository)}:${String(r.tag)}`)).toEqual(Array.from(rows, (t) => `${repositoryOf(t)}:${index.tagNames[t]}`));
    expect(json[0]!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(typeof json[0]!.sizeBytes === 'number' || json[0]!.sizeBytes === null).toBe(true);
  });

  it('saves every digest of the chosen repositories, and the changes line by line', () => {
    const api = index.repositoryNames.indexOf('backend/api');
    const digests = JSON.parse(exportDigests(view, [api], 'json', 'Demo', 0).text) as Record<string, unknown>[];
    expect(digests).toHaveLength(index.repositoryArtifactStart[api + 1]! - index.repositoryArtifactStart[api]!);
    expect(digests.filter((d) => d.lockedWithDraft === true)).toHaveLength(view.draft.repositoryTotals[api]!.lockedDigests);
    expect(digests.filter((d) => d.change === 'newly locked').length).toBeGreaterThan(0);
    const diff = exportDiff(view, (l) => l, 'csv', 'Demo', 0).text.trimEnd().split('\r\n');
    expect(diff[0]).toBe(DIFF_EXPORT_FIELDS.join(','));
    const d = view.diff;
    expect(diff).toHaveLength(1 + d.newlyImmutableTags.length + d.freedTags.length + d.newlyLockedDigests.length + d.freedDigests.length + d.newlyRetentionProtected.length + d.retentionFreed.length);
    expect(diff.filter((l) => l.startsWith('newly immutable,tag,'))).toHaveLength(d.newlyImmutableTags.length);
  });

  it('saves the repositories listed, in their order, each figure from the verdicts themselves, the server rules\' beside the draft\'s', () => {
    const bars = repositoryBars(view);
    // Listed as the screen lists them, here by name from the end: the file keeps that order.
    const listed = index.repositoryNames
      .map((name, r) => ({ r, name, project: 'shop', totals: view.draft.repositoryTotals[r]!, server: view.server.repositoryTotals[r]!, bars: bars[r]! }))
      .sort((a, b) => b.name.localeCompare(a.name));
    const csv = exportRepositoryTotals(listed, 'csv', 'Demo', 0).text.trimEnd().split('\r\n');
    expect(csv[0]).toBe(REPOSITORY_EXPORT_FIELDS.join(','));
    expect(csv.slice(1).map((line) => line.split(',')[1])).toEqual(listed.map((row) => row.name));
    const rows = JSON.parse(exportRepositoryTotals(listed, 'json', 'Demo', 0).text) as Record<string, number | string>[];
    for (const row of rows) {
      const r = index.repositoryNames.indexOf(row.repository as string);
      let immutable = 0;
      let immutableOnServer = 0;
      let lockedBytes = 0;
      let lockedBytesOnServer = 0;
      for (let a = index.repositoryArtifactStart[r]!; a < index.repositoryArtifactStart[r + 1]!; a++) {
        for (let t = index.artifactTagStart[a]!; t < index.artifactTagStart[a + 1]!; t++) {
          if (view.draft.tagVerdict[t]! >= 0) immutable++;
          if (view.server.tagVerdict[t]! >= 0) immutableOnServer++;
        }
        const size = Number.isFinite(index.artifactSize[a]!) ? index.artifactSize[a]! : 0;
        if (view.draft.artifactImmutableTags[a]! > 0) lockedBytes += size;
        if (view.server.artifactImmutableTags[a]! > 0) lockedBytesOnServer += size;
      }
      expect({ immutable: row.immutableTags, server: row.immutableTagsWithServerRules, bytes: row.lockedBytes, serverBytes: row.lockedBytesWithServerRules }, row.repository as string).toEqual({
        immutable,
        server: immutableOnServer,
        bytes: lockedBytes,
        serverBytes: lockedBytesOnServer,
      });
    }
    // The draft makes some repository's figures differ from the server rules'.
    expect(rows.some((row) => row.immutableTags !== row.immutableTagsWithServerRules)).toBe(true);
    expect(rows.reduce((sum, row) => sum + (row.tags as number), 0)).toBe(view.draft.totals.tags);
  });
});

describe('the line under a per-repository list', () => {
  it('says how many a search found of how many, and whether the list scrolls; nothing when neither', () => {
    expect(listedCount(36, 36, 'repositories', false)).toBeNull();
    expect(listedCount(5, 36, 'repositories', false)).toBe('5 of 36 repositories.');
    expect(listedCount(2060, 2060, 'repositories', true)).toBe('2,060 repositories: the list scrolls.');
    expect(listedCount(1111, 2060, 'repositories', true)).toBe('1,111 of 2,060 repositories: the list scrolls.');
  });
});

describe('the order of per-repository views', () => {
  const bars = repositoryBars(view);
  const rows = () => index.repositoryNames.map((name, r) => ({ name, totals: view.draft.repositoryTotals[r]!, bars: bars[r]! }));
  it('counts numbers within names by value, and turns every order the other way round on request', () => {
    const named = ['svc-87', 'svc-867', 'svc-9', 'svc-100'].map((name) => ({ ...rows()[0]!, name }));
    expect(sortRepositories([...named], { key: 'name', reversed: false }).map((r) => r.name)).toEqual(['svc-9', 'svc-87', 'svc-100', 'svc-867']);
    expect(sortRepositories([...named], { key: 'name', reversed: true }).map((r) => r.name)).toEqual(['svc-867', 'svc-100', 'svc-87', 'svc-9']);
    for (const [key] of REPOSITORY_ORDERS) {
      if (key === 'name' || key === 'change') continue;
      const most = sortRepositories(rows(), { key, reversed: false }).map((r) => r.totals[key]);
      expect(most, key).toEqual([...most].sort((a, b) => b - a));
      const least = sortRepositories(rows(), { key, reversed: true }).map((r) => r.totals[key]);
      expect(least, key).toEqual([...most].reverse());
    }
    const changes = sortRepositories(rows(), { key: 'change', reversed: false }).map((r) => r.bars.tags.newly + r.bars.tags.freed);
    expect(changes[0]).toBeGreaterThan(0);
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
  });
});

describe('per-repository bars', () => {
  it('add up to the totals, before and after, in tags and in bytes', () => {
    const bars = repositoryBars(view);
    expect(bars).toHaveLength(index.counts.repositories);
    expect(bars.reduce((n, b) => n + before(b.tags), 0)).toBe(view.server.totals.immutableTags);
    expect(bars.reduce((n, b) => n + after(b.tags), 0)).toBe(view.draft.totals.immutableTags);
    expect(bars.reduce((n, b) => n + b.tags.newly, 0)).toBe(view.diff.newlyImmutableTags.length);
    expect(bars.reduce((n, b) => n + b.tags.freed, 0)).toBe(view.diff.freedTags.length);
    let lockedBytes = 0;
    for (let a = 0; a < index.counts.artifacts; a++) if (view.draft.artifactImmutableTags[a]! > 0 && Number.isFinite(index.artifactSize[a]!)) lockedBytes += index.artifactSize[a]!;
    expect(bars.reduce((n, b) => n + after(b.bytes), 0)).toBe(lockedBytes);
  });

  it('draws every part that is there, however small, filling the bar exactly', () => {
    const x = { total: 1000, kept: 500, newly: 1, freed: 0 };
    const segments = barSegments(x, 'after');
    expect(segments.map((s) => s.kind)).toEqual(['kept', 'newly', 'mutable']);
    expect(segments.find((s) => s.kind === 'newly')!.width).toBeCloseTo(MIN_VISIBLE);
    expect(segments.reduce((w, s) => w + s.width, 0)).toBeCloseTo(1);
    expect(segments[1]!.start).toBeCloseTo(segments[0]!.width);
    expect(barSegments(x, 'before').map((s) => [s.kind, s.value])).toEqual([
      ['kept', 500],
      ['mutable', 500],
    ]);
    expect(barSegments({ total: 0, kept: 0, newly: 0, freed: 0 }, 'after')).toEqual([]);
  });
});

describe('tag table columns', () => {
  it('keeps the name columns as wide as the longest names, up to a cap', () => {
    expect(nameColumnMin(40)).toBe('calc(22.240em + 0.8rem)');
    expect(nameColumnMin(500)).toBe(nameColumnMin(NAME_CAP));
    const columns = tagColumns(nameLengths(index), DEFAULT_TAG_COLUMNS);
    expect(columns.map((c) => c.key)).toEqual(['repository', 'tag', 'verdict', 'rule', 'change', 'pushed']);
    expect(columns[0]!.min).toBe(nameColumnMin(Math.max(...index.repositoryNames.map((n) => n.length))));
    expect(columns.filter((c) => c.grow).map((c) => c.key)).toEqual(['repository', 'tag']);
  });
});

describe('lock map: find every match, and what a cell is', () => {
  it('finds every digest carrying a tag name, one repository\'s, or by digest prefix, in snapshot order', () => {
    const latest = findArtifacts(index, 'latest');
    const expected = [...new Set(Array.from(all).filter((t) => index.tagNames[t] === 'latest').map((t) => index.tagArtifact[t]!))].sort((a, b) => a - b);
    expect(latest).toEqual(expected);
    expect(latest.length).toBeGreaterThan(10);
    expect(findArtifact(index, 'latest')).toBe(expected[0]);
    const api = index.repositoryNames.indexOf('backend/api');
    expect(findArtifacts(index, 'backend/api:latest')).toEqual(expected.filter((a) => index.artifactRepository[a] === api));
    const repository = findArtifacts(index, 'backend/api');
    expect(repository).toHaveLength(index.repositoryArtifactStart[api + 1]! - index.repositoryArtifactStart[api]!);
    const digest = index.artifactDigests.get(latest[2]!);
    expect(findArtifacts(index, digest.slice(0, 20))).toContain(latest[2]);
    expect(findArtifacts(index, `backend/api@${index.artifactDigests.get(repository[1]!)}`)).toEqual([repository[1]]);
    expect(findArtifacts(index, 'latest', 3)).toHaveLength(3);
    expect(findArtifacts(index, 'nothing:here')).toEqual([]);
  });

  it('names a digest, its state, its tags and its change; an aggregated cell, its mix', () => {
    const states = classifyArtifacts(index, view.draft);
    const newly = view.diff.newlyLockedDigests[0]!;
    const r = index.artifactRepository[newly]!;
    const words = cellWords(index, states, view.artifactChange, r, [newly, newly + 1]);
    expect(words[0]).toBe(`${index.repositoryNames[r]}@${shortDigest(index.artifactDigests.get(newly))}`);
    expect(words).toContain('newly locked by the draft');
    expect(words.join(' ')).toContain('latest');
    const start = index.repositoryArtifactStart[r]!;
    const end = index.repositoryArtifactStart[r + 1]!;
    const mix = cellWords(index, states, view.artifactChange, r, [start, end]);
    expect(mix[0]).toBe(`${index.repositoryNames[r]}: ${end - start} digests`);
    expect(mix.some((line) => /^\d+ locked \(every tag immutable\)$/.test(line))).toBe(true);
    expect(mix.some((line) => /newly locked by the draft$/.test(line))).toBe(true);
  });
});

describe('numbers in lint', () => {
  it('carry thousands separators like the figures beside them', () => {
    const many = demoSnapshot();
    const artifact = many.projects[0]!.repositories[0]!.artifacts[0]!;
    // Tags set on the digest a month after it was pushed: moved there, so moving tags the rule locks.
    const moved = new Date(Date.parse(artifact.pushTime!) + 30 * 86_400_000).toISOString();
    for (let i = 0; i < 1200; i++) artifact.tags.push({ name: `sha-${(0x1000000 + i).toString(16)}`, pushTime: moved, pullTime: null, immutable: null });
    const manyIndex = buildSnapshotIndex(many);
    const everything = makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: '**' } });
    const manyView = viewFromEngine(new SimulationEngine(manyIndex), { snapshotId: 'many', revision: 1, projectIndex: 0, dialect: 'v1.3.4', draft: [everything], serverKey: 's', serverRules: server });
    const moving = manyView.findings.find((f) => f.code === 'locks-moving-tags');
    expect(moving?.message).toMatch(/^It makes \d,\d{3} moving tags in project shop/);
    // A rule whose pattern fails on every tag stops the evaluation of all 3,563 of them.
    const failing = makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: '[0-9' } });
    const failingView = viewFromEngine(new SimulationEngine(index), { snapshotId: 'failing', revision: 1, projectIndex: 0, dialect: 'v1.3.4', draft: [failing], serverKey: 's', serverRules: server });
    const stops = failingView.findings.find((f) => f.code === 'error-stops-tags');
    expect(stops?.message).toContain(`stops the evaluation of ${index.counts.tags.toLocaleString('en-US')} tag(s)`);
    expect(index.counts.tags).toBeGreaterThan(999);
  });
});

describe('moving tags, counted once', () => {
  it('the presets panel counts the moving tags lint reports for the same rule', () => {
    const all = presetsView(projectTags(index, 0), 'v1.3.4').presets.find((p) => p.id === 'all-tags')!;
    const view = viewFromEngine(new SimulationEngine(index), { snapshotId: 'demo', revision: 1, projectIndex: 0, dialect: 'v1.3.4', draft: all.rules, serverKey: 's', serverRules: server });
    const lint = view.findings.find((f) => f.code === 'locks-moving-tags')!;
    const linted = Number(/^It makes ([\d,]+) moving tags?/.exec(lint.message)![1]!.replace(/,/g, ''));
    expect(all.coverage.movingLocked).toBe(linted);
    expect(all.coverage.moving).toBe(linted);
    expect(linted).toBeGreaterThan(0);
  });
});
