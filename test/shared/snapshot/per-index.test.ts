import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import { keptPerIndex } from '../../../shared/snapshot/per-index.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';

describe('values kept per snapshot index', () => {
  it('are made once per key and index, and the least recently used is dropped past the limit', () => {
    const [one, other] = [buildSnapshotIndex(demoSnapshot()), buildSnapshotIndex(demoSnapshot())];
    const made: string[] = [];
    const kept = keptPerIndex<string>(2);
    const ask = (index: typeof one, key: string) => kept(index, key, () => (made.push(key), `${key}!`));
    expect(ask(one, 'a')).toBe('a!');
    expect(ask(one, 'a')).toBe('a!');
    ask(other, 'a'); // another index keeps its own
    ask(one, 'b');
    ask(one, 'a'); // 'a' used last: 'b' goes when 'c' comes
    ask(one, 'c');
    ask(one, 'a');
    ask(one, 'b');
    expect(made).toEqual(['a', 'a', 'b', 'c', 'b']);
  });
});
