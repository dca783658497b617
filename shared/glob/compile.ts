// Runs anywhere (pure).
/**
 * compileGlob: a pattern parsed once into the fastest form that is provably exact for it (fast-path.ts),
 * with the step-by-step interpreter of the pattern's library version behind it for every pattern and name
 * the fast path cannot answer. The interpreter is built on first need: most patterns never need it.
 *
 * Each fast form gets its own small match function (rather than one generic function calling a test),
 * so that a program juggling many patterns keeps every call site monomorphic.
 */
import type { CompiledGlob, Dialect, GlobOutcome } from './dialect.js';
import { isAscii } from './code-points.js';
import type { FastPlan } from './fast-path.js';
import { planFastPath, requiredStart } from './fast-path.js';
import { InterpreterV111 } from './interpreter-v111.js';
import { InterpreterV134 } from './interpreter-v134.js';
import { OUTCOME } from './outcome.js';

type Match = (name: string) => GlobOutcome;

/** A compiled glob that also exposes its interpreter, for tests comparing the two paths. */
export interface DetailedGlob extends CompiledGlob {
  /** The step-by-step answer, bypassing the fast path. */
  interpret(name: string): GlobOutcome;
  /** Whether a fast form (comparison, Set, prefix, suffix or RegExp) exists for this pattern. */
  readonly hasFastPath: boolean;
}

const SLASH = 0x2f;

/**
 * The name as the fast forms read it, or null when only the interpreter can answer. The library does not
 * split a name at an escaped "\/" (the fast forms would); v1.1.1 splits "a/" into ["a"], so one trailing
 * '/' of the name changes nothing there; v1.1.1 stars step by bytes (see fast-path.ts).
 */
function prepareV134(name: string): string | null {
  return name.includes('\\/') ? null : name;
}
function prepareV111(name: string): string | null {
  if (name.includes('\\/')) return null;
  return name.charCodeAt(name.length - 1) === SLASH ? name.slice(0, -1) : name;
}
function prepareV111Ascii(name: string): string | null {
  return isAscii(name) ? prepareV111(name) : null;
}

function fastMatch(plan: FastPlan, dialect: Dialect, slow: Match): Match {
  const prepare = dialect === 'v1.3.4' ? prepareV134 : plan.kind === 'regex' && plan.stepsBytes ? prepareV111Ascii : prepareV111;
  switch (plan.kind) {
    case 'always':
      return () => 'match';
    case 'literal': {
      const literal = plan.literal;
      return (name) => {
        const n = prepare(name);
        return n === null ? slow(name) : n === literal ? 'match' : 'miss';
      };
    }
    case 'set': {
      const strings = plan.strings;
      return (name) => {
        const n = prepare(name);
        return n === null ? slow(name) : strings.has(n) ? 'match' : 'miss';
      };
    }
    case 'prefix': {
      const prefix = plan.prefix;
      return (name) => {
        const n = prepare(name);
        return n === null ? slow(name) : n.startsWith(prefix) ? 'match' : 'miss';
      };
    }
    case 'suffix': {
      const { literal, slashLiteral } = plan;
      return (name) => {
        const n = prepare(name);
        return n === null ? slow(name) : n === literal || n.endsWith(slashLiteral) ? 'match' : 'miss';
      };
    }
    case 'regex': {
      const regex = plan.regex;
      return (name) => {
        const n = prepare(name);
        return n === null ? slow(name) : regex.test(n) ? 'match' : 'miss';
      };
    }
  }
}

export function compileGlobDetailed(pattern: string, dialect: Dialect): DetailedGlob {
  let interpreter: InterpreterV111 | InterpreterV134 | null = null;
  const interpret: Match = (name) => {
    interpreter ??= dialect === 'v1.1.1' ? new InterpreterV111(pattern) : new InterpreterV134(pattern);
    return OUTCOME[interpreter.match(name)]!;
  };
  const plan = planFastPath(pattern, dialect);
  const match = plan === null ? interpret : fastMatch(plan, dialect, interpret);
  return { pattern, dialect, requiredStart: plan === null ? '' : requiredStart(pattern, dialect), match, interpret, hasFastPath: plan !== null };
}

/** doublestar.Match(pattern, ·) of the dialect's library version, parsed once. */
export function compileGlob(pattern: string, dialect: Dialect): CompiledGlob {
  return compileGlobDetailed(pattern, dialect);
}
