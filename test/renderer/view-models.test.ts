import { describe, expect, it } from 'vitest';
import { DEMO_RULES, demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { makeRule } from '../../shared/rules/model.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import { SimulationEngine, viewFromEngine } from '../../renderer/src/sim/compute.js';
import { EMPTY_CONNECTION_FORM, connectionFormAdvice, connectionFormProblems, inputFromForm } from '../../renderer/src/view/connection-form.js';
import { formatBytes, formatEta, formatTime, parseList, pluralVerb, sentence, shortDigest, toErrorData } from '../../renderer/src/view/format.js';
import {
  CELL_FREE,
  CELL_LOCKED,
  CELL_MIXED,
  CELL_RETAINED,
  CELL_UNTAGGED,
  DEFAULT_LOCK_MAP_OPTIONS,
  cellArtifacts,
  cellRect,
  classifyArtifacts,
  countStates,
  findArtifact,
  hitTest,
  layoutLockMap,
  locateArtifact,
  repositoryStateCounts,
  stepArtifact,
} from '../../renderer/src/view/lock-map.js';
import { parseTesterInput, ruleText } from '../../renderer/src/view/rules-view.js';
import { filterTags, isMismatch, serverAgreement, tagRowView } from '../../renderer/src/view/tag-table.js';
import { EMPTY_FILTER } from '../../renderer/src/view/tag-table.js';
import { MAX_SCROLL_HEIGHT, scrollTopForRow, spacerHeight, virtualTop, visibleWindow } from '../../renderer/src/view/virtual-window.js';
import { TaglockError } from '../../shared/errors.js';

const snapshot = demoSnapshot();
const index = buildSnapshotIndex(snapshot);
const server = parseWireRules(DEMO_RULES);
const latest = makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: '{latest,main}' } });
const engine = new SimulationEngine(index);
const view = viewFromEngine(engine, { snapshotId: 'test', revision: 1, projectIndex: 0, dialect: 'v1.3.4', draft: [...server, latest], serverKey: 's', serverRules: server });

describe('tag table', () => {
  it('filters by verdict, change, repository and text', () => {
    const all = filterTags(view, EMPTY_FILTER);
    expect(all.length).toBe(index.counts.tags);
    const immutable = filterTags(view, { ...EMPTY_FILTER, verdict: 'immutable' });
    expect(immutable.length).toBe(view.draft.totals.immutableTags);
    expect(filterTags(view, { ...EMPTY_FILTER, verdict: 'mutable' }).length).toBe(index.counts.tags - immutable.length);
    const newly = filterTags(view, { ...EMPTY_FILTER, verdict: 'newly-immutable' });
    expect(Array.from(newly)).toEqual(Array.from(view.diff.newlyImmutableTags));
    expect(filterTags(view, { ...EMPTY_FILTER, verdict: 'changed' }).length).toBe(view.diff.newlyImmutableTags.length + view.diff.freedTags.length);
    for (const t of newly) expect(['latest', 'main']).toContain(index.tagNames[t]);
    const api = index.repositoryNames.indexOf('backend/api');
    const inApi = filterTags(view, { ...EMPTY_FILTER, repository: api });
    expect(inApi.length).toBe(view.draft.repositoryTotals[api]!.tags);
    const text = filterTags(view, { ...EMPTY_FILTER, query: 'backend/api:LATEST' });
    expect(text.length).toBe(1);
    expect(tagRowView(view, text[0]!)).toMatchObject({ repository: 'backend/api', name: 'latest', verdict: 'immutable', rule: 'draft rule 3', change: 1, server: false });
    const words = filterTags(view, { ...EMPTY_FILTER, query: 'base/ node' });
    expect(words.length).toBe(view.draft.repositoryTotals[index.repositoryNames.indexOf('base/node')]!.tags);
    const digest = index.artifactDigests.get(index.tagArtifact[text[0]!]!);
    expect(Array.from(filterTags(view, { ...EMPTY_FILTER, query: digest.slice(0, 20) }))).toContain(text[0]);
    expect(filterTags(view, { ...EMPTY_FILTER, query: 'no-such-thing' }).length).toBe(0);
  });

  it("compares Harbor's own verdicts with the simulation of the server rules", () => {
    expect(serverAgreement(view)).toEqual({ compared: index.counts.tags, agree: index.counts.tags });
    expect(filterTags(view, { ...EMPTY_FILTER, verdict: 'mismatch' }).length).toBe(0);
    const other = viewFromEngine(new SimulationEngine(index), { snapshotId: 'test', revision: 1, projectIndex: 0, dialect: 'v1.3.4', draft: [], serverKey: 'x', serverRules: [latest] });
    expect(serverAgreement(other).agree).toBeLessThan(index.counts.tags);
    const mismatches = filterTags(other, { ...EMPTY_FILTER, verdict: 'mismatch' });
    expect(mismatches.length).toBe(index.counts.tags - serverAgreement(other).agree);
    expect(isMismatch(other, mismatches[0]!)).toBe(true);
  });
});

describe('virtual window', () => {
  it('renders only the rows in view, plus overscan', () => {
    const w = visibleWindow(2800, 420, 100_000, 28, 6);
    expect(w.start).toBe(94);
    expect(w.end).toBe(100 + 15 + 6);
    expect(w.spacerHeight).toBe(2_800_000);
    expect(w.offset).toBe(94 * 28);
    expect(visibleWindow(0, 420, 0, 28)).toEqual({ start: 0, end: 0, spacerHeight: 0, offset: 0 });
    expect(visibleWindow(0, 420, 5, 28)).toMatchObject({ start: 0, end: 5 });
  });

  it('compresses huge lists under the browser height limit and still reaches the last row', () => {
    const rows = 2_000_000;
    expect(spacerHeight(rows, 28)).toBe(MAX_SCROLL_HEIGHT);
    const bottom = MAX_SCROLL_HEIGHT - 420;
    expect(virtualTop(bottom, 420, rows, 28)).toBeCloseTo(rows * 28 - 420, 0);
    const w = visibleWindow(bottom, 420, rows, 28, 0);
    expect(w.end).toBe(rows);
    // The last row sits at the bottom of the viewport.
    expect(w.offset + (rows - w.start) * 28).toBeCloseTo(MAX_SCROLL_HEIGHT, 0);
    const middle = visibleWindow(bottom / 2, 420, rows, 28, 0);
    expect(middle.start).toBeGreaterThan(rows / 2 - 100);
    expect(middle.start).toBeLessThan(rows / 2 + 100);
  });

  it('scrolls just enough to reveal a row', () => {
    expect(scrollTopForRow(5, 0, 420, 1000, 28)).toBe(0);
    expect(scrollTopForRow(20, 0, 420, 1000, 28)).toBe(21 * 28 - 420);
    expect(scrollTopForRow(2, 1000, 420, 1000, 28)).toBe(56);
    const rows = 2_000_000;
    const top = scrollTopForRow(rows - 1, 0, 420, rows, 28);
    const w = visibleWindow(top, 420, rows, 28, 0);
    expect(w.end).toBe(rows);
  });
});

describe('lock map', () => {
  const states = classifyArtifacts(index, view.draft);

  it('classifies every digest', () => {
    const counts = countStates(states, 0, states.length);
    expect(counts[CELL_LOCKED]! + counts[CELL_MIXED]!).toBe(view.draft.totals.lockedDigests);
    expect(counts[CELL_RETAINED]!).toBe(view.draft.totals.untaggedRetained);
    expect(counts[CELL_RETAINED]! + counts[CELL_UNTAGGED]!).toBe(view.draft.totals.untaggedArtifacts);
    expect(counts[CELL_FREE]! + counts[CELL_LOCKED]! + counts[CELL_MIXED]! + counts[CELL_RETAINED]! + counts[CELL_UNTAGGED]!).toBe(index.counts.artifacts);
    const perRepository = repositoryStateCounts(index, states);
    expect(perRepository.reduce((a, b) => a + b, 0)).toBe(index.counts.artifacts);
  });

  it('lays out repositories, aggregating the large ones, and finds cells under the pointer', () => {
    const repositories = index.repositoryNames.map((_, r) => r);
    const layout = layoutLockMap(index, repositories, 400, { ...DEFAULT_LOCK_MAP_OPTIONS, maxRows: 2 });
    expect(layout.columns).toBe(Math.floor((400 - 24 + 2) / 12));
    const block = layout.blocks[0]!;
    const count = block.end - block.start;
    expect(block.perCell).toBe(Math.ceil(count / (layout.columns * 2)));
    expect(block.cells).toBe(Math.ceil(count / block.perCell));
    // Every artifact is in exactly one cell.
    let covered = 0;
    for (let c = 0; c < block.cells; c++) {
      const [s, e] = cellArtifacts(block, c);
      covered += e - s;
    }
    expect(covered).toBe(count);
    const rect = cellRect(layout, block, 3);
    const hit = hitTest(layout, rect.x + 2, rect.y + 2)!;
    expect(hit).toMatchObject({ block: 0, cell: 3 });
    expect(hitTest(layout, rect.x + 2, block.top + 2)).toBeNull();
    const last = layout.blocks.at(-1)!;
    expect(locateArtifact(layout, last.end - 1)).toEqual({ block: layout.blocks.length - 1, cell: last.cells - 1 });
    const wide = layoutLockMap(index, repositories, 2000);
    expect(wide.blocks.every((b) => b.perCell === 1)).toBe(true);
    expect(wide.height).toBeLessThan(layout.height);
  });

  it('moves the selection with the keyboard', () => {
    const layout = layoutLockMap(index, [0, 1, 2], 400);
    const first = layout.blocks[0]!;
    expect(stepArtifact(layout, null, 'right')).toBe(first.start);
    expect(stepArtifact(layout, first.start, 'right')).toBe(first.start + 1);
    expect(stepArtifact(layout, first.start, 'down')).toBe(first.start + first.columns);
    expect(stepArtifact(layout, first.start, 'next-repo')).toBe(layout.blocks[1]!.start);
    expect(stepArtifact(layout, layout.blocks[1]!.start, 'prev-repo')).toBe(first.start);
    expect(stepArtifact(layout, first.end - 1, 'right')).toBe(layout.blocks[1]!.start);
    expect(stepArtifact(layout, layout.blocks[1]!.start, 'left')).toBe(first.end - 1);
  });

  it('finds a digest by digest, repository:tag, tag or repository', () => {
    const t = index.tagNames.indexOf('latest');
    const a = index.tagArtifact[t]!;
    const repository = index.repositoryNames[index.artifactRepository[a]!]!;
    expect(findArtifact(index, index.artifactDigests.get(a).slice(0, 19))).toBe(a);
    expect(findArtifact(index, `${repository}:latest`)).toBe(a);
    expect(findArtifact(index, `${repository}@${index.artifactDigests.get(a)}`)).toBe(a);
    expect(findArtifact(index, 'backend/api')).toBe(index.repositoryArtifactStart[index.repositoryNames.indexOf('backend/api')]);
    expect(findArtifact(index, 'nothing:here')).toBeNull();
    expect(findArtifact(index, '  ')).toBeNull();
  });
});

describe('words and forms', () => {
  it('formats sizes, times, counts and errors', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MiB');
    expect(formatBytes(null)).toBe('unknown');
    expect(formatTime('2026-11-01T12:00:00Z')).toBe('2026-11-01 12:00 UTC');
    expect(formatTime(null)).toBe('never');
    expect(formatEta(75)).toBe('1 min 15 s left');
    expect(formatEta(null)).toBe('estimating…');
    expect(shortDigest('sha256:0123456789abcdef0123')).toBe('sha256:0123456789ab');
    expect(pluralVerb(1, 'digest', 'becomes', 'become')).toBe('1 digest becomes');
    expect(pluralVerb(2, 'digest', 'becomes', 'become')).toBe('2 digests become');
    expect(parseList(' shop, ops  shop,,')).toEqual(['shop', 'ops']);
    expect(sentence('enter the secret')).toBe('Enter the secret.');
    expect(toErrorData(new TaglockError('tls', 'bad cert'))).toEqual({ code: 'tls', message: 'bad cert' });
    expect(toErrorData(new Error('x'))).toEqual({ code: 'internal', message: 'x' });
    expect(toErrorData({ code: 'drift', message: 'moved' })).toEqual({ code: 'drift', message: 'moved' });
  });

  it('checks the connection form before saving', () => {
    expect(connectionFormProblems(EMPTY_CONNECTION_FORM)).toHaveLength(2);
    const good = { ...EMPTY_CONNECTION_FORM, name: 'Prod', url: 'https://harbor.example/', username: 'robot$ci', secret: 's', projects: 'shop, ops' };
    expect(connectionFormProblems(good)).toEqual([]);
    expect(inputFromForm(good)).toEqual({ name: 'Prod', url: 'https://harbor.example', kind: 'auto', username: 'robot$ci', caFile: null, insecure: false, projects: ['shop', 'ops'], tokenRealms: [], secret: 's' });
    expect(inputFromForm({ ...good, tokenRealms: 'https://auth.example.com, http://10.0.0.9:5001' }).tokenRealms).toEqual(['https://auth.example.com', 'http://10.0.0.9:5001']);
    expect(connectionFormProblems({ ...good, tokenRealms: 'auth.example.com' })[0]).toContain('https://auth.example.com');
    expect(connectionFormProblems({ ...good, tokenRealms: 'https://u:p@auth.example.com' })).toContain('A token service address must not carry credentials.');
    expect(connectionFormAdvice({ ...good, tokenRealms: 'http://10.0.0.9:5001' }).join(' ')).toContain('http://10.0.0.9:5001 unencrypted');
    expect(inputFromForm({ ...good, id: 'c1', secret: '' })).not.toHaveProperty('secret');
    expect(inputFromForm({ ...good, id: 'c1', forgetSecret: true })).toMatchObject({ id: 'c1', secret: null });
    expect(connectionFormProblems({ ...good, url: 'https://u:p@harbor.example' })).toContain('Put credentials in the user and secret fields, not in the URL.');
    expect(connectionFormProblems({ ...good, url: 'ftp://x' })[0]).toContain('https://');
    expect(connectionFormAdvice({ ...good, username: 'robot-ci' })[0]).toContain('robot$ci');
    expect(connectionFormAdvice({ ...good, insecure: true }).join(' ')).toContain('Insecure');
  });

  it('reads the pattern tester input', () => {
    expect(parseTesterInput('backend/api:v1.2.3', 'shop')).toEqual({ repository: 'backend/api', tags: ['v1.2.3'], warning: null });
    expect(parseTesterInput('shop/backend/api:v1', 'shop')).toMatchObject({ repository: 'backend/api', warning: expect.stringContaining('without the project') });
    expect(parseTesterInput('base/node:latest, v2', null)!.tags).toEqual(['latest', 'v2']);
    expect(parseTesterInput('base/node:', null)!.tags).toEqual([]);
    expect(parseTesterInput('base/node', null)!.warning).toContain('untagged');
    expect(parseTesterInput('  ', null)).toBeNull();
    expect(ruleText(latest)).toBe('repositories matching **, tags matching {latest,main}');
  });
});
