// Runs in the browser (pure helpers, no DOM).
/**
 * The tag table's model: which tags a search and filters keep (as one Int32Array of tag indexes, so
 * a million rows cost 4 MB and no objects), and the words for one row.
 */
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { errorRulePosition } from '../../../shared/engine/simulate.js';
import type { SimulationView } from '../sim/compute.js';

export type VerdictFilter = 'all' | 'immutable' | 'mutable' | 'stopped' | 'newly-immutable' | 'freed' | 'changed' | 'mismatch';

export const VERDICT_FILTERS: readonly { value: VerdictFilter; label: string }[] = [
  { value: 'all', label: 'All tags' },
  { value: 'immutable', label: 'Immutable' },
  { value: 'mutable', label: 'Mutable' },
  { value: 'stopped', label: 'Stopped by a rule error' },
  { value: 'changed', label: 'Changed against the server rules' },
  { value: 'newly-immutable', label: 'Newly immutable' },
  { value: 'freed', label: 'No longer immutable' },
  { value: 'mismatch', label: "Harbor's own verdict differs" },
];

export interface TagFilter {
  /** Free text: `repo:tag` parts, a tag, a repository or the start of a digest (`sha256:ab…`). */
  query: string;
  verdict: VerdictFilter;
  /** Repository index, or null for all. */
  repository: number | null;
  /** Project index, or null for all. */
  project: number | null;
}

export const EMPTY_FILTER: TagFilter = { query: '', verdict: 'all', repository: null, project: null };

/** Lower-cased `repository:tag` per tag, built once per index. */
const searchTexts = new WeakMap<SnapshotIndex, string[]>();

function searchText(index: SnapshotIndex): string[] {
  let texts = searchTexts.get(index);
  if (texts === undefined) {
    texts = new Array<string>(index.counts.tags);
    for (let t = 0; t < index.counts.tags; t++) {
      const repository = index.repositoryNames[index.artifactRepository[index.tagArtifact[t]!]!]!;
      texts[t] = `${repository}:${index.tagNames[t]}`.toLowerCase();
    }
    searchTexts.set(index, texts);
  }
  return texts;
}

/** Harbor's recorded verdict disagrees with the simulation of the server's rules. */
export function isMismatch(view: SimulationView, tag: number): boolean {
  const server = view.draft.index.tagServerImmutable[tag]!;
  return server >= 0 && (server === 1) !== view.server.tagVerdict[tag]! >= 0;
}

function keepsVerdict(view: SimulationView, filter: VerdictFilter, t: number): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'immutable':
      return view.draft.tagVerdict[t]! >= 0;
    case 'mutable':
      return view.draft.tagVerdict[t]! < 0;
    case 'stopped':
      return view.draft.tagVerdict[t]! <= -2;
    case 'newly-immutable':
      return view.tagChange[t] === 1;
    case 'freed':
      return view.tagChange[t] === -1;
    case 'changed':
      return view.tagChange[t] !== 0;
    case 'mismatch':
      return isMismatch(view, t);
  }
}

/** The tags to show, in snapshot order. */
export function filterTags(view: SimulationView, filter: TagFilter): Int32Array {
  const index = view.draft.index;
  const total = index.counts.tags;
  const query = filter.query.trim().toLowerCase();
  const out = new Int32Array(total);
  let n = 0;
  const texts = query === '' || query.startsWith('sha256:') ? null : searchText(index);
  const digestCache = new Map<number, string>();
  // A query `repo:tag` matches across the separator; `a b` needs both words somewhere.
  const words = query.split(/\s+/).filter((w) => w !== '');
  for (let t = 0; t < total; t++) {
    const artifact = index.tagArtifact[t]!;
    const repository = index.artifactRepository[artifact]!;
    if (filter.repository !== null && repository !== filter.repository) continue;
    if (filter.project !== null && index.repositoryProject[repository] !== filter.project) continue;
    if (!keepsVerdict(view, filter.verdict, t)) continue;
    if (query !== '') {
      if (texts === null) {
        let digest = digestCache.get(artifact);
        if (digest === undefined) {
          digest = index.artifactDigests.get(artifact);
          digestCache.set(artifact, digest);
        }
        if (!digest.startsWith(query)) continue;
      } else {
        const text = texts[t]!;
        let all = true;
        for (const word of words) {
          if (!text.includes(word)) {
            all = false;
            break;
          }
        }
        if (!all) continue;
      }
    }
    out[n++] = t;
  }
  return out.slice(0, n);
}

export type VerdictKind = 'immutable' | 'mutable' | 'stopped';

export interface TagRowView {
  tag: number;
  project: string;
  repository: string;
  name: string;
  verdict: VerdictKind;
  /** The deciding rule's label (or the failing rule's, when stopped). */
  rule: string | null;
  /** Harbor's recorded verdict, when known. */
  server: boolean | null;
  mismatch: boolean;
  change: -1 | 0 | 1;
}

export function tagRowView(view: SimulationView, tag: number): TagRowView {
  const { index } = view.draft;
  const artifact = index.tagArtifact[tag]!;
  const repository = index.artifactRepository[artifact]!;
  const project = index.repositoryProject[repository]!;
  const verdict = view.draft.tagVerdict[tag]!;
  const rules = view.draft.ruleSets[project]!.rules;
  const errorAt = errorRulePosition(verdict);
  const server = index.tagServerImmutable[tag]!;
  return {
    tag,
    project: index.projects[project]!.name,
    repository: index.repositoryNames[repository]!,
    name: index.tagNames[tag]!,
    verdict: verdict >= 0 ? 'immutable' : errorAt !== null ? 'stopped' : 'mutable',
    rule: verdict >= 0 ? rules[verdict]!.label : errorAt !== null ? rules[errorAt]!.label : null,
    server: server < 0 ? null : server === 1,
    mismatch: isMismatch(view, tag),
    change: view.tagChange[tag] as -1 | 0 | 1,
  };
}

/** Harbor's own verdicts compared with the simulation of the server's rules. */
export function serverAgreement(view: SimulationView): { compared: number; agree: number } {
  const { index } = view.draft;
  let compared = 0;
  let agree = 0;
  for (let t = 0; t < index.counts.tags; t++) {
    const server = index.tagServerImmutable[t]!;
    if (server < 0) continue;
    compared++;
    if ((server === 1) === view.server.tagVerdict[t]! >= 0) agree++;
  }
  return { compared, agree };
}
