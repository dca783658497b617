// Runs anywhere (pure).
/**
 * Grouping a snapshot index's items (tags, artifacts) by project, for checks that read one project's
 * share on every keystroke and should not walk the whole index for it.
 */

/**
 * Per project (0 to `projects` - 1), the items 0 to `count` - 1 that `keep` takes, in order, as one
 * Int32Array each: counted first, then filled, so no list grows on the way.
 */
export function itemsPerProject(projects: number, count: number, projectOf: (item: number) => number, keep: (item: number) => boolean): Int32Array[] {
  const counts = new Int32Array(projects);
  for (let item = 0; item < count; item++) if (keep(item)) counts[projectOf(item)]!++;
  const lists = Array.from(counts, (length) => new Int32Array(length));
  const filled = new Int32Array(projects);
  for (let item = 0; item < count; item++) {
    if (!keep(item)) continue;
    const project = projectOf(item);
    lists[project]![filled[project]!++] = item;
  }
  return lists;
}
