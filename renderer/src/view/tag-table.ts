// Runs in the browser (pure helpers, no DOM).
/**
 * The tag table's model: which tags a search and filters keep (as one Int32Array of tag indexes, so
 * a million rows cost 4 MB and no objects), and the words for one row. A search is plain text (every
 * word somewhere in `repository:tag`), the start of a digest, or a glob (`v1.*`, `backend/*:latest`)
 * matched as Harbor's rules match it.
 */
import type { CompiledGlob, Dialect } from '../../../shared/glob/dialect.js';
import { compileGlob } from '../../../shared/glob/compile.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { errorRulePosition } from '../../../shared/engine/simulate.js';
import type { SimulationView } from '../sim/compute.js';
import { globMayExplode } from '../sim/glob-budget.js';
import { globSyntaxFindings } from '../../../shared/lint/glob-syntax.js';

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
  /**
   * A rule of the edited project, by its position in the evaluation order: the tags it decides, or whose
   * evaluation it stopped with an error. Null for all.
   */
  rule: number | null;
}

export const EMPTY_FILTER: TagFilter = { query: '', verdict: 'all', repository: null, project: null, rule: null };

/** Whether a filter keeps every tag. */
export function isFiltered(filter: TagFilter): boolean {
  return filter.query.trim() !== '' || filter.verdict !== 'all' || filter.repository !== null || filter.project !== null || filter.rule !== null;
}

/** The longest repository name, repository path part and tag name of a snapshot (computed once per index). */
export interface NameLengths {
  repository: number;
  repositoryPart: number;
  tag: number;
}

const nameLengthCache = new WeakMap<SnapshotIndex, NameLengths>();

export function nameLengths(index: SnapshotIndex): NameLengths {
  let lengths = nameLengthCache.get(index);
  if (lengths === undefined) {
    lengths = { repository: 0, repositoryPart: 0, tag: 0 };
    for (const name of index.repositoryNames) {
      lengths.repository = Math.max(lengths.repository, name.length);
      for (const part of name.split('/')) lengths.repositoryPart = Math.max(lengths.repositoryPart, part.length);
    }
    // Every tag's name is one of the distinct names: at a million tags, a few hundred thousand.
    for (const name of index.distinctTagNames) lengths.tag = Math.max(lengths.tag, name.length);
    nameLengthCache.set(index, lengths);
  }
  return lengths;
}

/** What a search query asks for. */
export type TagSearch =
  | { kind: 'none' }
  | { kind: 'text'; words: string[] }
  | { kind: 'digest'; prefix: string }
  /** Globs for the repository and the tag; `either` (no `:` typed): one pattern, tag name or repository. */
  | { kind: 'glob'; repository: CompiledGlob | null; tag: CompiledGlob; either: boolean }
  /** A glob that cannot be used; the sentence says why (nothing matches meanwhile). */
  | { kind: 'refused'; problem: string };

const GLOB_CHARACTERS = /[*?[\]{}]/;

/**
 * Reads a query: `sha256:…` is a digest prefix; with `*`, `?`, `[` or `{` it is a glob (`repository:tag`
 * globs both; one glob alone matches a tag name or a repository); otherwise plain words.
 */
export function parseTagSearch(query: string, dialect: Dialect, index: SnapshotIndex): TagSearch {
  const trimmed = query.trim();
  if (trimmed === '') return { kind: 'none' };
  if (/^sha(256|384|512):/i.test(trimmed)) return { kind: 'digest', prefix: trimmed.toLowerCase() };
  if (!GLOB_CHARACTERS.test(trimmed)) return { kind: 'text', words: trimmed.toLowerCase().split(/\s+/).filter((w) => w !== '') };
  const colon = trimmed.lastIndexOf(':');
  const repositoryPattern = colon >= 0 ? trimmed.slice(0, colon) : null;
  const tagPattern = colon >= 0 ? trimmed.slice(colon + 1) : trimmed;
  const lengths = nameLengths(index);
  // The search runs on the page: a pattern that can backtrack for minutes is refused, as lint warns of it.
  if (globMayExplode(tagPattern, Math.max(lengths.tag, repositoryPattern === null ? lengths.repository : 0)) || globMayExplode(repositoryPattern ?? undefined, lengths.repositoryPart)) {
    return { kind: 'refused', problem: 'This pattern has too many * in one part to be matched here quickly (see lint glob-cost): use fewer.' };
  }
  // Harbor's glob library fails only on the names that reach a broken part, and a search would then
  // just find nothing: say what is broken instead, as the rule editor does.
  for (const pattern of [repositoryPattern, tagPattern]) {
    const broken = pattern ? globSyntaxFindings(pattern, dialect).find((finding) => finding.severity === 'error') : undefined;
    if (broken !== undefined) return { kind: 'refused', problem: `Not a usable pattern (${pattern}): ${broken.message}.` };
  }
  try {
    return {
      kind: 'glob',
      repository: repositoryPattern === null || repositoryPattern === '' ? null : compileGlob(repositoryPattern, dialect),
      tag: compileGlob(tagPattern === '' ? '**' : tagPattern, dialect),
      either: repositoryPattern === null,
    };
  } catch (error) {
    return { kind: 'refused', problem: `Not a usable pattern: ${error instanceof Error ? error.message : String(error)}.` };
  }
}

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

function keepsRule(view: SimulationView, rule: number | null, t: number, project: number): boolean {
  if (rule === null) return true;
  if (project !== view.projectIndex) return false;
  const verdict = view.draft.tagVerdict[t]!;
  return verdict === rule || errorRulePosition(verdict) === rule;
}

/** The tags to show, in snapshot order. `dialect` reads a glob search as the rules would. */
export function filterTags(view: SimulationView, filter: TagFilter, dialect: Dialect = 'v1.3.4'): Int32Array {
  const index = view.draft.index;
  const total = index.counts.tags;
  const search = parseTagSearch(filter.query, dialect, index);
  if (search.kind === 'refused') return new Int32Array(0);
  const out = new Int32Array(total);
  if (search.kind === 'none' && filter.repository === null && filter.project === null && filter.verdict === 'all' && filter.rule === null) {
    // Every tag, as the table first shows them: at a million tags the tests per tag took about 30 ms (a profile of the Simulation screen's first render).
    for (let t = 0; t < total; t++) out[t] = t;
    return out;
  }
  let n = 0;
  const texts = search.kind === 'text' ? searchText(index) : null;
  const digestCache = new Map<number, string>();
  for (let t = 0; t < total; t++) {
    const artifact = index.tagArtifact[t]!;
    const repository = index.artifactRepository[artifact]!;
    if (filter.repository !== null && repository !== filter.repository) continue;
    const project = index.repositoryProject[repository]!;
    if (filter.project !== null && project !== filter.project) continue;
    if (!keepsVerdict(view, filter.verdict, t)) continue;
    if (!keepsRule(view, filter.rule, t, project)) continue;
    if (search.kind === 'digest') {
      let digest = digestCache.get(artifact);
      if (digest === undefined) {
        digest = index.artifactDigests.get(artifact);
        digestCache.set(artifact, digest);
      }
      if (!digest.startsWith(search.prefix)) continue;
    } else if (search.kind === 'text') {
      // A query `repo:tag` matches across the separator; `a b` needs both words somewhere.
      const text = texts![t]!;
      let all = true;
      for (const word of search.words) {
        if (!text.includes(word)) {
          all = false;
          break;
        }
      }
      if (!all) continue;
    } else if (search.kind === 'glob') {
      const name = index.tagNames[t]!;
      const repositoryName = index.repositoryNames[repository]!;
      const matches = search.either
        ? search.tag.match(name) === 'match' || search.tag.match(repositoryName) === 'match'
        : search.tag.match(name) === 'match' && (search.repository === null || search.repository.match(repositoryName) === 'match');
      if (!matches) continue;
    }
    out[n++] = t;
  }
  return n === total ? out : out.slice(0, n);
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
  digest: string;
  /** Epoch milliseconds, NaN when unknown. */
  pushTime: number;
  /** Bytes of the tag's artifact, NaN when unknown. */
  size: number;
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
    digest: index.artifactDigests.get(artifact),
    pushTime: index.tagPushTime[tag]!,
    size: index.artifactSize[artifact]!,
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
