// Deterministic generators of glob and decision questions for the differential tests against the Go
// oracle (test/go/harbor-oracle). Same seed, same cases, on every machine.
//
// Patterns cover every feature of the doublestar v1 dialect (shared/spec/harbor-immutability.md §3) and
// its malformed corners; names are tag-shaped, repository-shaped, or derived from the pattern (its
// wildcards instantiated, sometimes mutated) so that a good share of the pairs match. Derived names may
// contain characters no registry allows in a tag (unicode, `*`, `/`): the library must still agree.

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** Picks by weight: [[weight, value], ...]. */
  weighted<T>(table: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of table) total += w;
    let x = this.next() * total;
    for (const [w, v] of table) {
      x -= w;
      if (x < 0) return v;
    }
    return table[table.length - 1]![1];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

// ---------------------------------------------------------------------------------------------------
// Characters and names

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGIT = '0123456789';
const TAG_FIRST = LOWER + UPPER + DIGIT + '_';
const TAG_REST = TAG_FIRST + '.-';
/** BMP and astral code points (astral ones are two UTF-16 units but one Go rune). */
const UNICODE = ['☺', 'α', 'é', '日', 'Ω', '𝒳', '😀'] as const;

export const REAL_TAGS = [
  'latest', 'stable', 'main', 'dev', 'nightly', 'rc', 'test', 'x', 'a', 'v1', 'v2', 'v1.2.3', 'v10.0.1',
  '1.0', '1.0-rc1', '1.0.0-SNAPSHOT', 'v2.0.0-beta.1', 'sha-abc123', 'sha-0f3e9d2', 'pr-42', 'pr-7',
  'release-2024.01', 'release-1', 'release', 'build-42', '_internal', 'app', 'team', 'SNAPSHOT', '6.2.2',
  'alpine', '3.19-alpine', 'LATEST', 'v1-rc', 'rc1', 'test-1', 'feature_x', 'hotfix-9.9',
] as const;

export const REAL_REPOS = [
  'nginx', 'redis', 'app', 'team/app', 'team/api', 'team/app/sub', 'a/b/c', 'a/b', 'a', 'ops/tools/ci',
  'library/nginx', 'qa/svp/backend', 'team', 'x/app', 'mysql', 'frontend/web-ui', 'data/etl_job',
] as const;

function randString(r: Rng, alphabet: string, lo: number, hi: number): string {
  let s = '';
  const n = r.int(lo, hi);
  for (let i = 0; i < n; i++) s += alphabet[r.int(0, alphabet.length - 1)];
  return s;
}

const TAG_CHAR_SETS = [
  [6, LOWER],
  [3, DIGIT],
  [1, UPPER],
  [1, '.-_'],
] as const;

/** One character a tag may contain, lowercase letters and digits most often. */
function tagChar(r: Rng): string {
  const set = r.weighted(TAG_CHAR_SETS);
  return set[r.int(0, set.length - 1)]!;
}

/** A name shaped like a Docker tag: [A-Za-z0-9_][A-Za-z0-9._-]{0,127}. */
export function randomTag(r: Rng): string {
  if (r.chance(0.45)) return r.pick(REAL_TAGS);
  const style = r.int(0, 5);
  switch (style) {
    case 0:
      return `v${r.int(0, 12)}.${r.int(0, 20)}.${r.int(0, 30)}`;
    case 1:
      return `sha-${randString(r, '0123456789abcdef', 6, 12)}`;
    case 2:
      return `${r.pick(['pr', 'build', 'release', 'rc', 'test'])}-${r.int(0, 999)}`;
    case 3:
      return `${r.int(0, 9)}.${r.int(0, 9)}-${r.pick(['rc1', 'alpine', 'beta', 'SNAPSHOT'])}`;
    default: {
      const first = TAG_FIRST[r.int(0, TAG_FIRST.length - 1)]!;
      return first + randString(r, TAG_REST, 0, r.chance(0.02) ? 127 : 16);
    }
  }
}

function repoComponent(r: Rng): string {
  if (r.chance(0.4)) return r.pick(['team', 'app', 'api', 'web', 'ops', 'a', 'b', 'c', 'x', 'library', 'sub', 'nginx']);
  let s = randString(r, LOWER + DIGIT, 1, 8);
  if (r.chance(0.25)) s += r.pick(['-', '_', '.', '__']) + randString(r, LOWER + DIGIT, 1, 5);
  return s;
}

/** A repository name without its project: lowercase components joined by '/'. */
export function randomRepo(r: Rng): string {
  if (r.chance(0.4)) return r.pick(REAL_REPOS);
  const n = r.weighted([
    [3, 1],
    [4, 2],
    [2, 3],
    [1, 4],
  ] as const);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(repoComponent(r));
  return parts.join('/');
}

// ---------------------------------------------------------------------------------------------------
// Patterns: each piece knows its source text and how to produce a string it (probably) matches.

export interface Piece {
  readonly src: string;
  sample(r: Rng): string;
}

const lit = (s: string): Piece => ({ src: s, sample: () => s });
const seq = (pieces: readonly Piece[]): Piece => ({
  src: pieces.map((p) => p.src).join(''),
  sample: (r) => pieces.map((p) => p.sample(r)).join(''),
});

function literalRun(r: Rng): Piece {
  const s = r.weighted<() => string>([
    [5, () => r.pick(['v', 'release', 'latest', 'rc', 'sha', 'app', 'team', 'test', 'pr', 'build', 'nightly', 'stable', 'SNAPSHOT', 'api'])],
    [5, () => randString(r, LOWER + DIGIT, 1, 4)],
    [2, () => r.pick(['.', '-', '_', '-rc', '.0', '1.', 'v1.'])],
    [0.7, () => r.pick(UNICODE)],
    [0.5, () => ','],
    [0.3, () => ' '],
    [0.3, () => r.pick(['}', ']', '^', '!'])],
  ])();
  return lit(s);
}

function starPiece(src: '*' | '**'): Piece {
  return {
    src,
    sample: (r) =>
      r.weighted<() => string>([
        [2, () => ''],
        [6, () => randString(r, LOWER + DIGIT + '.-', 1, 6)],
        [0.4, () => r.pick(UNICODE)],
      ])(),
  };
}

const questionPiece: Piece = {
  src: '?',
  sample: (r) => (r.chance(0.92) ? tagChar(r) : r.pick(UNICODE)),
};

/** A well-formed character class, and a sampler that lands inside it (or outside when negated). */
function classPiece(r: Rng): Piece {
  type Item = { src: string; lo: number; hi: number };
  const single = (c: string, escape = false): Item => ({
    src: (escape ? '\\' : '') + c,
    lo: c.codePointAt(0)!,
    hi: c.codePointAt(0)!,
  });
  const range = (a: string, b: string): Item => ({ src: `${a}-${b}`, lo: a.codePointAt(0)!, hi: b.codePointAt(0)! });
  const items: Item[] = [];
  const n = r.int(1, 3);
  for (let i = 0; i < n; i++) {
    items.push(
      r.weighted<() => Item>([
        [4, () => single(r.pick([...LOWER, ...DIGIT, '.', '_']))],
        [4, () => r.pick([range('a', 'z'), range('0', '9'), range('A', 'Z'), range('a', 'f'), range('0', '5'), range('m', 'p')])],
        [1, () => single(r.pick(['-', ']', '\\', '^', '[', '*', '/']), true)],
        [0.7, () => single(r.pick(['!', '.', '{', '}', ',', '*', '?']))],
        [0.6, () => (r.chance(0.5) ? single(r.pick(UNICODE)) : range('α', 'ω'))],
        [0.3, () => ({ src: '\\a-\\f', lo: 0x61, hi: 0x66 })],
      ])(),
    );
  }
  // '^' negates (and only '^'); a leading '!' is a literal member of the class.
  const negated = r.chance(0.25);
  if (!negated && r.chance(0.08)) items.unshift(single('!'));
  const src = '[' + (negated ? '^' : '') + items.map((i) => i.src).join('') + ']';
  const inClass = (cp: number): boolean => items.some((i) => i.lo <= cp && cp <= i.hi);
  return {
    src,
    sample: (rr) => {
      if (!negated) {
        const it = rr.pick(items);
        return String.fromCodePoint(it.lo + rr.int(0, Math.max(0, Math.min(it.hi - it.lo, 1000))));
      }
      for (let k = 0; k < 12; k++) {
        const c = rr.chance(0.9) ? tagChar(rr) : rr.pick(UNICODE);
        if (!inClass(c.codePointAt(0)!)) return c;
      }
      return '~';
    },
  };
}

function escapePiece(r: Rng): Piece {
  const c = r.weighted<() => string>([
    [3, () => r.pick([...LOWER, ...DIGIT])],
    [3, () => r.pick(['*', '?', '[', ']', '{', '}', ',', '\\', '-', '.', '^', '!'])],
    [1, () => '/'], // an escaped separator
    [0.5, () => r.pick(UNICODE)],
  ])();
  return { src: '\\' + c, sample: () => c };
}

/** `{alt,alt,...}`: nested, empty alternatives, `/` and `**\/` inside, all allowed in v1.3.4. */
function bracePiece(r: Rng, depth: number): Piece {
  const n = r.weighted([
    [1, 1],
    [5, 2],
    [3, 3],
    [1, 4],
  ] as const);
  const alts: Piece[] = [];
  for (let i = 0; i < n; i++) {
    alts.push(
      r.weighted<() => Piece>([
        [2, () => lit('')],
        [10, () => componentSeq(r, depth + 1, 1, 3)],
        [2, () => seq([componentSeq(r, depth + 1, 1, 2), lit('/'), componentSeq(r, depth + 1, 1, 2)])],
        [1.5, (): Piece => ({ src: '**/', sample: (rr) => (rr.chance(0.5) ? repoComponent(rr) + '/' : '') })],
        [1.5, () => seq([{ src: '**/', sample: (rr: Rng) => (rr.chance(0.6) ? repoComponent(rr) + '/' : '') }, componentSeq(r, depth + 1, 1, 2)])],
        [0.7, () => lit('**')],
        [0.7, () => lit(' ' + r.pick(['latest', 'stable', 'a']))],
        [depth < 2 ? 2 : 0, () => bracePiece(r, depth + 1)],
      ])(),
    );
  }
  return {
    src: '{' + alts.map((a) => a.src).join(',') + '}',
    sample: (rr) => rr.pick(alts).sample(rr),
  };
}

/** A run of atoms that stays within one path component (braces may still carry a '/'). */
function componentSeq(r: Rng, depth: number, lo: number, hi: number): Piece {
  const n = r.int(lo, hi);
  const pieces: Piece[] = [];
  for (let i = 0; i < n; i++) {
    pieces.push(
      r.weighted<() => Piece>([
        [7, () => literalRun(r)],
        [4, () => starPiece('*')],
        [1.2, () => starPiece('**')], // inside a component: behaves like '*'
        [2, () => questionPiece],
        [2.5, () => classPiece(r)],
        [1.5, () => escapePiece(r)],
        [depth < 3 ? 2.5 : 0, () => bracePiece(r, depth)],
      ])(),
    );
  }
  return seq(pieces);
}

/** A malformed fragment (the error surfaces only when matching reaches it). */
function brokenPiece(r: Rng): Piece {
  return r.weighted<() => Piece>([
    [2, () => ({ src: '[', sample: (rr) => tagChar(rr) })],
    [2, () => ({ src: '[ab', sample: (rr) => rr.pick(['a', 'b', 'c']) })],
    [1, () => ({ src: '[a-', sample: () => 'a' })],
    [1, () => ({ src: '[^', sample: () => 'a' })],
    [2, () => ({ src: '[]', sample: (rr) => tagChar(rr) })],
    [1, () => ({ src: '[]]', sample: () => ']' })],
    [1.5, () => ({ src: '[-]', sample: () => '-' })],
    [1.5, () => ({ src: '[a-]', sample: () => 'a' })],
    [1.5, () => ({ src: '[a-b-c]', sample: (rr) => rr.pick(['a', 'b', 'c', '-']) })],
    [1, () => ({ src: '[--z]', sample: () => 'q' })],
    [1, () => ({ src: '[^]', sample: () => 'x' })],
    [1, () => ({ src: '[a-\\]', sample: () => 'a' })],
    [1, () => ({ src: '[\\', sample: () => '\\' })],
    [1, () => ({ src: '[z-a]', sample: () => 'm' })], // well-formed, empty range
    [2, () => ({ src: '{', sample: () => '' })],
    [2, () => ({ src: '{a,b', sample: (rr) => rr.pick(['a', 'b']) })],
    [1, () => ({ src: '{a,{b}', sample: () => 'b' })],
    [1, () => ({ src: '{[}', sample: () => '[' })],
    [1, () => ({ src: '{a,[b}', sample: () => 'a' })],
    [1, () => ({ src: '}', sample: () => '}' })], // a lone '}' is a literal
    [1, () => ({ src: ']', sample: () => ']' })],
  ])();
}

function insertAt(pieces: Piece[], piece: Piece, r: Rng, atEndBias = 0.5): Piece[] {
  const out = pieces.slice();
  const pos = r.chance(atEndBias) ? out.length : r.int(0, out.length);
  out.splice(pos, 0, piece);
  return out;
}

export type PatternKind = 'tag' | 'repo' | 'curated' | 'broken-tag' | 'broken-repo' | 'slashes';

export interface GeneratedPattern {
  kind: PatternKind;
  pattern: string;
  sample(r: Rng): string;
}

/** A single-component pattern such as `v*`, `release-**`, `{rc,test}`, `[0-9]*-rc?`. */
function tagPattern(r: Rng): Piece[] {
  return [componentSeq(r, 0, 1, 4)];
}

/** A multi-component pattern such as `team/**`, `**\/app`, `{team,ops}/*`, `a/**\/b`. */
function repoPatternPieces(r: Rng, opts: { leading?: boolean; trailing?: boolean; double?: boolean } = {}): Piece[] {
  const n = r.weighted([
    [3, 1],
    [5, 2],
    [3, 3],
    [1, 4],
  ] as const);
  type Comp = { dstar: true } | { dstar: false; piece: Piece };
  const comps: Comp[] = [];
  for (let i = 0; i < n; i++) {
    if (r.chance(0.25)) comps.push({ dstar: true });
    else if (r.chance(0.35)) comps.push({ dstar: false, piece: lit(repoComponent(r)) });
    else comps.push({ dstar: false, piece: componentSeq(r, 0, 1, 3) });
  }
  const doubleAt = opts.double ? r.int(1, Math.max(1, comps.length - 1)) : -1;
  const src = (opts.leading ? '/' : '') +
    comps.map((c, i) => (i === doubleAt ? '/' : '') + (c.dstar ? '**' : c.piece.src)).join('/') +
    (opts.trailing ? '/' : '');
  const sample = (rr: Rng): string => {
    const segs: string[] = [];
    comps.forEach((c, i) => {
      if (i === doubleAt) segs.push('');
      if (c.dstar) {
        const k = rr.weighted([
          [3, 0],
          [4, 1],
          [2, 2],
        ] as const);
        for (let j = 0; j < k; j++) segs.push(repoComponent(rr));
      } else segs.push(c.piece.sample(rr));
    });
    return (opts.leading ? '/' : '') + segs.join('/') + (opts.trailing ? '/' : '');
  };
  return [{ src, sample }];
}

/** Hand-written corner cases from the spec and the library's own tests. */
export const CURATED_PATTERNS = [
  '', '*', '**', '?', '**/*', '*/*', '**/app', 'a/**', 'a/**/b', 'team/**', 'library/**', '**/', '/**', '/', '//',
  'release-**', '{**}', '{**/app}', '{**/app,x}', '{team/app,team}', '{ latest, stable}', '{latest,stable}',
  '{rc,test,nightly}', '{,x}', '{x,}', '{}', '{,}', '{{a,b},c}', '{a,{b,{c,d}}}', '{a/b,a}', '{a,a/b}',
  '{a/**,b}', 'a,b', 'v[0-9]*', 'v[0-9]*.[0-9]*.[0-9]*', '[!x]', '[!x]*', '[^a-z]*', '[^]x]', '[\\]]', '[\\-]',
  'a[', 'a[b', 'a{', 'a{b', 'a\\', '\\', '\\*', '\\?', '\\[', '\\{', '\\\\', 'a\\/b', 'a\\,b', '[]', '[-]',
  '[a-]', '[a-b-c]', '[z-a]', '*\\', '**\\', '{a,b}\\', '{a,b\\}', '{a,b\\,c}', '☺', '?☺', '𝒳', '?', '[α-ω]',
  '[^α-ω]', '*.*', '*-rc*', 'sha-*', 'pr-[0-9]*', '*SNAPSHOT*', '**SNAPSHOT**', '{v*,latest}', '*/**/*',
  '**/**', 'a/**/**/b', '{**/}app', '{a,}/b', '{,a/}b', '{a/,}b',
] as const;

function curatedPattern(r: Rng): GeneratedPattern {
  const pattern = r.pick(CURATED_PATTERNS);
  return {
    kind: 'curated',
    pattern,
    sample: (rr) => (rr.chance(0.5) ? randomTag(rr) : randomRepo(rr)),
  };
}

export function generatePattern(r: Rng): GeneratedPattern {
  const kind = r.weighted<PatternKind>([
    [42, 'tag'],
    [30, 'repo'],
    [5, 'curated'],
    [5, 'broken-tag'],
    [3, 'broken-repo'],
    [4, 'slashes'],
  ]);
  if (kind === 'curated') return curatedPattern(r);
  let pieces: Piece[];
  switch (kind) {
    case 'tag':
      pieces = tagPattern(r);
      break;
    case 'repo':
      pieces = repoPatternPieces(r);
      break;
    case 'broken-tag':
    case 'broken-repo': {
      const base = kind === 'broken-tag' ? tagPattern(r) : repoPatternPieces(r);
      pieces = r.chance(0.12)
        ? [...base, { src: '\\', sample: () => '' }] // trailing backslash
        : insertAt(base, brokenPiece(r), r, 0.6);
      break;
    }
    case 'slashes':
      pieces = repoPatternPieces(r, r.weighted([
        [1, { leading: true }],
        [1, { trailing: true }],
        [1, { double: true }],
        [0.5, { leading: true, trailing: true }],
      ]));
      break;
  }
  const whole = seq(pieces);
  return { kind, pattern: whole.src, sample: (rr) => whole.sample(rr) };
}

function mutate(r: Rng, s: string): string {
  const cps = [...s];
  switch (r.int(0, 5)) {
    case 0:
      if (cps.length > 0) cps[r.int(0, cps.length - 1)] = tagChar(r);
      break;
    case 1:
      if (cps.length > 0) cps.splice(r.int(0, cps.length - 1), 1);
      break;
    case 2:
      cps.splice(r.int(0, cps.length), 0, tagChar(r));
      break;
    case 3:
      return s + (r.chance(0.5) ? '/' + repoComponent(r) : tagChar(r));
    case 4:
      return (r.chance(0.5) ? repoComponent(r) + '/' : tagChar(r)) + s;
    default:
      return s.toUpperCase();
  }
  return cps.join('');
}

/**
 * True when `name` is empty or has an empty path component (leading, trailing or doubled '/').
 *
 * Only there do the two Go builds differ: doublestar v1.3.4 (what Harbor links) first splits the name
 * into components (`""` -> `[""]`, `"a/"` -> `["a", ""]`) and matches an empty component like any other,
 * while 2.0.4 (Debian's golang-github-bmatcuk-doublestar-dev, the oracle) walks the name as a string and
 * answers an empty rest with isZeroLengthPattern(rest of pattern). E.g. `**\/*` vs `""`: v1.3.4 true,
 * 2.0.4 false; `{**\/app}` vs `""`: v1.3.4 ERR, 2.0.4 false. No Harbor tag or repository name has such a
 * shape (tags match [A-Za-z0-9_][A-Za-z0-9._-]*, repository paths have no empty component, and the
 * selector never globs an empty repository), so the oracle is authoritative everywhere else.
 */
export function hasEmptyPathComponent(name: string): boolean {
  return name === '' || name.startsWith('/') || name.endsWith('/') || name.includes('//');
}

export interface GlobCase {
  p: string;
  n: string;
  /** How the name was made: 'derived' (sampled from the pattern), 'mutated', 'tag', 'repo', 'empty'. */
  from: 'derived' | 'mutated' | 'tag' | 'repo' | 'empty';
  kind: PatternKind;
}

const MAX_PATTERN_LENGTH = 64;
const MAX_NAME_LENGTH = 128;

/**
 * At least `count` distinct (pattern, name) pairs, reproducible from `seed`. Each generated pattern is
 * asked about 2 derived names, 1 mutated derived name, 1 tag-shaped and 1 repository-shaped name.
 */
export function generateGlobCases(count = 120_000, seed = 0x7a61_6c6b): GlobCase[] {
  const r = new Rng(seed);
  const seen = new Set<string>();
  const out: GlobCase[] = [];
  const add = (c: GlobCase): void => {
    if (c.n.length > MAX_NAME_LENGTH) c.n = c.n.slice(0, MAX_NAME_LENGTH);
    const key = c.p + '\u0000' + c.n;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };

  // Every curated pattern against a fixed set of names first.
  const fixedNames = ['', ...REAL_TAGS, ...REAL_REPOS, 'app/x', 'x/app', 'stable', ' stable', 'a,b', 'a/b/app', '☺', '𝒳', 'α', 'a\\b', '*', '[', ']'];
  for (const p of CURATED_PATTERNS) for (const n of fixedNames) add({ p, n, from: n === '' ? 'empty' : 'tag', kind: 'curated' });

  while (out.length < count) {
    const g = generatePattern(r);
    if (g.pattern.length > MAX_PATTERN_LENGTH) continue;
    add({ p: g.pattern, n: g.sample(r), from: 'derived', kind: g.kind });
    add({ p: g.pattern, n: g.sample(r), from: 'derived', kind: g.kind });
    add({ p: g.pattern, n: mutate(r, g.sample(r)), from: 'mutated', kind: g.kind });
    add({ p: g.pattern, n: randomTag(r), from: 'tag', kind: g.kind });
    add({ p: g.pattern, n: randomRepo(r), from: 'repo', kind: g.kind });
    if (r.chance(0.01)) add({ p: g.pattern, n: '', from: 'empty', kind: g.kind });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Decision-level cases: random rule sets (wire objects) with candidates.

export interface DecisionCandidate {
  repository: string;
  tags: string[];
}

export interface DecisionCase {
  rules: Record<string, unknown>[];
  candidates: DecisionCandidate[];
}

interface SelectorPlan {
  selector: Record<string, unknown>;
  sample?: (r: Rng) => string;
}

function repoSelector(r: Rng): SelectorPlan {
  const decoration = r.weighted<string>([
    [60, 'repoMatches'],
    [25, 'repoExcludes'],
    [2, 'nsMatches'],
    [1.5, 'nsExcludes'],
    [2, 'matches'], // crossed uses: the repository selector tests the tags
    [1.5, 'excludes'],
    [0.5, 'repoMatch'], // unknown
    [0.3, 'RepoMatches'],
    [0.2, ''],
  ]);
  const kind = r.weighted<string>([
    [99, 'doublestar'],
    [0.4, 'regex'],
    [0.4, 'doublestart'],
    [0.2, ''],
  ]);
  let pattern: string;
  let sample: ((rr: Rng) => string) | undefined;
  const roll = r.float();
  if (roll < 0.08) pattern = '';
  else if (roll < 0.3) pattern = r.pick(['**', '*', 'team/**', '**/app', '{team,ops}/*', 'library/**', 'nginx', 'team/app', '{a,b}/**', 'a/**/c', '{**/app,x}', '{team/app,team}']);
  else {
    const g = r.chance(0.5) ? generatePattern(r) : { pattern: '', sample: undefined };
    if (g.pattern && g.pattern.length <= MAX_PATTERN_LENGTH) {
      pattern = g.pattern;
      sample = g.sample;
    } else {
      const comps = repoPatternPieces(r)[0]!;
      pattern = comps.src;
      sample = (rr) => comps.sample(rr);
    }
  }
  sample ??= (rr) => randomRepo(rr);
  return { selector: { kind, decoration, pattern }, sample };
}

function tagSelector(r: Rng): SelectorPlan {
  const decoration = r.weighted<string>([
    [60, 'matches'],
    [30, 'excludes'],
    [2, 'repoMatches'], // crossed use: tests the repository
    [1, 'repoExcludes'],
    [1.5, 'nsMatches'],
    [0.5, 'nsExcludes'],
    [0.5, 'matching'], // unknown
    [0.3, 'Excludes'],
    [0.2, ''],
  ]);
  const kind = r.weighted<string>([
    [99, 'doublestar'],
    [0.6, 'label'],
    [0.4, ''],
  ]);
  let pattern: string;
  let sample: ((rr: Rng) => string) | undefined;
  const roll = r.float();
  if (roll < 0.08) pattern = '';
  else if (roll < 0.3)
    pattern = r.pick(['**', '*', 'v*', 'latest', '{rc,test,nightly}', 'release-**', '*SNAPSHOT*', 'v[0-9]*', '[!x]', 'a[', '{latest,stable}', 'sha-*', '{ latest, stable}']);
  else {
    const g = generatePattern(r);
    pattern = g.pattern.length <= MAX_PATTERN_LENGTH ? g.pattern : 'v*';
    if (g.pattern.length <= MAX_PATTERN_LENGTH) sample = g.sample;
  }
  return { selector: { kind, decoration, pattern }, ...(sample ? { sample } : {}) };
}

/**
 * ~`count` rule sets of 1–6 rules each (ids unique, listed out of order), each with a few candidates of
 * 0–3 tags, many of them derived from the rules' own patterns so that rules fire.
 */
export function generateDecisionCases(count = 2_000, seed = 0x6465_6369): DecisionCase[] {
  const r = new Rng(seed);
  const cases: DecisionCase[] = [];
  for (let k = 0; k < count; k++) {
    const nRules = r.int(1, 6);
    const ids = r.shuffle(Array.from({ length: 30 }, (_, i) => i + 1)).slice(0, nRules);
    const repoSamplers: ((rr: Rng) => string)[] = [];
    const tagSamplers: ((rr: Rng) => string)[] = [];
    const rules = ids.map((id) => {
      const rule: Record<string, unknown> = { id };
      if (r.chance(0.15)) rule.disabled = true;
      else if (r.chance(0.05)) rule.disabled = false;
      if (r.chance(0.1)) rule.priority = r.int(1, 5);
      rule.action = 'immutable';
      rule.template = 'immutable_template';

      const rs = repoSelector(r);
      if (rs.sample) repoSamplers.push(rs.sample);
      const scopeRoll = r.float();
      if (scopeRoll < 0.02) {
        // no scope_selectors at all
      } else if (scopeRoll < 0.04) rule.scope_selectors = {};
      else if (scopeRoll < 0.06) rule.scope_selectors = { repository: [] };
      else if (scopeRoll < 0.1) rule.scope_selectors = { repository: [rs.selector, repoSelector(r).selector] };
      else rule.scope_selectors = { repository: [rs.selector] };

      const ts = tagSelector(r);
      if (ts.sample) tagSamplers.push(ts.sample);
      const tagRoll = r.float();
      if (tagRoll < 0.02) {
        // no tag_selectors at all
      } else if (tagRoll < 0.04) rule.tag_selectors = [];
      else if (tagRoll < 0.08) rule.tag_selectors = [ts.selector, tagSelector(r).selector];
      else rule.tag_selectors = [ts.selector];
      return rule;
    });

    const candidates: DecisionCandidate[] = [];
    const nCand = r.int(3, 6);
    for (let c = 0; c < nCand; c++) {
      // Candidates are what Harbor can hold: repository paths without empty components (or '', which the
      // selector short-circuits), tags non-empty and without '/'. See hasEmptyPathComponent().
      const sampledRepo = (): string => {
        const s = repoSamplers.length ? r.pick(repoSamplers)(r) : '';
        return s && !hasEmptyPathComponent(s) ? s : randomRepo(r);
      };
      const repository = r.weighted<() => string>([
        [50, sampledRepo],
        [45, () => randomRepo(r)],
        [5, () => ''],
      ])();
      const nTags = r.weighted([
        [15, 0],
        [55, 1],
        [15, 2],
        [15, 3],
      ] as const);
      const tags: string[] = [];
      for (let t = 0; t < nTags; t++) {
        const sampled = tagSamplers.length && r.chance(0.5) ? r.pick(tagSamplers)(r) : '';
        tags.push(sampled !== '' && !sampled.includes('/') ? sampled : randomTag(r));
      }
      candidates.push({ repository, tags });
    }
    cases.push({ rules, candidates });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------
// Coverage: how many generated patterns exercise each feature of the dialect.

/** True when `p` has a ',' outside any brace (escapes respected). */
function commaOutsideBraces(p: string): boolean {
  let depth = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ',' && depth === 0) return true;
  }
  return false;
}

/** Feature -> predicate over a pattern; every feature must be exercised by the generated cases. */
export const PATTERN_FEATURES: Readonly<Record<string, (p: string) => boolean>> = {
  'literal only': (p) => /^[A-Za-z0-9._-]+$/.test(p),
  '*': (p) => /(^|[^*\\])\*($|[^*])/.test(p),
  '** whole component': (p) => /(^|\/)\*\*($|\/)/.test(p),
  '** inside a component': (p) => /[A-Za-z0-9._-]\*\*|\*\*[A-Za-z0-9._-]/.test(p),
  '?': (p) => p.includes('?'),
  '[abc]': (p) => /\[[A-Za-z0-9._]{2,}\]/.test(p),
  '[a-z]': (p) => /\[[^\]]*[A-Za-z0-9]-[A-Za-z0-9][^\]]*\]/.test(p),
  '[^a-z]': (p) => /\[\^[^\]]*-[^\]]*\]/.test(p),
  '[!x]': (p) => p.includes('[!'),
  'escape \\x': (p) => /\\[A-Za-z0-9*?[\]{}]/.test(p),
  'escaped separator \\/': (p) => p.includes('\\/'),
  '{a,b}': (p) => /\{[^{}]*,[^{}]*\}/.test(p),
  'nested braces': (p) => /\{[^}]*\{/.test(p),
  'empty alternative': (p) => /\{,|,,|,\}|\{\}/.test(p),
  '/ inside braces': (p) => /\{[^}]*\/[^}]*\}/.test(p),
  '**/ inside braces': (p) => /[{,]\*\*\//.test(p),
  'comma outside braces': commaOutsideBraces,
  'leading /': (p) => p.startsWith('/'),
  'trailing /': (p) => p.endsWith('/') && !p.endsWith('\\/'),
  '//': (p) => p.includes('//'),
  'space': (p) => p.includes(' '),
  'unicode BMP (☺, α)': (p) => /[☺α]/u.test(p),
  'unicode astral (𝒳)': (p) => /[\u{10000}-\u{10FFFF}]/u.test(p),
  'unclosed [': (p) => /\[[^\]]*$/.test(p),
  'unclosed {': (p) => /\{[^}]*$/.test(p),
  'trailing \\': (p) => /(^|[^\\])(\\\\)*\\$/.test(p),
  '[]': (p) => p.includes('[]'),
  '[-]': (p) => p.includes('[-]'),
  '[a-]': (p) => /\[[^\]]*-\]/.test(p),
  '[a-b-c]': (p) => /\[[^\]]*-[^\]]-[^\]]*\]/.test(p),
};

/** How many distinct patterns of `cases` exercise each feature, and how the names are shaped. */
export function coverage(cases: readonly { p: string; n: string }[]): {
  features: Record<string, number>;
  names: { tagShaped: number; repoShaped: number; other: number; empty: number };
} {
  const patterns = new Set(cases.map((c) => c.p));
  const features: Record<string, number> = {};
  for (const [name, test] of Object.entries(PATTERN_FEATURES)) {
    let n = 0;
    for (const p of patterns) if (test(p)) n++;
    features[name] = n;
  }
  const names = { tagShaped: 0, repoShaped: 0, other: 0, empty: 0 };
  for (const { n } of cases) {
    if (n === '') names.empty++;
    else if (/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(n)) names.tagShaped++;
    else if (/^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*$/.test(n)) names.repoShaped++;
    else names.other++;
  }
  return { features, names };
}
