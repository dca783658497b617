// Runs anywhere (pure).
/**
 * compileGlob: a pattern parsed once into the fastest form that is provably exact for it (fast-path.ts),
 * with the step-by-step interpreter of the pattern's library version behind it for every pattern and name
 * the fast path cannot answer. The interpreter is built on first need: most patterns never need it.
 */
import type { CompiledGlob, Dialect, GlobOutcome } from './dialect.js';
import { isAscii } from './code-points.js';
import type { FastPlan } from './fast-path.js';
import { planFastPath } from './fast-path.js';
import { InterpreterV111 } from './interpreter-v111.js';
import { InterpreterV134 } from './interpreter-v134.js';
import { OUTCOME, type Outcome } from './outcome.js';

const SLASH = 0x2f;

interface Interpreter {
  match(name: string): Outcome;
}

class Compiled implements CompiledGlob {
  private interpreter: Interpreter | null = null;

  constructor(
    readonly pattern: string,
    readonly dialect: Dialect,
    private readonly plan: FastPlan | null,
  ) {}

  match(name: string): GlobOutcome {
    const plan = this.plan;
    if (plan === null) return this.interpret(name);
    if (plan.always) return 'match';
    // The library does not split a name at an escaped "\/"; the fast path would.
    if (name.includes('\\/')) return this.interpret(name);
    if (this.dialect === 'v1.1.1') {
      if (plan.stepsBytes && !isAscii(name)) return this.interpret(name);
      // v1.1.1 splits "a/" into ["a"]: one trailing '/' of the name changes nothing.
      if (name.charCodeAt(name.length - 1) === SLASH) name = name.slice(0, -1);
    }
    return plan.test(name) ? 'match' : 'miss';
  }

  /** The step-by-step answer (also what the fast path must agree with; see compiled.test.ts). */
  interpret(name: string): GlobOutcome {
    if (this.interpreter === null) {
      this.interpreter = this.dialect === 'v1.1.1' ? new InterpreterV111(this.pattern) : new InterpreterV134(this.pattern);
    }
    return OUTCOME[this.interpreter.match(name)]!;
  }

  /** Whether a fast form (comparison, set, prefix or RegExp) exists for this pattern. */
  get hasFastPath(): boolean {
    return this.plan !== null;
  }
}

export type { Compiled };

export function compileGlob(pattern: string, dialect: Dialect): CompiledGlob {
  return compileGlobDetailed(pattern, dialect);
}

/** compileGlob with access to the interpreter, for tests that compare the two paths. */
export function compileGlobDetailed(pattern: string, dialect: Dialect): Compiled {
  return new Compiled(pattern, dialect, planFastPath(pattern, dialect));
}
