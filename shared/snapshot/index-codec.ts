// Runs anywhere (pure).
/**
 * A SnapshotIndex as one ArrayBuffer, to hand an opened snapshot to a page without its JSON tree: the
 * typed columns as they are, the repository names and the distinct tag names as one UTF-8 text each
 * with where every name ends (a tag holds the number of its name), and a small JSON head (registry,
 * projects with their rules, the table of repeated strings).
 * A page decodes it with one TextDecoder call and copies of the columns; nothing large is parsed.
 *
 * Layout: magic, format version, head length, head (UTF-8 JSON), then every part at an 8-byte boundary
 * in the fixed order of PARTS. The head's counts alone decide every part's length, so the decoder takes
 * no offset from the buffer on trust: it computes them, requires the buffer to end exactly where the last
 * part does, and checks every index a column holds against what it points into. A damaged buffer is
 * refused with DamagedIndexError, never half-read.
 */
import { PackedDigests } from './packed-digests.js';
import type { IndexedProject, SnapshotIndex, SnapshotMeta } from './snapshot-index.js';

/**
 * Every runtime Taglock runs in has both (Node, browsers, workers); shared/ sees neither DOM nor Node
 * types, so the little used of them is declared here.
 */
declare const TextEncoder: new () => { encode(text: string): Uint8Array };
declare const TextDecoder: new (label: 'utf-8', options: { fatal: boolean; ignoreBOM: boolean }) => { decode(bytes: Uint8Array): string };

/** "TLIX" read as a little-endian u32. */
const MAGIC = 0x58494c54;
/** 2: tag names stored once each, with a name number per tag (1 stored every tag's name). */
export const INDEX_ENCODING_VERSION = 2;
const PREFIX_BYTES = 12;
const ALIGN = 8;

export class DamagedIndexError extends Error {
  constructor(message: string) {
    super(`the snapshot data is damaged: ${message}`);
    this.name = 'DamagedIndexError';
  }
}

interface Counts {
  projects: number;
  repositories: number;
  artifacts: number;
  tags: number;
  references: number;
  distinctTagNames: number;
  /** UTF-8 bytes of all repository names, and of the distinct tag names. */
  repositoryNameBytes: number;
  distinctTagNameBytes: number;
}

interface Head {
  meta: SnapshotMeta;
  projects: IndexedProject[];
  strings: string[];
  counts: Counts;
  /** Digests that are not sha256 (kept as text), by index. */
  otherArtifactDigests: [number, string][];
  otherReferences: [number, string][];
}

type ColumnKind = 'i32' | 'u32' | 'f64' | 'i8' | 'u8';
const BYTES: Record<ColumnKind, number> = { i32: 4, u32: 4, f64: 8, i8: 1, u8: 1 };

/** Every part after the head, in order, with its element kind and its length from the counts. */
const PARTS = [
  ['repositoryProject', 'i32', (c: Counts) => c.repositories],
  ['repositoryArtifactStart', 'i32', (c: Counts) => c.repositories + 1],
  ['repositoryNameEnds', 'u32', (c: Counts) => c.repositories],
  ['repositoryNameText', 'u8', (c: Counts) => c.repositoryNameBytes],
  ['artifactDigests', 'u8', (c: Counts) => c.artifacts * 32],
  ['artifactRepository', 'i32', (c: Counts) => c.artifacts],
  ['artifactTagStart', 'i32', (c: Counts) => c.artifacts + 1],
  ['artifactType', 'i32', (c: Counts) => c.artifacts],
  ['artifactMediaType', 'i32', (c: Counts) => c.artifacts],
  ['artifactSize', 'f64', (c: Counts) => c.artifacts],
  ['artifactPushTime', 'f64', (c: Counts) => c.artifacts],
  ['artifactPullTime', 'f64', (c: Counts) => c.artifacts],
  ['artifactReferenceStart', 'i32', (c: Counts) => c.artifacts + 1],
  ['references', 'u8', (c: Counts) => c.references * 32],
  ['tagNameIds', 'i32', (c: Counts) => c.tags],
  ['distinctTagNameEnds', 'u32', (c: Counts) => c.distinctTagNames],
  ['distinctTagNameText', 'u8', (c: Counts) => c.distinctTagNameBytes],
  ['tagArtifact', 'i32', (c: Counts) => c.tags],
  ['tagPushTime', 'f64', (c: Counts) => c.tags],
  ['tagPullTime', 'f64', (c: Counts) => c.tags],
  ['tagServerImmutable', 'i8', (c: Counts) => c.tags],
] as const satisfies readonly (readonly [string, ColumnKind, (c: Counts) => number])[];

type PartName = (typeof PARTS)[number][0];
type Layout = Record<PartName, { offset: number; length: number; kind: ColumnKind }>;

const alignUp = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

function layout(headBytes: number, counts: Counts): { parts: Layout; total: number } {
  let at = alignUp(PREFIX_BYTES + headBytes);
  const parts = {} as Layout;
  for (const [name, kind, length] of PARTS) {
    at = alignUp(at);
    parts[name] = { offset: at, length: length(counts), kind };
    at += length(counts) * BYTES[kind];
  }
  return { parts, total: at };
}

/** Names joined, with where each ends in UTF-16 code units (what String.prototype.slice counts). */
function joinNames(names: readonly string[]): { bytes: Uint8Array; ends: Uint32Array } {
  const ends = new Uint32Array(names.length);
  let at = 0;
  for (let i = 0; i < names.length; i++) {
    at += names[i]!.length;
    ends[i] = at;
  }
  return { bytes: new TextEncoder().encode(names.join('')), ends };
}

export function encodeSnapshotIndex(index: SnapshotIndex): ArrayBuffer {
  const digests = index.artifactDigests.parts();
  const references = index.references.parts();
  const repositoryNames = joinNames(index.repositoryNames);
  const distinctTagNames = joinNames(index.distinctTagNames);
  const counts: Counts = {
    ...index.counts,
    references: index.references.length,
    distinctTagNames: index.distinctTagNames.length,
    repositoryNameBytes: repositoryNames.bytes.length,
    distinctTagNameBytes: distinctTagNames.bytes.length,
  };
  const head: Head = {
    meta: index.meta,
    projects: [...index.projects],
    strings: [...index.strings],
    counts,
    otherArtifactDigests: digests.others,
    otherReferences: references.others,
  };
  const headBytes = new TextEncoder().encode(JSON.stringify(head));
  const { parts, total } = layout(headBytes.length, counts);
  const buffer = new ArrayBuffer(total);
  const prefix = new DataView(buffer);
  prefix.setUint32(0, MAGIC, true);
  prefix.setUint32(4, INDEX_ENCODING_VERSION, true);
  prefix.setUint32(8, headBytes.length, true);
  new Uint8Array(buffer, PREFIX_BYTES, headBytes.length).set(headBytes);
  const sources: Record<PartName, ArrayLike<number>> = {
    repositoryProject: index.repositoryProject,
    repositoryArtifactStart: index.repositoryArtifactStart,
    repositoryNameEnds: repositoryNames.ends,
    repositoryNameText: repositoryNames.bytes,
    artifactDigests: digests.bytes,
    artifactRepository: index.artifactRepository,
    artifactTagStart: index.artifactTagStart,
    artifactType: index.artifactType,
    artifactMediaType: index.artifactMediaType,
    artifactSize: index.artifactSize,
    artifactPushTime: index.artifactPushTime,
    artifactPullTime: index.artifactPullTime,
    artifactReferenceStart: index.artifactReferenceStart,
    references: references.bytes,
    tagNameIds: index.tagNameIds,
    distinctTagNameEnds: distinctTagNames.ends,
    distinctTagNameText: distinctTagNames.bytes,
    tagArtifact: index.tagArtifact,
    tagPushTime: index.tagPushTime,
    tagPullTime: index.tagPullTime,
    tagServerImmutable: index.tagServerImmutable,
  };
  for (const [name] of PARTS) {
    const part = parts[name];
    const source = sources[name];
    if (source.length !== part.length) throw new RangeError(`${name} has ${source.length} entries where ${part.length} belong`);
    view(buffer, part).set(source);
  }
  return buffer;
}

function view(buffer: ArrayBufferLike, part: { offset: number; length: number; kind: ColumnKind }) {
  switch (part.kind) {
    case 'i32':
      return new Int32Array(buffer, part.offset, part.length);
    case 'u32':
      return new Uint32Array(buffer, part.offset, part.length);
    case 'f64':
      return new Float64Array(buffer, part.offset, part.length);
    case 'i8':
      return new Int8Array(buffer, part.offset, part.length);
    case 'u8':
      return new Uint8Array(buffer, part.offset, part.length);
  }
}

/** Whether bytes start as an encoding this version writes (a quick look, not a check of the whole). */
export function isCurrentIndexEncoding(bytes: Uint8Array): boolean {
  if (bytes.length < PREFIX_BYTES) return false;
  const prefix = new DataView(bytes.buffer, bytes.byteOffset, PREFIX_BYTES);
  return prefix.getUint32(0, true) === MAGIC && prefix.getUint32(4, true) === INDEX_ENCODING_VERSION;
}

// ---- decoding: everything checked before it is used -------------------------------------------------

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function damaged(message: string): never {
  throw new DamagedIndexError(message);
}

function checkOthers(value: unknown, length: number, what: string): [number, string][] {
  if (!Array.isArray(value)) damaged(`${what} is not a list`);
  for (const entry of value) {
    if (!Array.isArray(entry) || entry.length !== 2 || !isCount(entry[0]) || entry[0] >= length || typeof entry[1] !== 'string') damaged(`${what} holds a bad entry`);
  }
  return value as [number, string][];
}

/**
 * Text as TextDecoder takes it: not every runtime decodes straight from shared memory, so text held in a
 * SharedArrayBuffer is copied out first (the head and the names: a few MB at most).
 */
function decodableText(bytes: Uint8Array): Uint8Array {
  return isSharedMemory(bytes.buffer) ? bytes.slice() : bytes;
}

/** Whether `value` is shared memory (a SharedArrayBuffer); not instanceof, which another realm's fails. */
export function isSharedMemory(value: unknown): value is SharedArrayBuffer {
  return Object.prototype.toString.call(value) === '[object SharedArrayBuffer]';
}

function readHead(buffer: ArrayBufferLike): { head: Head; headBytes: number } {
  if (buffer.byteLength < PREFIX_BYTES) damaged(`${buffer.byteLength} bytes is too short`);
  const prefix = new DataView(buffer);
  if (prefix.getUint32(0, true) !== MAGIC) damaged('it does not start as a Taglock snapshot index');
  const version = prefix.getUint32(4, true);
  if (version !== INDEX_ENCODING_VERSION) damaged(`its format version is ${version}, this Taglock reads ${INDEX_ENCODING_VERSION}`);
  const headBytes = prefix.getUint32(8, true);
  if (headBytes > buffer.byteLength - PREFIX_BYTES) damaged('it is cut off inside its head');
  let head: unknown;
  try {
    head = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(decodableText(new Uint8Array(buffer, PREFIX_BYTES, headBytes))));
  } catch {
    damaged('its head is not JSON');
  }
  if (!isRecord(head) || !isRecord(head.meta) || !Array.isArray(head.projects) || !Array.isArray(head.strings) || !isRecord(head.counts)) damaged('its head lacks a part');
  if (!head.strings.every((s) => typeof s === 'string')) damaged('its string table holds a non-string');
  if (!head.projects.every((p) => isRecord(p) && typeof p.name === 'string')) damaged('a project has no name');
  const counts = head.counts;
  for (const key of ['projects', 'repositories', 'artifacts', 'tags', 'references', 'distinctTagNames', 'repositoryNameBytes', 'distinctTagNameBytes'] as const) {
    if (!isCount(counts[key])) damaged(`its count of ${key} is not a count`);
  }
  const c = counts as unknown as Counts;
  if (c.projects !== head.projects.length) damaged('its project count disagrees with its projects');
  checkOthers(head.otherArtifactDigests, c.artifacts, 'the list of other artifact digests');
  checkOthers(head.otherReferences, c.references, 'the list of other references');
  return { head: head as unknown as Head, headBytes };
}

/** `starts` begins at 0, never decreases, and ends at `end` (the [start, end) ranges of a grouping). */
function checkStarts(starts: Int32Array, end: number, what: string): void {
  if (starts[0] !== 0 || starts[starts.length - 1] !== end) damaged(`${what} does not span its items`);
  for (let i = 1; i < starts.length; i++) if (starts[i]! < starts[i - 1]!) damaged(`${what} goes backwards at ${i}`);
}

/** Every value within [low, high). */
function checkRange(values: Int32Array | Int8Array, low: number, high: number, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < low || v >= high) damaged(`${what} ${i} points to ${v}, outside [${low}, ${high})`);
  }
}

/** `owner[i]` is the group whose [start, end) range holds item i. */
function checkOwners(owner: Int32Array, starts: Int32Array, what: string): void {
  for (let g = 0; g + 1 < starts.length; g++) {
    for (let i = starts[g]!; i < starts[g + 1]!; i++) if (owner[i] !== g) damaged(`${what} ${i} is not in the group that lists it`);
  }
}

/** Names from their joined text, in slices of `chunk` names between steps. */
function* splitNames(text: Uint8Array, ends: Uint32Array, what: string, chunk: number): Generator<undefined, string[]> {
  let joined: string;
  try {
    joined = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(decodableText(text));
  } catch {
    damaged(`${what} are not UTF-8`);
  }
  yield;
  if ((ends.length === 0 ? 0 : ends[ends.length - 1]!) !== joined.length) damaged(`${what} do not end where their text does`);
  const names = new Array<string>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!;
    if (end < start) damaged(`${what} go backwards at ${i}`);
    names[i] = joined.slice(start, end);
    start = end;
    if (i % chunk === chunk - 1) yield;
  }
  return names;
}

/** Every tag's name, looked up by its number (checked in range before), in slices of `chunk` tags between steps. */
function* namesOfTags(ids: Int32Array, distinct: readonly string[], chunk: number): Generator<undefined, string[]> {
  const names = new Array<string>(ids.length);
  for (let t = 0; t < ids.length; t++) {
    names[t] = distinct[ids[t]!]!;
    if (t % chunk === chunk - 1) yield;
  }
  return names;
}

const NAMES_PER_STEP = 25_000;

export interface DecodeOptions {
  /**
   * Copy each column out of the buffer (the default), or take views of it: no copying, but every column
   * then shares the one buffer, so none may be transferred or posted on its own (that would move or
   * clone the whole buffer).
   */
  copy?: boolean;
}

/**
 * Decodes in steps (`yield` between them, after every part), so a page can spread the work over several
 * tasks. Throws DamagedIndexError on any inconsistency. The buffer may be shared memory (a page and its
 * worker decoding the one copy); it must then not change while its index is in use.
 */
export function* decodeSnapshotIndexSteps(buffer: ArrayBuffer | SharedArrayBuffer, options: DecodeOptions = {}): Generator<undefined, SnapshotIndex> {
  const { head, headBytes } = readHead(buffer);
  const c = head.counts;
  const { parts, total } = layout(headBytes, c);
  if (total !== buffer.byteLength) damaged(`it has ${buffer.byteLength} bytes where its counts need ${total}`);
  const copy = options.copy ?? true;
  const part = <K extends PartName>(name: K) => (copy ? view(buffer, parts[name]).slice() : view(buffer, parts[name]));

  const repositoryProject = part('repositoryProject') as Int32Array;
  checkRange(repositoryProject, 0, c.projects, 'repository');
  const repositoryArtifactStart = part('repositoryArtifactStart') as Int32Array;
  checkStarts(repositoryArtifactStart, c.artifacts, 'the artifacts of repositories');
  yield;
  const artifactRepository = part('artifactRepository') as Int32Array;
  checkOwners(artifactRepository, repositoryArtifactStart, 'artifact');
  yield;
  const artifactTagStart = part('artifactTagStart') as Int32Array;
  checkStarts(artifactTagStart, c.tags, 'the tags of artifacts');
  yield;
  const artifactReferenceStart = part('artifactReferenceStart') as Int32Array;
  checkStarts(artifactReferenceStart, c.references, 'the references of artifacts');
  yield;
  const artifactType = part('artifactType') as Int32Array;
  checkRange(artifactType, -1, head.strings.length, 'artifact type');
  yield;
  const artifactMediaType = part('artifactMediaType') as Int32Array;
  checkRange(artifactMediaType, -1, head.strings.length, 'artifact media type');
  yield;
  const tagArtifact = part('tagArtifact') as Int32Array;
  checkOwners(tagArtifact, artifactTagStart, 'tag');
  yield;
  const tagServerImmutable = part('tagServerImmutable') as Int8Array;
  checkRange(tagServerImmutable, -1, 2, 'the server verdict of tag');
  yield;
  const tagNameIds = part('tagNameIds') as Int32Array;
  checkRange(tagNameIds, 0, c.distinctTagNames, 'the name of tag');
  yield;
  // Any number is a size or a time (NaN: unknown), so these are taken as they are.
  const artifactSize = part('artifactSize') as Float64Array;
  yield;
  const artifactPushTime = part('artifactPushTime') as Float64Array;
  yield;
  const artifactPullTime = part('artifactPullTime') as Float64Array;
  yield;
  const tagPushTime = part('tagPushTime') as Float64Array;
  yield;
  const tagPullTime = part('tagPullTime') as Float64Array;
  yield;
  const artifactDigests = PackedDigests.fromParts(part('artifactDigests') as Uint8Array, c.artifacts, head.otherArtifactDigests);
  yield;
  const references = PackedDigests.fromParts(part('references') as Uint8Array, c.references, head.otherReferences);
  yield;
  const repositoryNames = yield* splitNames(view(buffer, parts.repositoryNameText) as Uint8Array, view(buffer, parts.repositoryNameEnds) as Uint32Array, 'the repository names', NAMES_PER_STEP);
  const distinctTagNames = yield* splitNames(view(buffer, parts.distinctTagNameText) as Uint8Array, view(buffer, parts.distinctTagNameEnds) as Uint32Array, 'the tag names', NAMES_PER_STEP);
  const tagNames = yield* namesOfTags(tagNameIds, distinctTagNames, NAMES_PER_STEP * 4);
  return {
    meta: head.meta,
    projects: head.projects,
    repositoryNames,
    repositoryProject,
    repositoryArtifactStart,
    artifactDigests,
    artifactRepository,
    artifactTagStart,
    artifactType,
    artifactMediaType,
    artifactSize,
    artifactPushTime,
    artifactPullTime,
    artifactReferenceStart,
    references,
    tagNames,
    tagNameIds,
    distinctTagNames,
    tagArtifact,
    tagPushTime,
    tagPullTime,
    tagServerImmutable,
    strings: head.strings,
    counts: { projects: c.projects, repositories: c.repositories, artifacts: c.artifacts, tags: c.tags },
  };
}

/** Decodes in one go (a worker, Node, or a small snapshot). */
export function decodeSnapshotIndex(buffer: ArrayBuffer | SharedArrayBuffer, options: DecodeOptions = {}): SnapshotIndex {
  const steps = decodeSnapshotIndexSteps(buffer, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
