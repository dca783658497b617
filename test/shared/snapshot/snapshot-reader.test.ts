// The streaming snapshot reader against the reference (the file as text, JSON.parse, validate.ts,
// buildSnapshotIndex): the same index for every good file, the same message for every bad one, with
// tokens cut across reads everywhere.
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import { SeededRandom } from '../../../shared/demo/random.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';
import { referenceOutcome, streamedOutcome, withoutLineColumn } from '../../support/snapshot-bytes.js';
import { NameTable } from '../../../shared/snapshot/name-table.js';

function expectSameOutcome(bytes: Buffer, steps: readonly number[] = [1, 7, 1 << 20]): void {
  const want = withoutLineColumn(referenceOutcome(bytes));
  for (const step of steps) {
    const got = streamedOutcome(bytes, step);
    // node's comparison first: vitest's walks large typed arrays slowly; it only words a difference.
    if (!isDeepStrictEqual(got, want)) expect(got, `read ${step} bytes at a time`).toEqual(want);
  }
}

const small = () =>
  snapshotOf(
    {
      app: [artifact(['v1', 'latest']), artifact(['v2'], { references: [`sha256:${'ab'.repeat(32)}`], size: null })],
      'team/é😀': [artifact([]), artifact(['v1'], { pushTime: '2026-01-01T00:00:00.123+02:00', pullTime: '2026-02-30T00:00:00Z' })],
    },
    [wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])],
  );

describe('streaming snapshot reader', () => {
  it('builds exactly the index the reference builds, compact, indented or with tabs', () => {
    for (const [snapshot, step] of [[demoSnapshot(), 1000], [small(), 3]] as const) {
      for (const text of [JSON.stringify(snapshot), JSON.stringify(snapshot, null, 1), JSON.stringify(snapshot, null, '\t')]) {
        const bytes = Buffer.from(text);
        const streamed = streamedOutcome(bytes, 1 << 20);
        expect(typeof streamed).not.toBe('string');
        expectSameOutcome(bytes, [step, 1 << 20]);
      }
    }
  });

  it.each([
    [(s: any) => (s.format = 'other')],
    [(s: any) => (s.version = { b: 1, a: [2] })],
    [(s: any) => (s.registry.kind = 'quay')],
    [(s: any) => (s.registry.dialect = 'v2')],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].digest = 'abc')],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].tags[0].name = 7)],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].pushTime = 'yesterday')],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].size = -1)],
    [(s: any) => (s.projects[0].repositories = {})],
    [(s: any) => (s.projects[0].rules[0].tag_selectors = 'x')],
    [(s: any) => (s.fetchedAt = undefined)],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].digest = `sha256:${'AB'.repeat(32)}`)],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].digest = `sha512:${'ab'.repeat(32)}`)],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].references = ['sha256:abc'])],
    [(s: any) => (s.projects[0].repositories[0].artifacts[1].tags[0].name = 'latest')],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].tags.push({ name: 'v1' }))],
    [(s: any) => (s.projects[0].repositories[0].artifacts[1].tags[0].name = 'latest', s.projects[0].repositories[0].artifacts[1].digest = 'x')],
    [(s: any) => (s.projects[0].repositories[0].name = '')],
    [(s: any) => delete s.projects[0].repositories[0].artifacts],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].tags = null, s.projects[0].repositories[0].artifacts[0].references = null)],
    [(s: any) => (s.projects[0].id = 1.5)],
    [(s: any) => (s.projects = [])],
    [(s: any) => (s.description = 'Demo data')],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].size = 1e3)],
    [(s: any) => (s.projects[0].repositories[0].artifacts[0].size = 2 ** 53)],
    [(s: any) => (s.projects[0].proxyCache = { id: 3, name: 'hub', url: null, type: 'docker-hub' }, s.projects[0].replication = null)],
    [(s: any) => (s.projects[0].replication = [{ id: 1, name: 'r', enabled: true, role: 'source', via: 'namespace', remote: null, nameFilter: null, tagFilter: { pattern: 'v*', decoration: 'matches' }, trigger: null }])],
    [(s: any) => (s.projects[0].replication = [{ id: 1, name: 'r', enabled: 'yes' }], s.projects[0].id = 'x')],
    [(s: any) => (s.projects[0].proxyCache = { id: 1.5 })],
  ])('refuses or accepts as validate.ts does (%#)', (change) => {
    const s = JSON.parse(JSON.stringify(small()));
    change(s);
    expectSameOutcome(Buffer.from(JSON.stringify(s)));
  });

  it('keeps the last of repeated keys, reads escaped keys and an own "__proto__", as JSON.parse does', () => {
    const text = JSON.stringify(small());
    const cases = [
      text.replace('"projects":', '"projects":[{"name":"gone","repositories":[]}],"projects":'),
      text.replace('"artifacts":[', '"artifacts":"not a list","artifacts":['),
      text.replace('"tags":[', '"tags":[{"name":""}],"tags":['),
      text.replace('"digest":', '"digest":"bad","digest":'),
      text.replace('"format"', '"form\\u0061t"').replace('"name":"app"', '"n\\u0061me":"app"'),
      text.replace('"projects":', '"__proto__":{"x":1},"registry":{"kind":"oci","dialect":"v1.1.1","url":"u","__proto__":1},"projects":'),
      text.replace('"type":"IMAGE"', '"type":"IMA\\u0047E\\n"'),
    ];
    for (const bytes of cases) expectSameOutcome(Buffer.from(bytes));
  });

  it('numbers tag names as the reference does, whatever names it looked up for tags it then dropped', () => {
    const text = JSON.stringify(small());
    const cases = [
      // A name met first in a part JSON.parse drops (a repeated key), used only later.
      text.replace('"tags":[', '"tags":[{"name":"v2"},{"name":"only-here"}],"tags":['),
      text.replace('"name":"latest"', '"name":"dropped","name":"latest"'),
      // One name written with and without escapes; names beyond ASCII; lone surrogates, each its own name.
      text.replace('"name":"latest"', '"name":"l\\u0061test"'),
      text.replace('"name":"v2"', '"name":"v\\u00e9\\ud83d\\ude00"').replace('"name":"latest"', '"name":"vé😀"'),
      text.replace('"name":"v2"', '"name":"\\ud800"').replace('"name":"latest"', '"name":"\\udc00"'),
      // A repository read twice (its repeated "artifacts" key): the second reading's names only.
      text.replace('"artifacts":[', '"artifacts":[{"digest":"sha256:' + 'cd'.repeat(32) + '","tags":[{"name":"first-reading"}]}],"artifacts":['),
    ];
    for (const bytes of cases) expectSameOutcome(Buffer.from(bytes));
  });

  it('gives JSON.parse\'s message for broken JSON, and reports bytes that are not UTF-8 first', () => {
    const text = JSON.stringify(small());
    const cases = ['', ' ', '\ufeff' + text, text + 'x', text.slice(0, -1), '[]', 'NaN', '{"a":01}', '{"a":-}', '{"a" 1}', '{"a":1,"b" 2}', '"\\u12G4"', '{"format": "\u0001"}', '[1,2,3,4,5,6,7,8,9,10,😀]'];
    for (const bytes of cases) expectSameOutcome(Buffer.from(bytes));
    const bytes = Buffer.from(text.replace('"app"', '"ap\u00e9"'));
    const broken = Buffer.concat([Buffer.from(text.slice(0, 40) + '{'), bytes.subarray(40, 60), Buffer.from([0xc3, 0x28]), bytes.subarray(60)]);
    expectSameOutcome(broken);
    expect(streamedOutcome(broken, 5)).toMatch(/^not UTF-8 at byte/);
  });

  it('agrees on hundreds of damaged files (bytes cut, dropped, inserted or changed anywhere)', () => {
    const random = new SeededRandom(15);
    const texts = [JSON.stringify(small()), JSON.stringify(small(), null, 1)];
    const pieces = ['"', '\\', '\\u00', '{', '}', '[', ']', ',', ':', '1', '-', '0', 'e', '.', ' ', 'null', 'true', '"name"', '\u0001', 'é', '😀'];
    for (let n = 0; n < 400; n++) {
      let bytes = Buffer.from(texts[random.int(texts.length)]!);
      const at = random.int(bytes.length);
      const kind = random.int(4);
      if (kind === 0) bytes = bytes.subarray(0, at);
      else if (kind === 1) bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + random.int(5))]);
      else if (kind === 2) bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(pieces[random.int(pieces.length)]!), bytes.subarray(at)]);
      else bytes[at] = random.int(256);
      expectSameOutcome(bytes, [1 + random.int(9), 1 << 20]);
    }
  });

  it('agrees on hundreds of files with wrong values, missing or extra fields, in any key order', () => {
    const random = new SeededRandom(16);
    const pick = <T,>(xs: readonly T[]): T => xs[random.int(xs.length)]!;
    const values: unknown[] = [null, true, 0, -1, 1.5, -0, '', 'v1', 'sha256:abc', `sha256:${'ab'.repeat(32)}`, '2026-01-01T00:00:00Z', '2026-01-01T24:00:00Z', 'yesterday', [], {}, ['v1'], [{}], { name: 'v9' }, 'oci', 'v1.1.1'];
    const keys = ['name', 'tags', 'digest', 'size', 'pushTime', 'immutable', 'references', 'type', 'artifacts', 'repositories', 'rules', 'id', 'format', 'version', 'registry', 'projects', 'fetchedAt', 'extra'];
    const write = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(write).join(',')}]`;
      if (value === null || typeof value !== 'object') return JSON.stringify(value);
      const entries = Object.entries(value);
      if (random.chance(0.3)) entries.sort(() => random.next() - 0.5);
      return `{${entries.map(([k, v]) => (random.chance(0.05) ? `${JSON.stringify(k)}:${write(pick(values))},` : '') + `${JSON.stringify(k)}:${write(v)}`).join(',')}}`;
    };
    const mutate = (node: any): void => {
      if (Array.isArray(node)) {
        if (node.length > 0 && random.chance(0.8)) return mutate(node[random.int(node.length)]);
        if (random.chance(0.5)) node.push(structuredClone(pick(values)));
        else node.splice(random.int(node.length + 1), 1);
        return;
      }
      if (node === null || typeof node !== 'object') return;
      const own = Object.keys(node);
      const roll = random.next();
      if (own.length > 0 && roll < 0.6) {
        const k = pick(own);
        if (node[k] !== null && typeof node[k] === 'object' && random.chance(0.7)) return mutate(node[k]);
        node[k] = structuredClone(pick(values));
      } else if (own.length > 0 && roll < 0.8) delete node[pick(own)];
      else node[pick(keys)] = structuredClone(pick(values));
    };
    for (let n = 0; n < 400; n++) {
      const s = structuredClone(small());
      for (let m = random.int(3); m > 0; m--) mutate(s);
      expectSameOutcome(Buffer.from(write(s)), [1 + random.int(30), 1 << 20]);
    }
  });

  it('reads values deeper and longer than its buffer without recursion', () => {
    const text = JSON.stringify(small());
    const deep = text.replace('"projects":', `"extra":${'['.repeat(200_000)}${']'.repeat(200_000)},"projects":`);
    expectSameOutcome(Buffer.from(deep), [1 << 20]);
    const long = text.replace('"v2"', JSON.stringify('v'.repeat(100_000) + 'é'.repeat(1000)));
    expectSameOutcome(Buffer.from(long), [999, 1 << 20]);
  });
});

describe('the table of distinct tag names', () => {
  it('keeps lookups short when a file is written so that its names share an unkeyed hash', () => {
    // 2^14 names of 14 blocks "Aa" or "BB": under a multiply-by-31 hash all share one value, and each
    // lookup would walk past every name before it (about 134 million slots in all).
    const names = Array.from({ length: 1 << 14 }, (_, n) => Array.from({ length: 14 }, (_, bit) => ((n >> bit) & 1 ? 'BB' : 'Aa')).join(''));
    const table = new NameTable();
    const bytes = new TextEncoder();
    for (let round = 0; round < 2; round++) {
      names.forEach((name, id) => {
        const encoded = bytes.encode(name);
        if (table.idOf(encoded, 0, encoded.length, () => name) !== id) expect.fail(`${name} is not id ${id}`);
      });
    }
    expect(table.names).toEqual(names);
    expect(table.probes).toBeLessThan(4 * 2 * names.length);
  });
});
