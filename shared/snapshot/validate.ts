// Runs anywhere (pure).
/**
 * Checks a parsed snapshot file field by field. A malformed file is refused with a message naming the
 * first bad field (`projects[0].repositories[3].artifacts[1].digest: expected a string`), never a crash.
 * Beyond the shape, it refuses what no registry can hold: a malformed digest, or one tag name on two
 * artifacts of a repository (every verdict and lock of that tag would be a guess).
 */
import { isDialect } from '../glob/dialect.js';
import { parseWireRules, toWireRules } from '../rules/wire.js';
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

function record(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SnapshotFormatError(path, 'expected an object');
  }
  return value as Json;
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new SnapshotFormatError(path, 'expected a list');
  return value;
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new SnapshotFormatError(path, 'expected a string');
  return value;
}

function optionalText(value: unknown, path: string): string | null {
  return value === undefined || value === null ? null : text(value, path);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function optionalTime(value: unknown, path: string): string | null {
  const time = optionalText(value, path);
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

function digest(value: unknown, path: string): string {
  const d = text(value, path);
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

function tag(value: unknown, path: string): SnapshotTag {
  const t = record(value, path);
  const name = text(t.name, `${path}.name`);
  if (name === '') throw new SnapshotFormatError(`${path}.name`, 'a tag name cannot be empty');
  if (t.immutable !== undefined && t.immutable !== null && typeof t.immutable !== 'boolean') {
    throw new SnapshotFormatError(`${path}.immutable`, 'expected true, false or null');
  }
  return {
    name,
    pushTime: optionalTime(t.pushTime, `${path}.pushTime`),
    pullTime: optionalTime(t.pullTime, `${path}.pullTime`),
    immutable: typeof t.immutable === 'boolean' ? t.immutable : null,
  };
}

function artifact(value: unknown, path: string): SnapshotArtifact {
  const a = record(value, path);
  let size: number | null = null;
  if (a.size !== undefined && a.size !== null) {
    if (typeof a.size !== 'number' || !Number.isSafeInteger(a.size) || a.size < 0) {
      throw new SnapshotFormatError(`${path}.size`, 'expected a size in bytes (a whole number ≥ 0)');
    }
    size = a.size;
  }
  return {
    digest: digest(a.digest, `${path}.digest`),
    type: optionalText(a.type, `${path}.type`),
    mediaType: optionalText(a.mediaType, `${path}.mediaType`),
    size,
    pushTime: optionalTime(a.pushTime, `${path}.pushTime`),
    pullTime: optionalTime(a.pullTime, `${path}.pullTime`),
    references: a.references === undefined || a.references === null
      ? []
      : list(a.references, `${path}.references`).map((r, i) => digest(r, `${path}.references[${i}]`)),
    tags: list(a.tags ?? [], `${path}.tags`).map((t, i) => tag(t, `${path}.tags[${i}]`)),
  };
}

function repository(value: unknown, path: string): SnapshotRepository {
  const r = record(value, path);
  const name = text(r.name, `${path}.name`);
  if (name === '') throw new SnapshotFormatError(`${path}.name`, 'a repository name cannot be empty');
  const artifacts: SnapshotArtifact[] = [];
  /** The index of the artifact holding each tag name seen so far. */
  const holders = new Map<string, number>();
  list(r.artifacts, `${path}.artifacts`).forEach((value, i) => {
    const parsed = artifact(value, `${path}.artifacts[${i}]`);
    // Checked artifact by artifact: a bad field in a later artifact is not reported before a repeated tag here.
    parsed.tags.forEach((t, j) => {
      const holder = holders.get(t.name);
      if (holder !== undefined) {
        const where = holder === i ? 'this artifact' : `artifacts[${holder}] (${artifacts[holder]!.digest})`;
        throw new SnapshotFormatError(`${path}.artifacts[${i}].tags[${j}].name`, `tag ${JSON.stringify(t.name)} is already on ${where}: a repository holds each tag name once`);
      }
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
  const r = record(value, path);
  return {
    id: wholeNumber(r.id, `${path}.id`),
    name: optionalText(r.name, `${path}.name`),
    url: optionalText(r.url, `${path}.url`),
    type: optionalText(r.type, `${path}.type`),
  };
}

function replication(value: unknown, path: string): SnapshotReplication {
  const r = record(value, path);
  if (typeof r.enabled !== 'boolean') throw new SnapshotFormatError(`${path}.enabled`, 'expected true or false');
  let tagFilter: SnapshotReplication['tagFilter'] = null;
  if (r.tagFilter !== undefined && r.tagFilter !== null) {
    const f = record(r.tagFilter, `${path}.tagFilter`);
    tagFilter = { pattern: text(f.pattern, `${path}.tagFilter.pattern`), decoration: oneOf(f.decoration, `${path}.tagFilter.decoration`, ['matches', 'excludes'] as const) };
  }
  return {
    id: wholeNumber(r.id, `${path}.id`),
    name: text(r.name, `${path}.name`),
    enabled: r.enabled,
    role: oneOf(r.role, `${path}.role`, ['destination', 'source'] as const),
    via: oneOf(r.via, `${path}.via`, ['namespace', 'name-filter', 'unfiltered'] as const),
    remote: r.remote === undefined || r.remote === null ? null : remoteRegistry(r.remote, `${path}.remote`),
    nameFilter: optionalText(r.nameFilter, `${path}.nameFilter`),
    tagFilter,
    trigger: optionalText(r.trigger, `${path}.trigger`),
  };
}

/** The mirror fields: absent stays absent (not recorded), null stays null (not a proxy cache / not readable). */
function mirrorFields(p: Json, path: string): Pick<SnapshotProject, 'proxyCache' | 'replication'> {
  const out: Pick<SnapshotProject, 'proxyCache' | 'replication'> = {};
  if (p.proxyCache !== undefined) out.proxyCache = p.proxyCache === null ? null : remoteRegistry(p.proxyCache, `${path}.proxyCache`);
  if (p.replication !== undefined) {
    out.replication = p.replication === null ? null : list(p.replication, `${path}.replication`).map((r, i) => replication(r, `${path}.replication[${i}]`));
  }
  return out;
}

function project(value: unknown, path: string): SnapshotProject {
  const p = record(value, path);
  let id: number | null = null;
  if (p.id !== undefined && p.id !== null) id = wholeNumber(p.id, `${path}.id`);
  let rules = null;
  if (p.rules !== undefined && p.rules !== null) {
    try {
      rules = toWireRules(parseWireRules(p.rules, `${path}.rules`));
    } catch (error) {
      throw new SnapshotFormatError('', (error as Error).message);
    }
  }
  const name = text(p.name, `${path}.name`);
  const mirror = mirrorFields(p, path);
  return {
    name,
    id,
    rules,
    ...mirror,
    repositories: list(p.repositories, `${path}.repositories`).map((r, i) => repository(r, `${path}.repositories[${i}]`)),
  };
}

function registry(value: unknown, path: string): SnapshotRegistry {
  const r = record(value, path);
  const kind = r.kind;
  if (kind !== 'harbor' && kind !== 'oci') throw new SnapshotFormatError(`${path}.kind`, 'expected "harbor" or "oci"');
  if (!isDialect(r.dialect)) throw new SnapshotFormatError(`${path}.dialect`, 'expected "v1.3.4" or "v1.1.1"');
  return {
    url: text(r.url, `${path}.url`),
    kind,
    harborVersion: optionalText(r.harborVersion, `${path}.harborVersion`),
    dialect: r.dialect,
  };
}

/**
 * A parsed JSON value checked and normalised into a Snapshot (optional fields filled with null; a
 * project's `proxyCache` and `replication`, where absent means "not recorded", stay absent).
 */
export function validateSnapshot(value: unknown): Snapshot {
  const s = record(value, '(file)');
  if (s.format !== SNAPSHOT_FORMAT) {
    throw new SnapshotFormatError('format', `expected "${SNAPSHOT_FORMAT}": this is not a Taglock snapshot`);
  }
  if (s.version !== SNAPSHOT_VERSION) {
    throw new SnapshotFormatError('version', `this Taglock reads snapshot version ${SNAPSHOT_VERSION}, the file says ${JSON.stringify(s.version)}`);
  }
  const fetchedAt = optionalTime(s.fetchedAt, 'fetchedAt');
  if (fetchedAt === null) throw new SnapshotFormatError('fetchedAt', 'expected an ISO 8601 time');
  const snapshot: Snapshot = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    fetchedAt,
    registry: registry(s.registry, 'registry'),
    projects: list(s.projects, 'projects').map((p, i) => project(p, `projects[${i}]`)),
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
