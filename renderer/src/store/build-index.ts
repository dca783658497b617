// Runs in the browser (no DOM needed).
/**
 * Builds the compact SnapshotIndex of an opened snapshot without one long main-thread task: repository
 * by repository, yielding to the browser whenever a slice of work has taken `budgetMs`. Small snapshots
 * are built in one go.
 */
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { SnapshotIndexBuilder, buildSnapshotIndex, metaOf } from '../../../shared/snapshot/snapshot-index.js';
import { yieldToBrowser } from '../sim/yield.js';

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export function countTags(snapshot: Snapshot): number {
  let tags = 0;
  for (const project of snapshot.projects) for (const repository of project.repositories) for (const artifact of repository.artifacts) tags += artifact.tags.length;
  return tags;
}

export async function buildIndexIncrementally(
  snapshot: Snapshot,
  options: { budgetMs?: number; smallTags?: number; pause?: () => Promise<void> } = {},
): Promise<SnapshotIndex> {
  const budget = options.budgetMs ?? 25;
  if (countTags(snapshot) <= (options.smallTags ?? 20_000)) return buildSnapshotIndex(snapshot);
  const pause = options.pause ?? yieldToBrowser;
  const builder = new SnapshotIndexBuilder(metaOf(snapshot));
  let sliceStart = now();
  for (const project of snapshot.projects) {
    builder.addProject(project);
    for (const repository of project.repositories) {
      builder.addRepository(repository);
      if (now() - sliceStart > budget) {
        await pause();
        sliceStart = now();
      }
    }
  }
  await pause();
  return builder.build();
}
