// Runs anywhere (pure).
/**
 * The fast path: patterns whose doublestar meaning is provably a regular language get a string
 * comparison, a Set lookup, a prefix or suffix test or a JS RegExp instead of the interpreter.
 *
 * Accepted ("simple") patterns: literals, `\x` escapes, '?', stars, well-formed classes and flat brace
 * groups, such that no part can ever be ErrBadPattern and both library versions cut the pattern into the
 * same '/' components. The conditions, and why each one makes the regex exact:
 * - no "\/" anywhere, no U+FFFD (nor lone surrogate), no '/' inside a class or braces, classes and braces
 *   closed, no '\' inside them: then "split at every '/'" is how both versions see the components;
 * - brace options are non-empty, not stars only, and use only literals, '?' and '*': `option + rest`
 *   then reads as "option followed by rest", and a brace can never match the empty string;
 * - at most two stars at the end of a component, also counting an option's trailing stars when only
 *   stars follow its brace: where the name component runs out, the library accepts the rest of the
 *   pattern component only if it is "", "*" or "**" (v1.1.1 compares the text, v1.3.4 asks
 *   isZeroLengthPattern), which is then exactly "the rest can match the empty string".
 * Under these conditions a component matches a name component iff its regex does, a "**" component
 * absorbs zero or more whole name components (one or more when it is last), and both versions agree on
 * that; they differ only in how they split names, which the caller handles (see compile.ts).
 *
 * Names the fast path must not see are routed to the interpreter by the caller: names with an escaped
 * "\/" (the library does not split there), and, for v1.1.1 patterns flagged `stepsBytes`, names with
 * non-ASCII characters (v1.1.1's star steps by bytes, see interpreter-v111.ts).
 */
import type { Dialect } from './dialect.js';
import { RUNE_ERROR, runesOf } from './code-points.js';
import { classRuneSet, regexClass, regexRune } from './rune-set.js';
import { indexUnescaped, parseClass } from './syntax.js';

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const QUESTION = 0x3f;
const COMMA = 0x2c;
const LEFT_BRACKET = 0x5b;
const RIGHT_BRACKET = 0x5d;
const LEFT_BRACE = 0x7b;
const RIGHT_BRACE = 0x7d;

export type Tok =
  | { k: 'lit'; rune: number }
  | { k: 'any' }
  | { k: 'star' }
  | { k: 'class'; set: number[] }
  | { k: 'alt'; options: Tok[][] };

export interface Component {
  globstar: boolean;
  toks: Tok[];
}

/**
 * What a simple pattern compiles to. Only a RegExp can contain a star that steps through the name (the
 * other forms have no stars, or only a final "**"), so only it can need v1.1.1's byte routing.
 */
export type FastPlan =
  | { kind: 'always' }
  | { kind: 'literal'; literal: string }
  | { kind: 'set'; strings: ReadonlySet<string> }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'suffix'; literal: string; slashLiteral: string }
  | { kind: 'regex'; regex: RegExp; stepsBytes: boolean };

const STAR_TOK: Tok = { k: 'star' };
const ANY_TOK: Tok = { k: 'any' };

/** Tokens of a brace option (only literals, '?' and '*' are allowed there). */
function optionTokens(runes: number[], start: number, end: number): Tok[] | null {
  const toks: Tok[] = [];
  let stars = 0;
  for (let i = start; i < end; i++) {
    const c = runes[i]!;
    if (c === STAR) {
      toks.push(STAR_TOK);
      stars++;
    } else toks.push(c === QUESTION ? ANY_TOK : { k: 'lit', rune: c });
  }
  return toks.length === 0 || stars === toks.length ? null : toks;
}

/** A flat brace body [start, end): options split at ',' (v1.1.1 drops an empty last option). */
function braceOptions(runes: number[], start: number, end: number, dialect: Dialect): Tok[][] | null {
  for (let i = start; i < end; i++) {
    const c = runes[i]!;
    if (c === LEFT_BRACE || c === LEFT_BRACKET || c === RIGHT_BRACKET || c === BACKSLASH || c === SLASH) return null;
  }
  const bounds: number[] = [];
  let from = start;
  for (let i = start; i < end; i++) {
    if (runes[i] === COMMA) {
      bounds.push(from, i);
      from = i + 1;
    }
  }
  if (!(dialect === 'v1.1.1' && from === end && bounds.length > 0)) bounds.push(from, end);
  const options: Tok[][] = [];
  for (let k = 0; k < bounds.length; k += 2) {
    const toks = optionTokens(runes, bounds[k]!, bounds[k + 1]!);
    if (toks === null) return null;
    options.push(toks);
  }
  return options;
}

/** The components of a simple pattern, or null when the pattern is not simple. */
export function parseSimple(pattern: string, dialect: Dialect): Component[] | null {
  if (pattern.includes('\\/')) return null;
  const runes = runesOf(pattern);
  if (runes.includes(RUNE_ERROR)) return null;
  const components: Component[] = [];
  let toks: Tok[] = [];
  let start = 0;
  const endComponent = (end: number): void => {
    const globstar = end - start === 2 && runes[start] === STAR && runes[start + 1] === STAR;
    components.push({ globstar, toks });
    toks = [];
  };
  for (let i = 0; i < runes.length; ) {
    const c = runes[i]!;
    if (c === SLASH) {
      endComponent(i);
      start = ++i;
    } else if (c === BACKSLASH) {
      if (i + 1 >= runes.length) return null;
      toks.push({ k: 'lit', rune: runes[i + 1]! });
      i += 2;
    } else if (c === STAR) {
      toks.push(STAR_TOK);
      i++;
    } else if (c === QUESTION) {
      toks.push(ANY_TOK);
      i++;
    } else if (c === LEFT_BRACKET) {
      const end = indexUnescaped(runes, i + 1, runes.length, RIGHT_BRACKET);
      if (end === -1) return null;
      for (let j = i + 1; j < end; j++) if (runes[j] === BACKSLASH || runes[j] === SLASH) return null;
      const spec = parseClass(runes, i + 1, end);
      if (spec === null) return null;
      toks.push({ k: 'class', set: classRuneSet(spec) });
      i = end + 1;
    } else if (c === LEFT_BRACE) {
      const end = runes.indexOf(RIGHT_BRACE, i + 1);
      if (end === -1) return null;
      const options = braceOptions(runes, i + 1, end, dialect);
      if (options === null) return null;
      toks.push({ k: 'alt', options });
      i = end + 1;
    } else {
      toks.push({ k: 'lit', rune: c });
      i++;
    }
  }
  endComponent(runes.length);
  // v1.1.1 splits "a/" into ["a"]: a trailing '/' adds no component.
  if (dialect === 'v1.1.1' && components.length > 1 && runes[runes.length - 1] === SLASH) components.pop();
  for (const comp of components) if (!comp.globstar && !starsAreExact(comp.toks)) return null;
  return components;
}

function trailingStars(toks: readonly Tok[]): number {
  let n = 0;
  while (n < toks.length && toks[toks.length - 1 - n]!.k === 'star') n++;
  return n;
}

/** The star conditions of the module comment, for one component. */
function starsAreExact(toks: readonly Tok[]): boolean {
  if (trailingStars(toks) > 2) return false;
  for (let t = 0; t < toks.length; t++) {
    const tok = toks[t]!;
    if (tok.k !== 'alt') continue;
    const rest = toks.length - t - 1;
    if (trailingStars(toks) !== rest) continue; // something other than stars follows the brace
    for (const option of tok.options) if (trailingStars(option) + rest > 2) return false;
  }
  return true;
}

/** Whether a star is followed by anything within its component (v1.1.1 then steps through the name). */
function starStepsOn(toks: readonly Tok[], last: boolean): boolean {
  for (let t = 0; t < toks.length; t++) {
    const tok = toks[t]!;
    const isLast = last && t === toks.length - 1;
    if (tok.k === 'star' && !isLast) return true;
    if (tok.k === 'alt' && tok.options.some((o) => starStepsOn(o, isLast))) return true;
  }
  return false;
}

function tokRegex(tok: Tok): string {
  switch (tok.k) {
    case 'lit':
      return regexRune(tok.rune);
    case 'any':
      return '[^/]';
    case 'star':
      return '[^/]*';
    case 'class':
      return regexClass(tok.set);
    case 'alt':
      return `(?:${tok.options.map((o) => o.map(tokRegex).join('')).join('|')})`;
  }
}

function componentsRegex(components: readonly Component[]): string {
  let body = '';
  for (let i = 0; i < components.length; i++) {
    const comp = components[i]!;
    const last = i === components.length - 1;
    if (comp.globstar) {
      // Not last: zero or more whole components (consecutive ones collapse); last: one or more.
      if (last) body += '[\\s\\S]*';
      else if (i === 0 || !components[i - 1]!.globstar) body += '(?:[^/]*/)*';
    } else body += comp.toks.map(tokRegex).join('') + (last ? '' : '/');
  }
  return body;
}

/** The text of a token sequence made of literals only, or null. */
function literalText(toks: readonly Tok[]): string | null {
  let s = '';
  for (const tok of toks) {
    if (tok.k !== 'lit') return null;
    s += String.fromCodePoint(tok.rune);
  }
  return s;
}

/** Every string a wildcard-free pattern matches, or null when it has wildcards or too many strings. */
function finiteStrings(components: readonly Component[], limit: number): string[] | null {
  let out = [''];
  for (let i = 0; i < components.length; i++) {
    const comp = components[i]!;
    if (comp.globstar) return null;
    for (const tok of comp.toks) {
      const pieces = tok.k === 'alt' ? tok.options.map(literalText) : [literalText([tok])];
      if (pieces.includes(null) || out.length * pieces.length > limit) return null;
      out = out.flatMap((head) => pieces.map((piece) => head + piece!));
    }
    if (i < components.length - 1) out = out.map((s) => `${s}/`);
  }
  return out;
}

const FINITE_LIMIT = 256;

export function planFastPath(pattern: string, dialect: Dialect): FastPlan | null {
  const components = parseSimple(pattern, dialect);
  if (components === null) return null;
  if (components.every((c) => c.globstar)) return { kind: 'always' };

  const strings = finiteStrings(components, FINITE_LIMIT);
  if (strings !== null) {
    return strings.length === 1 ? { kind: 'literal', literal: strings[0]! } : { kind: 'set', strings: new Set(strings) };
  }

  // "team/app/**": a literal prefix, then anything (one or more components).
  const last = components.length - 1;
  if (last > 0 && components[last]!.globstar) {
    const prefix = finiteStrings(components.slice(0, last), 1);
    if (prefix !== null) return { kind: 'prefix', prefix: `${prefix[0]!}/` };
  }

  // "**/app": the literal, or anything ending in "/" + the literal.
  const first = components.findIndex((c) => !c.globstar);
  if (first > 0) {
    const suffix = finiteStrings(components.slice(first), 1);
    if (suffix !== null) return { kind: 'suffix', literal: suffix[0]!, slashLiteral: `/${suffix[0]!}` };
  }

  const stepsBytes = dialect === 'v1.1.1' && components.some((c) => starStepsOn(c.toks, true));
  return { kind: 'regex', regex: new RegExp(`^${componentsRegex(components)}$`, 'u'), stepsBytes };
}

/**
 * A start every name the pattern matches has, or '' when none is known: the ASCII literals that open a
 * simple pattern's first component. A simple pattern can never be ErrBadPattern, so a name without that
 * start is a plain miss, on the fast path and in the interpreter alike (both read the first component
 * from the name's first character). Lets a caller answer most names without asking the glob at all.
 */
export function requiredStart(pattern: string, dialect: Dialect): string {
  const components = parseSimple(pattern, dialect);
  const first = components?.[0];
  if (first === undefined || first.globstar) return '';
  let start = '';
  for (const tok of first.toks) {
    if (tok.k !== 'lit' || tok.rune >= 0x80 || tok.rune === SLASH) break;
    start += String.fromCharCode(tok.rune);
  }
  return start;
}
