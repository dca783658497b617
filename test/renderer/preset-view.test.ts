// Runs in Node (tests).
/**
 * The presets panel's numbers are counted in typed arrays and ranked once; here they must equal what
 * plain Maps and per-use sorting give: the counts and their order, the cut to the most frequent names,
 * the moving counts, and every preset's coverage, styles and suggestions.
 */
import { describe, expect, it } from 'vitest';
import { generateSnapshotIndex } from '../../shared/demo/generate.js';
import { movingTags } from '../../shared/lint/moving-tags.js';
import { presetCoverage } from '../../shared/presets/coverage.js';
import { PRESETS } from '../../shared/presets/stackit.js';
import { suggestPresets } from '../../shared/presets/suggest.js';
import { rankTagNames, tagStyles } from '../../shared/presets/tag-styles.js';
import type { SnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import { MEASURED_NAMES, coverageText, presetsView, projectTags, stylesText } from '../../renderer/src/view/preset-view.js';

/** The counts as a Map of names updated tag by tag, cut by a stable sort: what projectTags stands for. */
function referenceProjectTags(index: SnapshotIndex, project: number) {
  const counts = new Map<string, number>();
  const moving = new Map<string, number>();
  const bits = movingTags(index);
  for (let t = 0; t < index.counts.tags; t++) {
    if (index.repositoryProject[index.artifactRepository[index.tagArtifact[t]!]!] !== project) continue;
    const name = index.tagNames[t]!;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (bits[t] !== 0) moving.set(name, (moving.get(name) ?? 0) + 1);
  }
  if (counts.size <= MEASURED_NAMES) return { counts, moving, leftOut: 0 };
  const kept = new Map([...counts].sort((a, b) => b[1] - a[1]).slice(0, MEASURED_NAMES));
  let leftOut = 0;
  for (const [name, count] of counts) if (!kept.has(name)) leftOut += count;
  return { counts: kept, moving: new Map([...moving].filter(([name]) => kept.has(name))), leftOut };
}

const asLists = (tags: ReturnType<typeof projectTags>) => ({ counts: [...tags.counts], moving: [...tags.moving], leftOut: tags.leftOut });

describe('the presets panel numbers', () => {
  it('count a project of more distinct names than are measured as Maps would, cut to the most frequent', () => {
    // Two projects; "sha-…" tags make tens of thousands of one-off names, release tags recur across repositories.
    const repositories = (team: string, n: number) => Array.from({ length: n }, (_, i) => `${team}/service-${i}`);
    const index = generateSnapshotIndex({
      seed: 3,
      projects: [
        { name: 'big', repositories: repositories('apps', 300), rules: null },
        { name: 'small', repositories: repositories('tools', 20), rules: null },
      ],
      tagsPerRepository: 400,
    });
    const big = projectTags(index, 0);
    expect(big.leftOut).toBeGreaterThan(0);
    expect(big.counts.size).toBe(MEASURED_NAMES);
    expect(asLists(big)).toEqual(asLists(referenceProjectTags(index, 0)));
    const small = projectTags(index, 1);
    expect(small.leftOut).toBe(0);
    expect(asLists(small)).toEqual(asLists(referenceProjectTags(index, 1)));
    // Every number of the panel, from names ranked once, equals the per-use functions' on the same counts.
    const view = presetsView(big, 'v1.3.4');
    expect(view.styles).toEqual(tagStyles(big.counts));
    const suggestions = suggestPresets(big.counts);
    expect(view.presets.filter((p) => p.suggested).map((p) => p.rules)).toEqual(suggestions.map((s) => s.rules));
    for (const preset of view.presets) expect(preset.coverage).toEqual(presetCoverage(preset.rules, 'v1.3.4', big.counts, big.moving));
    expect(view.presets.filter((p) => !p.suggested)).toHaveLength(PRESETS.length);
    // Its shares are of the measured tags, and say so: of the whole project they would be other numbers.
    const all = view.presets.find((p) => p.id === 'all-tags')!.coverage;
    expect(coverageText(all, big.leftOut)).toMatch(/^Locks 100% of the measured tags \([\d,]+ of [\d,]+\)/);
    expect(stylesText(view.styles, big.leftOut)).toMatch(/^Measured tags: \d+% /);
    const smallView = presetsView(small, 'v1.3.4');
    expect(coverageText(smallView.presets.find((p) => p.id === 'all-tags')!.coverage, small.leftOut)).toMatch(/^Locks 100% of the tags here/);
    expect(stylesText(smallView.styles, small.leftOut)).toMatch(/^Tags here: \d+% /);
  });

  it("rank names with as many tags in localeCompare's order", () => {
    const names = ['b', 'B', 'a', 'ä', 'A', 'z', '1.10', '1.9', '1.2.3-rc1', 'v1', 'V1', 'é', 'e', 'f', '_x', '-x', 'x'];
    const counts = new Map(names.map((name, i) => [name, i % 3]));
    const reference = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
    expect(rankTagNames(counts).map((r) => r.name)).toEqual(reference);
  });
});
