// Runs anywhere (pure).
/**
 * Checks a parsed snapshot file field by field. A malformed file is refused with a message naming the
 * first bad field (`projects[0].repositories[3].artifacts[1].digest: expected a string`), never a crash.
 * Beyond the shape, it refuses what no registry can hold: a malformed digest, or one tag name on two
 * artifacts of a repository (every verdict and lock of that tag would be a guess).
 *
 * The field checks are exported one by one: the streaming reader (snapshot-reader.ts) calls the same
 * checks in the same order, so both ways of reading a file refuse it with the same message.
 */
import { isDialect } from '../glob/dialect.js';
import { parseWireRules, toWireRules } from '../rules/wire.js';
import type { WireRule } from '../rules/wire.js';
import { parseRetentionPolicy } from '../retention/policy.js';
import type {
  Snapshot,
  SnapshotArtifact,
  SnapshotProject,
  SnapshotRegistry,
  SnapshotRemoteRegistry,
  SnapshotReplication,
  SnapshotRepository,
  SnapshotTag,
} from './schema.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './schema.js';

export class SnapshotFormatError extends Error {
  constructor(readonly path: string, detail: string) {
    super(path === '' ? detail : `${path}: ${detail}`);
    this.name = 'SnapshotFormatError';
  }
}

type Json = Record<string, unknown>;

export function checkRecord(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SnapshotFormatError(path, 'expected an object');
  }
  return value as Json;
}

export function checkList(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new SnapshotFormatError(path, 'expected a list');
  return value;
}

export function checkText(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new SnapshotFormatError(path, 'expected a string');
  return value;
}

export function checkOptionalText(value: unknown, path: string): string | null {
  return value === undefined || value === null ? null : checkText(value, path);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function checkOptionalTime(value: unknown, path: string): string | null {
  const time = checkOptionalText(value, path);
  if (time !== null && !ISO_TIME.test(time)) throw new SnapshotFormatError(path, `expected an ISO 8601 time, got ${JSON.stringify(time)}`);
  return time;
}

/** The OCI image spec's digest grammar: `algorithm ":" encoded`. */
const DIGEST = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;

/** The spec's registered algorithms fix their encoded part: the hash in lower-case hex, this many digits. */
const REGISTERED_HEX_DIGITS = new Map<string, number>([
  ['sha256', 64],
  ['sha512', 128],
]);
const LOWER_HEX = /^[a-f0-9]+$/;

export function checkDigest(value: unknown, path: string): string {
  const d = checkText(value, path);
  const shown = JSON.stringify(d.slice(0, 140));
  const parts = DIGEST.exec(d);
  if (parts === null) throw new SnapshotFormatError(path, `expected a digest like sha256:…, got ${shown}`);
  const algorithm = parts[1]!;
  const encoded = parts[2]!;
  const hexDigits = REGISTERED_HEX_DIGITS.get(algorithm);
  if (hexDigits !== undefined && (encoded.length !== hexDigits || !LOWER_HEX.test(encoded))) {
    throw new SnapshotFormatError(path, `expected a ${algorithm} digest of ${hexDigits} lower-case hex digits, got ${shown}`);
  }
  return d;
}

export function checkTagName(value: unknown, path: string): string {
  const name = checkText(value, path);
  if (name === '') throw new SnapshotFormatError(path, 'a tag name cannot be empty');
  return name;
}

export function checkImmutable(value: unknown, path: string): boolean | null {
  if (value !== undefined && value !== null && typeof value !== 'boolean') throw new SnapshotFormatError(path, 'expected true, false or null');
  return typeof value === 'boolean' ? value : null;
}

function tag(value: unknown, path: string): SnapshotTag {
  const t = checkRecord(value, path);
  const name = checkTagName(t.name, `${path}.name`);
  const immutable = checkImmutable(t.immutable, `${path}.immutable`);
  return {
    name,
    pushTime: checkOptionalTime(t.pushTime, `${path}.pushTime`),
    pullTime: checkOptionalTime(t.pullTime, `${path}.pullTime`),
    immutable,
  };
}

export function checkSize(value: unknown, path: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SnapshotFormatError(path, 'expected a size in bytes (a whole number ≥ 0)');
  }
  return value;
}

/** The fields of an artifact before its lists, checked in this order. */
export function checkArtifactFields(a: Json, path: string): Omit<SnapshotArtifact, 'references' | 'tags'> {
  const size = checkSize(a.size, `${path}.size`);
  return {
    digest: checkDigest(a.digest, `${path}.digest`),
    type: checkOptionalText(a.type, `${path}.type`),
    mediaType: checkOptionalText(a.mediaType, `${path}.mediaType`),
    size,
    pushTime: checkOptionalTime(a.pushTime, `${path}.pushTime`),
    pullTime: checkOptionalTime(a.pullTime, `${path}.pullTime`),
  };
}

function artifact(value: unknown, path: string): SnapshotArtifact {
  const a = checkRecord(value, path);
  const fields = checkArtifactFields(a, path);
  return {
    ...fields,
    references: a.references === undefined || a.references === null
      ? []
      : checkList(a.references, `${path}.references`).map((r, i) => checkDigest(r, `${path}.references[${i}]`)),
    tags: checkList(a.tags ?? [], `${path}.tags`).map((t, i) => tag(t, `${path}.tags[${i}]`)),
  };
}

/** A tag name already held by an artifact of the same repository (`holder`, or this one). */
export function repeatedTagError(path: string, artifactIndex: number, tagIndex: number, name: string, holder: number, holderDigest: string): SnapshotFormatError {
  const where = holder === artifactIndex ? 'this artifact' : `artifacts[${holder}] (${holderDigest})`;
  return new SnapshotFormatError(`${path}.artifacts[${artifactIndex}].tags[${tagIndex}].name`, `tag ${JSON.stringify(name)} is already on ${where}: a repository holds each tag name once`);
}

export function checkRepositoryName(value: unknown, path: string): string {
  const name = checkText(value, path);
  if (name === '') throw new SnapshotFormatError(path, 'a repository name cannot be empty');
  return name;
}

function repository(value: unknown, path: string): SnapshotRepository {
  const r = checkRecord(value, path);
  const name = checkRepositoryName(r.name, `${path}.name`);
  const artifacts: SnapshotArtifact[] = [];
  /** The index of the artifact holding each tag name seen so far. */
  const holders = new Map<string, number>();
  checkList(r.artifacts, `${path}.artifacts`).forEach((value, i) => {
    const parsed = artifact(value, `${path}.artifacts[${i}]`);
    // Checked artifact by artifact: a bad field in a later artifact is not reported before a repeated tag here.
    parsed.tags.forEach((t, j) => {
      const holder = holders.get(t.name);
      if (holder !== undefined) throw repeatedTagError(path, i, j, t.name, holder, artifacts[holder]?.digest ?? parsed.digest);
      holders.set(t.name, i);
    });
    artifacts.push(parsed);
  });
  return { name, artifacts };
}

function wholeNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new SnapshotFormatError(path, 'expected a whole number');
  return value;
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new SnapshotFormatError(path, `expected ${allowed.map((a) => JSON.stringify(a)).join(' or ')}`);
  }
  return value as T;
}

function remoteRegistry(value: unknown, path: string): SnapshotRemoteRegistry {
  const r = checkRecord(value, path);
  return {
    id: wholeNumber(r.id, `${path}.id`),
    name: checkOptionalText(r.name, `${path}.name`),
    url: checkOptionalText(r.url, `${path}.url`),
    type: checkOptionalText(r.type, `${path}.type`),
  };
}

function replication(value: unknown, path: string): SnapshotReplication {
  const r = checkRecord(value, path);
  if (typeof r.enabled !== 'boolean') throw new SnapshotFormatError(`${path}.enabled`, 'expected true or false');
  let tagFilter: SnapshotReplication['tagFilter'] = null;
  if (r.tagFilter !== undefined && r.tagFilter !== null) {
    const f = checkRecord(r.tagFilter, `${path}.tagFilter`);
    tagFilter = { pattern: checkText(f.pattern, `${path}.tagFilter.pattern`), decoration: oneOf(f.decoration, `${path}.tagFilter.decoration`, ['matches', 'excludes'] as const) };
  }
  return {
    id: wholeNumber(r.id, `${path}.id`),
    name: checkText(r.name, `${path}.name`),
    enabled: r.enabled,
    role: oneOf(r.role, `${path}.role`, ['destination', 'source'] as const),
    via: oneOf(r.via, `${path}.via`, ['namespace', 'name-filter', 'unfiltered'] as const),
    remote: r.remote === undefined || r.remote === null ? null : remoteRegistry(r.remote, `${path}.remote`),
    nameFilter: checkOptionalText(r.nameFilter, `${path}.nameFilter`),
    tagFilter,
    trigger: checkOptionalText(r.trigger, `${path}.trigger`),
  };
}

/** The mirror fields: absent stays absent (not recorded), null stays null (not a proxy cache / not readable). */
function mirrorFields(p: Json, path: string): Pick<SnapshotProject, 'proxyCache' | 'replication'> {
  const out: Pick<SnapshotProject, 'proxyCache' | 'replication'> = {};
  if (p.proxyCache !== undefined) out.proxyCache = p.proxyCache === null ? null : remoteRegistry(p.proxyCache, `${path}.proxyCache`);
  if (p.replication !== undefined) {
    out.replication = p.replication === null ? null : checkList(p.replication, `${path}.replication`).map((r, i) => replication(r, `${path}.replication[${i}]`));
  }
  return out;
}

export function checkProjectRules(value: unknown, path: string): WireRule[] | null {
  if (value === undefined || value === null) return null;
  try {
    return toWireRules(parseWireRules(value, path));
  } catch (error) {
    throw new SnapshotFormatError('', (error as Error).message);
  }
}

/** The retention policy a fetch read; absent stays absent: "not read" is not "the project has none" (null). */
function retentionField(p: Json, path: string): Pick<SnapshotProject, 'retention'> {
  if (p.retention === undefined) return {};
  if (p.retention === null) return { retention: null };
  try {
    return { retention: parseRetentionPolicy(p.retention, `${path}.retention`) };
  } catch (error) {
    throw new SnapshotFormatError('', (error as Error).message);
  }
}

/**
 * A project's fields before its repositories (`proxyCache`, `replication` and `retention` stay absent
 * when absent), checked in this order.
 */
export function checkProjectFields(p: Json, path: string): Omit<SnapshotProject, 'repositories'> {
  let id: number | null = null;
  if (p.id !== undefined && p.id !== null) id = wholeNumber(p.id, `${path}.id`);
  const rules = checkProjectRules(p.rules, `${path}.rules`);
  const name = checkText(p.name, `${path}.name`);
  return { name, id, rules, ...mirrorFields(p, path), ...retentionField(p, path) };
}

function project(value: unknown, path: string): SnapshotProject {
  const p = checkRecord(value, path);
  const fields = checkProjectFields(p, path);
  return { ...fields, repositories: checkList(p.repositories, `${path}.repositories`).map((r, i) => repository(r, `${path}.repositories[${i}]`)) };
}

export function checkRegistry(value: unknown, path: string): SnapshotRegistry {
  const r = checkRecord(value, path);
  const kind = r.kind;
  if (kind !== 'harbor' && kind !== 'oci') throw new SnapshotFormatError(`${path}.kind`, 'expected "harbor" or "oci"');
  if (!isDialect(r.dialect)) throw new SnapshotFormatError(`${path}.dialect`, 'expected "v1.3.4" or "v1.1.1"');
  return {
    url: checkText(r.url, `${path}.url`),
    kind,
    harborVersion: checkOptionalText(r.harborVersion, `${path}.harborVersion`),
    dialect: r.dialect,
  };
}

/** The fields of the file before its projects, checked in this order. */
export function checkSnapshotHead(s: Json): { fetchedAt: string; registry: SnapshotRegistry } {
  if (s.format !== SNAPSHOT_FORMAT) {
    throw new SnapshotFormatError('format', `expected "${SNAPSHOT_FORMAT}": this is not a Taglock snapshot`);
  }
  if (s.version !== SNAPSHOT_VERSION) {
    throw new SnapshotFormatError('version', `this Taglock reads snapshot version ${SNAPSHOT_VERSION}, the file says ${JSON.stringify(s.version)}`);
  }
  const fetchedAt = checkOptionalTime(s.fetchedAt, 'fetchedAt');
  if (fetchedAt === null) throw new SnapshotFormatError('fetchedAt', 'expected an ISO 8601 time');
  return { fetchedAt, registry: checkRegistry(s.registry, 'registry') };
}

/**
 * A parsed JSON value checked and normalised into a Snapshot (optional fields filled with null; a
 * project's `proxyCache` and `replication`, where absent means "not recorded", stay absent).
 */
export function validateSnapshot(value: unknown): Snapshot {
  const s = checkRecord(value, '(file)');
  const head = checkSnapshotHead(s);
  const snapshot: Snapshot = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    ...head,
    projects: checkList(s.projects, 'projects').map((p, i) => project(p, `projects[${i}]`)),
  };
  if (typeof s.description === 'string') snapshot.description = s.description;
  return snapshot;
}

/** Parse and validate snapshot text; JSON syntax errors become a SnapshotFormatError too. */
export function parseSnapshot(json: string): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new SnapshotFormatError('', `not valid JSON (${(error as Error).message})`);
  }
  return validateSnapshot(value);
}
