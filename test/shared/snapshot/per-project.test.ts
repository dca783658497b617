import { describe, expect, it } from 'vitest';
import { itemsPerProject } from '../../../shared/snapshot/per-project.js';

describe('itemsPerProject', () => {
  it('lists the kept items of each project in order, and an empty list for a project with none', () => {
    // Items 0..9 spread over projects 0, 2 and 3 out of order; project 1 has none; odd items are kept.
    const projectOf = [2, 0, 3, 0, 2, 3, 3, 0, 2, 0];
    const lists = itemsPerProject(4, projectOf.length, (item) => projectOf[item]!, (item) => item % 2 === 1);
    expect(lists.map((list) => [...list])).toEqual([[1, 3, 7, 9], [], [], [5]]);
    expect(lists.every((list) => list instanceof Int32Array)).toBe(true);
  });

  it('equals grouping by hand on generated input', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const projects = 6;
    const projectOf = Array.from({ length: 5000 }, () => Math.floor(next() * projects));
    const kept = projectOf.map(() => next() < 0.3);
    const want = Array.from({ length: projects }, (_, p) => projectOf.flatMap((q, item) => (q === p && kept[item] ? [item] : [])));
    expect(itemsPerProject(projects, projectOf.length, (item) => projectOf[item]!, (item) => kept[item]!).map((list) => [...list])).toEqual(want);
  });
});
