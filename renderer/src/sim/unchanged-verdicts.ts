// Runs in the browser, on both sides of the simulation worker (pure: no DOM or worker API).
/**
 * A keystroke often leaves every verdict as it was (a pattern being typed matches nothing yet, or the
 * same tags). The worker then posts no verdict arrays, only the number of the earlier output whose
 * arrays still hold: at a million tags that spares both threads about 12 MB of fresh arrays per
 * keystroke, and with them the garbage collections that made the slowest keystrokes slow. Numbers, not
 * trust: the page takes arrays over only from the output the worker names, or fails loudly.
 */
import type { SimulationDiff } from '../../../shared/engine/diff.js';
import { diffRuleKeys, diffSimulations } from '../../../shared/engine/diff.js';
import type { SimulationResult, Totals } from '../../../shared/engine/simulate.js';
import { knownSameVerdicts } from '../../../shared/engine/inert-edit.js';

/**
 * What a posted draft carries that follows from its verdicts alone (copies on the page side, owned by the
 * page): the verdict arrays, and the per-repository totals (about 20,000 objects at a million tags, which
 * both threads would otherwise copy on every keystroke).
 */
export interface DraftArrays {
  tagVerdict: Int32Array;
  artifactRetentionVerdict: Int32Array;
  artifactImmutableTags: Int32Array;
  repositoryTotals: readonly Totals[];
}

/** Whether two results of the same snapshot give every tag and artifact the same verdicts (the totals follow). */
export function sameVerdictArrays(a: DraftArrays, b: DraftArrays): boolean {
  return sameInts(a.tagVerdict, b.tagVerdict) && sameInts(a.artifactImmutableTags, b.artifactImmutableTags) && sameInts(a.artifactRetentionVerdict, b.artifactRetentionVerdict);
}

/** Known alike when the simulation proved it (inert-edit.ts), else compared. */
function sameVerdicts(a: SimulationResult, b: SimulationResult): boolean {
  return knownSameVerdicts(a, b) || sameVerdictArrays(a, b);
}

function sameInts(a: Int32Array, b: Int32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The worker side: which output's arrays the page holds, and the draft result they were copied from.
 * `draft` must stay the engine's own last draft for a comparison to mean anything (the engine writes
 * new drafts into older drafts' arrays), so the caller checks identity before comparing.
 */
export class PostedDrafts {
  private posted: { draft: SimulationResult; arraysOf: number } | null = null;
  private sequence = 0;

  /**
   * Numbers the output about to be posted for `draft`. `previousDraft` is the engine's last draft before
   * this run: only when that is the one posted last (no run failed in between) can the new draft be
   * compared with what the page holds. Returns the output's number and the number of the output whose
   * arrays hold its verdicts (the same number when the arrays go along).
   */
  next(previousDraft: SimulationResult | null, draft: SimulationResult): { sequence: number; arraysOf: number } {
    const sequence = ++this.sequence;
    const posted = this.posted;
    const arraysOf = posted !== null && previousDraft !== null && posted.draft === previousDraft && sameVerdicts(previousDraft, draft) ? posted.arraysOf : sequence;
    this.posted = { draft, arraysOf };
    return { sequence, arraysOf };
  }

  /** The page may not have received the last output (it failed to post): the next one carries its arrays. */
  forget(): void {
    this.posted = null;
  }
}

/** Diffs kept for serving again hold at most this many indexes (a keystroke that turns nothing turns few). */
const KEPT_DIFF_INDEXES = 1 << 16;

/**
 * The worker side: the last diff, handed out again when a draft's verdicts are those of the draft it was
 * computed for (same output's arrays, same rule keys) against the same server result. A keystroke that
 * turns no verdict then costs no pass over every tag and artifact. Every diff handed out is the caller's
 * to transfer: a kept one goes out as copies, and a large one (half a million turned verdicts) is not
 * kept at all, so it goes out without a copy.
 */
export class KeptDiff {
  private kept: { arraysOf: number; server: SimulationResult; ruleKeys: string; diff: SimulationDiff } | null = null;
  /** Diffs worked out so far, not served again (for tests of the keeping itself). */
  workedOut = 0;

  constructor(private readonly keepAtMost = KEPT_DIFF_INDEXES) {}

  /** The diff of `draft` against `server`; `arraysOf` is the output whose arrays hold the draft's verdicts (PostedDrafts). */
  diff(server: SimulationResult, draft: SimulationResult, arraysOf: number): SimulationDiff {
    const ruleKeys = diffRuleKeys(draft);
    const kept = this.kept;
    if (kept !== null && kept.arraysOf === arraysOf && kept.server === server && kept.ruleKeys === ruleKeys) return copyOf(kept.diff);
    const diff = diffSimulations(server, draft);
    this.workedOut++;
    const size = Object.values(diff).reduce((sum: number, list: Int32Array) => sum + list.length, 0);
    this.kept = size <= this.keepAtMost ? { arraysOf, server, ruleKeys, diff: copyOf(diff) } : null;
    return diff;
  }
}

function copyOf(diff: SimulationDiff): SimulationDiff {
  return {
    newlyImmutableTags: diff.newlyImmutableTags.slice(),
    freedTags: diff.freedTags.slice(),
    newlyLockedDigests: diff.newlyLockedDigests.slice(),
    freedDigests: diff.freedDigests.slice(),
    newlyRetentionProtected: diff.newlyRetentionProtected.slice(),
    retentionFreed: diff.retentionFreed.slice(),
    decidedByOtherRule: diff.decidedByOtherRule.slice(),
  };
}

/** The page side: the arrays of the last output that carried them, by that output's number. */
export class ReceivedDrafts {
  private held: { sequence: number; arrays: DraftArrays } | null = null;

  /**
   * The draft arrays for an output: its own when it carries them (then kept for later outputs), else
   * those of the earlier output it names, which must be the one held.
   */
  arraysFor(sequence: number, arraysOf: number, carried: DraftArrays): DraftArrays {
    if (arraysOf === sequence) {
      this.held = { sequence, arrays: carried };
      return carried;
    }
    if (this.held === null || this.held.sequence !== arraysOf) {
      throw new Error(`the simulation worker referred to the verdicts of output ${arraysOf}, which this page does not hold`);
    }
    return this.held.arrays;
  }

  /** A new worker numbers its outputs from the start again. */
  reset(): void {
    this.held = null;
  }
}
