// Runs anywhere (pure).
/**
 * Reads a snapshot file straight into the compact columnar form (SnapshotIndex), a chunk of bytes at a
 * time: no whole-file string (V8 refuses strings past 512 MiB), no object tree, about 1/3 of the memory
 * and less time than JSON.parse alone. The answer equals buildSnapshotIndex(parseSnapshot(text)) for every
 * file, and a bad file is refused with the same message (tests hold the two equal):
 *
 * - the same field checks as validate.ts, called in the same order, whatever order the file's keys are in
 *   (errors are collected per field and reported in validate.ts's order when the object ends);
 * - a repeated key counts once, with its last value, as in JSON.parse (what an earlier one added is rolled back);
 * - broken JSON gets JSON.parse's message, and bytes that are not UTF-8 are reported before anything else.
 *
 * Validation errors are held until the end of the file, because a syntax error anywhere wins over them.
 */
import type { ByteSource, ScannerOptions } from './json-scanner.js';
import { JsonScanner, keyTable } from './json-scanner.js';
import { commonIsoTimeMs } from './iso-time.js';
import type { SnapshotIndex } from './snapshot-index.js';
import { SnapshotIndexBuilder } from './snapshot-index.js';
import {
  checkArtifactFields,
  checkDigest,
  checkImmutable,
  checkList,
  checkOptionalTime,
  checkProjectFields,
  checkRecord,
  checkRepositoryName,
  checkSnapshotHead,
  checkTagName,
  repeatedTagError,
  SnapshotFormatError,
} from './validate.js';

const TOP = keyTable(['format', 'version', 'fetchedAt', 'registry', 'description', 'projects']);
const PROJECT = keyTable(['name', 'id', 'rules', 'repositories', 'proxyCache', 'replication', 'retention']);
const REPOSITORY = keyTable(['name', 'artifacts']);
const ARTIFACT = keyTable(['digest', 'type', 'mediaType', 'size', 'pushTime', 'pullTime', 'references', 'tags']);
const TAG = keyTable(['name', 'pushTime', 'pullTime', 'immutable']);

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const QUOTE = 0x22;
const LETTER_N = 0x6e;

/** A time read from its bytes: its value is in `timeMs`. */
const FAST = Symbol('fast');
/** Stands for a fast-read time when validate.ts's checks run (they only test its form). */
const SOME_TIME = '2000-01-01T00:00:00Z';
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** The value of a lower-case hex digit, -1 for any other byte (sha256 digests are lower-case). */
const LOWER_HEX = (() => {
  const table = new Int8Array(256).fill(-1);
  for (let i = 0; i < 10; i++) table[0x30 + i] = i;
  for (let i = 0; i < 6; i++) table[0x61 + i] = 10 + i;
  return table;
})();

/**
 * Decodes the string the scanner just read into 32 bytes at target[offset] if it is `sha256:` and 64
 * lower-case hex digits (which validate.ts accepts as it is); false otherwise.
 */
function sha256Bytes(json: JsonScanner, target: Uint8Array, offset: number): boolean {
  const buf = json.buf;
  const start = json.stringStart;
  if (json.stringText !== null || json.stringEnd - start !== 71) return false;
  if (buf[start] !== 0x73 || buf[start + 1] !== 0x68 || buf[start + 2] !== 0x61 || buf[start + 3] !== 0x32 || buf[start + 4] !== 0x35 || buf[start + 5] !== 0x36 || buf[start + 6] !== 0x3a) return false;
  for (let i = 0; i < 32; i++) {
    const high = LOWER_HEX[buf[start + 7 + 2 * i]!]!;
    const low = LOWER_HEX[buf[start + 8 + 2 * i]!]!;
    if ((high | low) < 0) return false;
    target[offset + i] = (high << 4) | low;
  }
  return true;
}

function hexOf(bytes: Uint8Array, offset: number): string {
  let text = 'sha256:';
  for (let i = 0; i < 32; i++) text += HEX[bytes[offset + i]!]!;
  return text;
}

/** Reads a snapshot file's bytes into its compact form; throws SnapshotFormatError or InvalidUtf8Error. */
export function readSnapshotIndex(source: ByteSource, options?: ScannerOptions): SnapshotIndex {
  const reader = new SnapshotReader(new JsonScanner(source, options));
  try {
    return reader.read();
  } catch (error) {
    if (error instanceof SyntaxError) throw new SnapshotFormatError('', `not valid JSON (${error.message})`);
    throw error;
  }
}

/** The error a check throws (it must throw: the value is known to be wrong). */
function caught(check: () => unknown): SnapshotFormatError {
  try {
    check();
  } catch (error) {
    if (error instanceof SnapshotFormatError) return error;
    throw error;
  }
  throw new Error('a check passed a value it should refuse');
}

function asFormatError(error: unknown): SnapshotFormatError {
  if (error instanceof SnapshotFormatError) return error;
  throw error;
}

function toTime(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : NaN;
}

/** The last short string read for one field, to hand out the same text again without decoding it. */
class RepeatedText {
  private bytes = new Uint8Array(64);
  private length = -1;
  private text = '';

  of(json: JsonScanner): string {
    const start = json.stringStart;
    const length = json.stringEnd - start;
    if (json.stringText !== null || length > this.bytes.length) return json.text();
    const buf = json.buf;
    if (length === this.length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (buf[start + i] !== this.bytes[i]) {
          same = false;
          break;
        }
      }
      if (same) return this.text;
    }
    this.bytes.set(buf.subarray(start, json.stringEnd));
    this.length = length;
    this.text = json.text();
    return this.text;
  }
}

/** A copy of `array` with room for `size` values. */
function grown<T extends Float64Array | Int32Array | Int8Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (size: number) => T)(size);
  bigger.set(array);
  return bigger;
}

const projectPath = (p: number) => `projects[${p}]`;
const repositoryPath = (p: number, r: number) => `projects[${p}].repositories[${r}]`;
const artifactPath = (p: number, r: number, a: number) => `${repositoryPath(p, r)}.artifacts[${a}]`;

class SnapshotReader {
  private readonly builder = new SnapshotIndexBuilder({ fetchedAt: '', registry: { url: '', kind: 'harbor', harborVersion: null, dialect: 'v1.3.4' } });
  /**
   * Per tag name id, the artifact (index within the repository) holding it, valid where `holderRepository`
   * holds the current repository's stamp: a tag name held twice in one repository is refused.
   */
  private holderArtifact = new Int32Array(1024);
  private holderRepository = new Int32Array(1024);
  private repositoryStamp = 0;
  private firstArtifact = 0;
  private timeMs = NaN;

  // The artifact being read (artifacts do not nest, so one set of fields serves all); its references and
  // tags wait here until the artifact is complete and checked.
  private readonly digestBytes = new Uint8Array(32);
  private digestFast = false;
  private digestRaw: unknown = undefined;
  private referenceCount = 0;
  private referenceBytes = new Uint8Array(32 * 8);
  /** Per reference: null when its sha256 bytes are in referenceBytes, else its digest text. */
  private readonly referenceTexts: (string | null)[] = [];
  private referencesError: SnapshotFormatError | null = null;
  private tagCount = 0;
  private readonly tagNames: string[] = [];
  /** Per tag, its name's id (SnapshotIndexBuilder.tagNameId). */
  private tagNameIds = new Int32Array(64);
  private tagPushTimes = new Float64Array(64);
  private tagPullTimes = new Float64Array(64);
  private tagImmutable = new Int8Array(64);
  private tagsError: SnapshotFormatError | null = null;
  private readonly typeText = new RepeatedText();
  private readonly mediaTypeText = new RepeatedText();

  constructor(private readonly json: JsonScanner) {}

  read(): SnapshotIndex {
    const json = this.json;
    if (json.peek() !== OPEN_BRACE) {
      const value = json.readScalar();
      json.finish();
      throw caught(() => checkRecord(value, '(file)'));
    }
    let format: unknown, version: unknown, fetchedAt: unknown, registry: unknown, description: unknown;
    let projectsSeen = false;
    let projectsError: SnapshotFormatError | null = null;
    const empty = this.builder.mark();
    if (json.openObject()) {
      do {
        switch (json.keyIn(TOP)) {
          case 0: format = json.readValue(); break;
          case 1: version = json.readValue(); break;
          case 2: fetchedAt = json.readValue(); break;
          case 3: registry = json.readValue(); break;
          case 4: description = json.readValue(); break;
          case 5:
            this.builder.rollback(empty);
            projectsError = this.projects();
            projectsSeen = true;
            break;
          default: json.skipValue();
        }
      } while (json.nextMember());
    }
    json.finish();
    const head = checkSnapshotHead({ format, version, fetchedAt, registry });
    if (!projectsSeen) throw caught(() => checkList(undefined, 'projects'));
    if (projectsError !== null) throw projectsError;
    this.builder.setMeta({ ...head, ...(typeof description === 'string' ? { description } : {}) });
    return this.builder.build();
  }

  /** A value where a list belongs that is not one: skipped, with validate.ts's error for it. */
  private notList(path: string): SnapshotFormatError {
    const value = this.json.readScalar();
    return caught(() => checkList(value, path));
  }

  /** A value where an object belongs that is not one: skipped, with validate.ts's error for it. */
  private notRecord(path: string): SnapshotFormatError {
    const value = this.json.readScalar();
    return caught(() => checkRecord(value, path));
  }

  // Lists: each element is read until one fails; the rest are then only checked for syntax. Each list
  // answers its first failure, or null.

  private projects(): SnapshotFormatError | null {
    const json = this.json;
    if (json.peek() !== OPEN_BRACKET) return this.notList('projects');
    let error: SnapshotFormatError | null = null;
    if (json.openArray()) {
      let p = 0;
      do {
        if (error === null) error = this.project(p++);
        else json.skipValue();
      } while (json.nextElement());
    }
    return error;
  }

  private project(p: number): SnapshotFormatError | null {
    const json = this.json;
    if (json.peek() !== OPEN_BRACE) return this.notRecord(projectPath(p));
    const builder = this.builder;
    const index = builder.addProject({ name: '', id: null, rules: null });
    const start = builder.mark();
    let name: unknown, id: unknown, rules: unknown, proxyCache: unknown, replication: unknown, retention: unknown;
    let repositoriesSeen = false;
    let error: SnapshotFormatError | null = null;
    if (json.openObject()) {
      do {
        switch (json.keyIn(PROJECT)) {
          case 0: name = json.readValue(); break;
          case 1: id = json.readValue(); break;
          case 2: rules = json.readValue(); break;
          case 3:
            builder.rollback(start);
            error = this.repositories(p);
            repositoriesSeen = true;
            break;
          case 4: proxyCache = json.readValue(); break;
          case 5: replication = json.readValue(); break;
          case 6: retention = json.readValue(); break;
          default: json.skipValue();
        }
      } while (json.nextMember());
    }
    let fields;
    try {
      fields = checkProjectFields({ name, id, rules, proxyCache, replication, retention }, projectPath(p));
    } catch (e) {
      return asFormatError(e);
    }
    if (!repositoriesSeen) return caught(() => checkList(undefined, `${projectPath(p)}.repositories`));
    if (error !== null) return error;
    builder.setProject(index, fields);
    return null;
  }

  private repositories(p: number): SnapshotFormatError | null {
    const json = this.json;
    if (json.peek() !== OPEN_BRACKET) return this.notList(`${projectPath(p)}.repositories`);
    let error: SnapshotFormatError | null = null;
    if (json.openArray()) {
      let r = 0;
      do {
        if (error === null) error = this.repository(p, r++);
        else json.skipValue();
      } while (json.nextElement());
    }
    return error;
  }

  private repository(p: number, r: number): SnapshotFormatError | null {
    const json = this.json;
    if (json.peek() !== OPEN_BRACE) return this.notRecord(repositoryPath(p, r));
    const builder = this.builder;
    const repository = builder.appendRepository('');
    const start = builder.mark();
    let name: unknown;
    let artifactsSeen = false;
    let error: SnapshotFormatError | null = null;
    if (json.openObject()) {
      do {
        switch (json.keyIn(REPOSITORY)) {
          case 0: name = json.readScalar(); break;
          case 1:
            builder.rollback(start);
            this.repositoryStamp++;
            this.firstArtifact = start.artifacts;
            error = this.artifacts(p, r, repository);
            artifactsSeen = true;
            break;
          default: json.skipValue();
        }
      } while (json.nextMember());
    }
    let checkedName: string;
    try {
      checkedName = checkRepositoryName(name, `${repositoryPath(p, r)}.name`);
    } catch (e) {
      return asFormatError(e);
    }
    if (!artifactsSeen) return caught(() => checkList(undefined, `${repositoryPath(p, r)}.artifacts`));
    if (error !== null) return error;
    builder.setRepositoryName(repository, checkedName);
    return null;
  }

  private artifacts(p: number, r: number, repository: number): SnapshotFormatError | null {
    const json = this.json;
    if (json.peek() !== OPEN_BRACKET) return this.notList(`${repositoryPath(p, r)}.artifacts`);
    let error: SnapshotFormatError | null = null;
    if (json.openArray()) {
      let a = 0;
      do {
        if (error === null) error = this.artifact(p, r, a++, repository);
        else json.skipValue();
      } while (json.nextElement());
    }
    return error;
  }

  private artifact(p: number, r: number, a: number, repository: number): SnapshotFormatError | null {
    const json = this.json;
    if (json.peek() !== OPEN_BRACE) return this.notRecord(artifactPath(p, r, a));
    this.digestFast = false;
    this.digestRaw = undefined;
    this.referenceCount = 0;
    this.referencesError = null;
    this.tagCount = 0;
    this.tagsError = null;
    let type: unknown, mediaType: unknown, size: unknown, pushTime: unknown, pullTime: unknown;
    let pushMs = NaN;
    let pullMs = NaN;
    if (json.openObject()) {
      do {
        switch (json.keyIn(ARTIFACT)) {
          case 0: this.digest(); break;
          case 1: type = json.peek() === QUOTE ? (json.string(), this.typeText.of(json)) : json.readScalar(); break;
          case 2: mediaType = json.peek() === QUOTE ? (json.string(), this.mediaTypeText.of(json)) : json.readScalar(); break;
          case 3: size = json.readScalar(); break;
          case 4: pushTime = this.time(); pushMs = this.timeMs; break;
          case 5: pullTime = this.time(); pullMs = this.timeMs; break;
          case 6: this.readReferences(p, r, a); break;
          case 7: this.readTags(p, r, a); break;
          default: json.skipValue();
        }
      } while (json.nextMember());
    }
    let digest: string | Uint8Array = this.digestBytes;
    const fast =
      this.digestFast &&
      (size == null || (typeof size === 'number' && Number.isSafeInteger(size) && size >= 0)) &&
      (type == null || typeof type === 'string') &&
      (mediaType == null || typeof mediaType === 'string') &&
      (pushTime === FAST || pushTime == null) &&
      (pullTime === FAST || pullTime == null);
    if (!fast) {
      // The rare path: validate.ts's checks decide, in their order, with their messages.
      let fields;
      try {
        fields = checkArtifactFields(
          {
            size,
            digest: this.digestFast ? hexOf(this.digestBytes, 0) : this.digestRaw,
            type,
            mediaType,
            pushTime: pushTime === FAST ? SOME_TIME : pushTime,
            pullTime: pullTime === FAST ? SOME_TIME : pullTime,
          },
          artifactPath(p, r, a),
        );
      } catch (e) {
        return asFormatError(e);
      }
      if (!this.digestFast) digest = fields.digest;
      if (pushTime !== FAST) pushMs = toTime(fields.pushTime);
      if (pullTime !== FAST) pullMs = toTime(fields.pullTime);
    } else {
      if (pushTime !== FAST) pushMs = NaN;
      if (pullTime !== FAST) pullMs = NaN;
    }
    if (this.referencesError !== null) return this.referencesError;
    if (this.tagsError !== null) return this.tagsError;
    const names = this.tagNames;
    const ids = this.tagNameIds;
    const count = this.tagCount;
    if (this.holderArtifact.length < this.builder.distinctTagNameCount) this.growHolders();
    const stamp = this.repositoryStamp;
    for (let t = 0; t < count; t++) {
      const id = ids[t]!;
      if (this.holderRepository[id] === stamp) {
        const holder = this.holderArtifact[id]!;
        const holderDigest = holder === a ? '' : this.builder.artifactDigest(this.firstArtifact + holder);
        return repeatedTagError(repositoryPath(p, r), a, t, names[t]!, holder, holderDigest);
      }
      this.holderRepository[id] = stamp;
      this.holderArtifact[id] = a;
    }
    const builder = this.builder;
    const artifact = builder.appendArtifact(repository, digest, (type as string | null | undefined) ?? null, (mediaType as string | null | undefined) ?? null, (size as number | null | undefined) ?? null, pushMs, pullMs);
    for (let i = 0; i < this.referenceCount; i++) {
      const text = this.referenceTexts[i];
      if (text === null) builder.appendReference(this.referenceBytes, 32 * i);
      else builder.appendReference(text!);
    }
    for (let t = 0; t < count; t++) builder.appendTagById(artifact, ids[t]!, this.tagPushTimes[t]!, this.tagPullTimes[t]!, this.tagImmutable[t]!);
    return null;
  }

  private growHolders(): void {
    const size = Math.max(this.holderArtifact.length * 2, this.builder.distinctTagNameCount);
    this.holderArtifact = grown(this.holderArtifact, size);
    this.holderRepository = grown(this.holderRepository, size);
  }

  /** An artifact's digest: a sha256 digest straight into bytes, anything else as its value. */
  private digest(): void {
    const json = this.json;
    this.digestFast = false;
    if (json.peek() !== QUOTE) {
      this.digestRaw = json.readScalar();
      return;
    }
    json.string();
    if (sha256Bytes(json, this.digestBytes, 0)) this.digestFast = true;
    else this.digestRaw = json.text();
  }

  /** A time field: FAST (its value in `timeMs`) when read from its bytes, else the value for the checks. */
  private time(): unknown {
    const json = this.json;
    if (json.peek() !== QUOTE) return json.readScalar();
    json.string();
    if (json.stringText === null) {
      const ms = commonIsoTimeMs(json.buf, json.stringStart, json.stringEnd);
      if (ms === ms) {
        this.timeMs = ms;
        return FAST;
      }
    }
    return json.text();
  }

  private readReferences(p: number, r: number, a: number): void {
    this.referenceCount = 0;
    this.referencesError = null;
    const json = this.json;
    const c = json.peek();
    // `references` may be missing or null: no children.
    if (c === LETTER_N && json.readScalar() === null) return;
    if (c !== OPEN_BRACKET) {
      this.referencesError = this.notList(`${artifactPath(p, r, a)}.references`);
      return;
    }
    if (!json.openArray()) return;
    let i = 0;
    do {
      if (this.referencesError === null) this.referencesError = this.reference(p, r, a, i++);
      else json.skipValue();
    } while (json.nextElement());
  }

  private reference(p: number, r: number, a: number, i: number): SnapshotFormatError | null {
    const json = this.json;
    if (this.referenceBytes.length < 32 * (this.referenceCount + 1)) {
      const bigger = new Uint8Array(this.referenceBytes.length * 2);
      bigger.set(this.referenceBytes);
      this.referenceBytes = bigger;
    }
    let text: string | null = null;
    let value: unknown;
    if (json.peek() === QUOTE) {
      json.string();
      if (!sha256Bytes(json, this.referenceBytes, 32 * this.referenceCount)) value = json.text();
    } else {
      value = json.readScalar();
    }
    if (value !== undefined) {
      try {
        text = checkDigest(value, `${artifactPath(p, r, a)}.references[${i}]`);
      } catch (e) {
        return asFormatError(e);
      }
    }
    this.referenceTexts[this.referenceCount++] = text;
    return null;
  }

  private readTags(p: number, r: number, a: number): void {
    this.tagCount = 0;
    this.tagsError = null;
    const json = this.json;
    const c = json.peek();
    // `tags` may be missing or null: no tags.
    if (c === LETTER_N && json.readScalar() === null) return;
    if (c !== OPEN_BRACKET) {
      this.tagsError = this.notList(`${artifactPath(p, r, a)}.tags`);
      return;
    }
    if (!json.openArray()) return;
    let t = 0;
    do {
      if (this.tagsError === null) this.tagsError = this.tag(p, r, a, t++);
      else json.skipValue();
    } while (json.nextElement());
  }

  private tag(p: number, r: number, a: number, t: number): SnapshotFormatError | null {
    const json = this.json;
    if (json.peek() !== OPEN_BRACE) return this.notRecord(`${artifactPath(p, r, a)}.tags[${t}]`);
    let name: unknown, pushTime: unknown, pullTime: unknown, immutable: unknown;
    let nameId = -1;
    let pushMs = NaN;
    let pullMs = NaN;
    if (json.openObject()) {
      do {
        switch (json.keyIn(TAG)) {
          case 0:
            if (json.peek() === QUOTE) {
              // Found by its bytes: a name met before makes no new string (name-table.ts).
              json.string();
              const text = json.stringText;
              nameId = text !== null ? this.builder.tagNameIdOfText(text) : this.builder.tagNameId(json.buf, json.stringStart, json.stringEnd, () => json.text());
              name = this.builder.tagName(nameId);
            } else {
              nameId = -1;
              name = json.readScalar();
            }
            break;
          case 1: pushTime = this.time(); pushMs = this.timeMs; break;
          case 2: pullTime = this.time(); pullMs = this.timeMs; break;
          case 3: immutable = json.readScalar(); break;
          default: json.skipValue();
        }
      } while (json.nextMember());
    }
    if (typeof name !== 'string' || name === '' || !(immutable == null || typeof immutable === 'boolean') || !(pushTime === FAST || pushTime == null) || !(pullTime === FAST || pullTime == null)) {
      // The rare path: validate.ts's checks decide, in their order, with their messages.
      const path = `${artifactPath(p, r, a)}.tags[${t}]`;
      try {
        name = checkTagName(name, `${path}.name`);
        checkImmutable(immutable, `${path}.immutable`);
        const push = checkOptionalTime(pushTime === FAST ? SOME_TIME : pushTime, `${path}.pushTime`);
        const pull = checkOptionalTime(pullTime === FAST ? SOME_TIME : pullTime, `${path}.pullTime`);
        if (pushTime !== FAST) pushMs = toTime(push);
        if (pullTime !== FAST) pullMs = toTime(pull);
      } catch (e) {
        return asFormatError(e);
      }
    } else {
      if (pushTime !== FAST) pushMs = NaN;
      if (pullTime !== FAST) pullMs = NaN;
    }
    const at = this.tagCount++;
    if (at === this.tagPushTimes.length) this.growTags();
    this.tagNames[at] = name as string;
    this.tagNameIds[at] = nameId >= 0 ? nameId : this.builder.tagNameIdOfText(name as string);
    this.tagPushTimes[at] = pushMs;
    this.tagPullTimes[at] = pullMs;
    this.tagImmutable[at] = immutable === true ? 1 : immutable === false ? 0 : -1;
    return null;
  }

  private growTags(): void {
    const size = this.tagPushTimes.length * 2;
    this.tagPushTimes = grown(this.tagPushTimes, size);
    this.tagPullTimes = grown(this.tagPullTimes, size);
    this.tagImmutable = grown(this.tagImmutable, size);
    this.tagNameIds = grown(this.tagNameIds, size);
  }
}
