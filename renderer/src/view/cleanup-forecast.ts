// Runs in the browser (pure, no DOM).
/**
 * The Cleanup screen's two forecasts of the next tag-retention run: the server's (its recorded retention
 * policy under the server's immutability rules) and the draft's (the retention draft under the
 * immutability draft), and what separates them. The immutability verdicts come from the simulation
 * (computed in the worker for large snapshots), so the forecast itself only runs the retention rules;
 * after an edit it reuses the previous forecast's rule evaluations, and a side whose inputs did not
 * change is not computed again.
 */
import type { Dialect } from '../../../shared/glob/dialect.js';
import type { CompiledRuleSet } from '../../../shared/engine/rule-set.js';
import type { CompiledRetentionPolicy } from '../../../shared/retention/compile.js';
import { compileRetentionPolicy } from '../../../shared/retention/compile.js';
import type { RetentionForecast } from '../../../shared/retention/forecast.js';
import { forecastRetentionInSteps } from '../../../shared/retention/forecast.js';
import { retentionCandidates } from '../../../shared/retention/candidates.js';
import type { RetentionPolicy } from '../../../shared/retention/policy.js';
import type { ForecastDifference } from '../../../shared/retention/report.js';
import { compareForecasts } from '../../../shared/retention/report.js';
import type { SimulationResult } from '../../../shared/engine/simulate.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import type { SimulationView } from '../sim/compute.js';

/** What the snapshot says of the project's retention policy. */
export type RecordedPolicyState = 'recorded' | 'none' | 'not-read';

export function recordedPolicyState(index: SnapshotIndex, project: number): RecordedPolicyState {
  const retention = index.projects[project]?.retention;
  return retention === undefined ? 'not-read' : retention === null ? 'none' : 'recorded';
}

/** A policy with no rules: Harbor runs nothing, so it stands for "no policy" on the server's side. */
export function emptyRetentionPolicy(projectId: number | null): RetentionPolicy {
  return { algorithm: 'or', rules: [], trigger: { kind: 'Schedule', settings: { cron: '' } }, scope: { level: 'project', ref: projectId ?? 0 } };
}

export interface CleanupForecast {
  snapshotId: string;
  projectIndex: number;
  runAt: number;
  /** The server's retention policy (or none) with the server's immutability rules. */
  server: RetentionForecast;
  /** The retention draft with the immutability draft. */
  draft: RetentionForecast;
  /** The policy `draft` forecasts (the retention draft, else the recorded one), or null for none: then there is nothing to lint against. */
  draftPolicy: RetentionPolicy | null;
  /** Draft against server: what the drafts stop or start deleting. */
  difference: ForecastDifference;
}

export interface CleanupInputs {
  view: SimulationView;
  dialect: Dialect;
  runAt: number;
  /** The recorded policy, or null for none (or not read). */
  serverPolicy: RetentionPolicy | null;
  draftPolicy: RetentionPolicy | null;
}

interface Side {
  simulation: SimulationResult;
  policy: CompiledRetentionPolicy;
  runAt: number;
  forecast: RetentionForecast;
}

/** Whether two rule sets judge every tag alike: the same rules in the same order, glob dialect and Harbor release. */
function judgeAlike(a: CompiledRuleSet | undefined, b: CompiledRuleSet | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (a.dialect !== b.dialect || a.profile.release !== b.profile.release || a.rules.length !== b.rules.length) return false;
  return a.rules.every((rule, i) => rule.label === b.rules[i]!.label && JSON.stringify(rule.rule) === JSON.stringify(b.rules[i]!.rule));
}

/** Keeps the last forecast of each side, to reuse it whole or in part. */
export class CleanupForecaster {
  private server: Side | null = null;
  private draft: Side | null = null;
  private readonly compiled = new Map<RetentionPolicy | null, CompiledRetentionPolicy>();
  private compiledDialect: Dialect | null = null;
  private last: CleanupForecast | null = null;
  /** The snapshot whose listing order and candidate times are worked out (retentionCandidates keeps them). */
  private prepared: SnapshotIndex | null = null;
  /** A side's forecast under way, for these inputs. */
  private job: { simulation: SimulationResult; policy: CompiledRetentionPolicy; runAt: number; project: number; steps: Generator<void, RetentionForecast, void> } | null = null;

  private compile(policy: RetentionPolicy | null, dialect: Dialect, projectId: number | null): CompiledRetentionPolicy {
    if (this.compiledDialect !== dialect) {
      this.compiled.clear();
      this.compiledDialect = dialect;
    }
    let compiled = this.compiled.get(policy);
    if (compiled === undefined) {
      compiled = compileRetentionPolicy(policy ?? emptyRetentionPolicy(projectId), dialect);
      // Only the newest policies are worth keeping: an edit makes a new object each time.
      if (this.compiled.size > 8) this.compiled.clear();
      this.compiled.set(policy, compiled);
    }
    return compiled;
  }

  /**
   * A side's forecast for these inputs: `previous` when it is for them already; else worked out, from
   * `previous` where it can, until done or until `timeUp` says this task's time is over (null then: the
   * work goes on at the next call with the same inputs; a call with others starts again).
   */
  private side(previous: Side | null, simulation: SimulationResult, policy: CompiledRetentionPolicy, project: number, runAt: number, timeUp: () => boolean): Side | null {
    if (previous !== null && previous.simulation === simulation && previous.policy === policy && previous.runAt === runAt) return previous;
    let job = this.job;
    if (job === null || job.simulation !== simulation || job.policy !== policy || job.runAt !== runAt || job.project !== project) {
      const steps = forecastRetentionInSteps({
        index: simulation.index,
        project,
        policy,
        immutability: simulation.ruleSets[project] ?? null,
        runAt,
        simulation,
        previous: previous?.forecast ?? null,
      });
      job = this.job = { simulation, policy, runAt, project, steps };
    }
    for (;;) {
      const step = job.steps.next();
      if (step.done) {
        this.job = null;
        return { simulation, policy, runAt, forecast: step.value };
      }
      if (timeUp()) return null;
    }
  }

  /**
   * The server's side standing for the draft's: its outcomes as they are, under the draft simulation's
   * own (equal) rule set, which lint checks it was made from (kept as it was while nothing changes).
   */
  private sameAs(server: Side, simulation: SimulationResult, project: number): Side {
    const immutability = simulation.ruleSets[project] ?? null;
    const draft = this.draft;
    if (draft !== null && draft.simulation === simulation && draft.forecast.outcome === server.forecast.outcome && draft.forecast.immutability === immutability) return draft;
    return { ...server, simulation, forecast: { ...server.forecast, immutability } };
  }

  forecast(inputs: CleanupInputs): CleanupForecast {
    return this.advance(inputs)!;
  }

  /**
   * Works on the forecast until it is done or `timeUp` says this task's time is over: preparing the
   * snapshot (listing order, candidate times: one piece), then the server's side, then the draft's,
   * repository by repository; returns the forecast once nothing is left, else null (call again, with
   * the inputs of that moment). A caller on the page that must not hold it up runs it in pieces, a task
   * each: at a million tags the preparation is 50 to 100 ms, a side from scratch about 0.4 s.
   */
  advance(inputs: CleanupInputs, timeUp: () => boolean = () => false): CleanupForecast | null {
    const { view, dialect, runAt } = inputs;
    const project = view.projectIndex;
    const projectId = view.draft.index.projects[project]?.id ?? null;
    if (this.prepared !== view.draft.index) {
      retentionCandidates(view.draft.index);
      this.prepared = view.draft.index;
      if (timeUp()) return null;
    }
    const serverPolicy = this.compile(inputs.serverPolicy, dialect, projectId);
    const draftPolicy = inputs.draftPolicy === inputs.serverPolicy ? serverPolicy : this.compile(inputs.draftPolicy, dialect, projectId);
    const server = this.side(this.server, view.server, serverPolicy, project, runAt, timeUp);
    if (server === null) return null;
    if (server !== this.server) {
      this.server = server;
      if (timeUp()) return null;
    }
    // With no immutability draft (its rules those of the server) and no retention draft, the draft's side
    // is the server's: not worked out again (at a million tags and 15 retention rules, 0.3 s).
    const alike = draftPolicy === serverPolicy && judgeAlike(view.draft.ruleSets[project], view.server.ruleSets[project]);
    const draft = alike ? this.sameAs(server, view.draft, project) : this.side(this.draft, view.draft, draftPolicy, project, runAt, timeUp);
    if (draft === null) return null;
    if (this.last !== null && this.draft === draft && this.last.server === server.forecast && this.last.snapshotId === view.snapshotId) return this.last;
    this.draft = draft;
    this.last = {
      snapshotId: view.snapshotId,
      projectIndex: project,
      runAt,
      server: server.forecast,
      draft: draft.forecast,
      draftPolicy: inputs.draftPolicy,
      difference: compareForecasts(server.forecast, draft.forecast),
    };
    return this.last;
  }
}

/**
 * How the screen names the server's side, which is no policy when the project has none or the snapshot
 * did not read it: what a change is `against`, who `keeps` what the drafts would delete, and the `side`
 * the per-repository bars draw above the drafts'.
 */
export function serverSideWords(state: RecordedPolicyState): { against: string; keeps: string; side: string } {
  if (state === 'recorded') return { against: "the server's policies", keeps: "the server's policies keep", side: "the server's policies" };
  if (state === 'none') return { against: 'the server, which has no retention policy', keeps: 'the server keeps (it has no retention policy)', side: 'the server (no policy)' };
  return { against: "no policy, as the snapshot did not read the server's", keeps: "no policy deletes (the snapshot did not read the server's)", side: 'no policy (not read)' };
}

/** "this draft stops retention from deleting 412 artifacts, 38.0 GiB" and its opposite; none when the drafts change nothing. */
export function differenceSentences(
  difference: ForecastDifference,
  formatBytes: (n: number) => string,
  formatCount: (n: number) => string,
  keeps = serverSideWords('recorded').keeps,
): string[] {
  const out: string[] = [];
  const artifacts = (n: number) => `${formatCount(n)} artifact${n === 1 ? '' : 's'}`;
  if (difference.stopsDeleting.artifacts > 0) {
    out.push(`This draft stops retention from deleting ${artifacts(difference.stopsDeleting.artifacts)}, ${formatBytes(difference.stopsDeleting.bytes)}.`);
  }
  if (difference.startsDeleting.artifacts > 0) {
    out.push(`This draft lets retention delete ${artifacts(difference.startsDeleting.artifacts)}, ${formatBytes(difference.startsDeleting.bytes)}, that ${keeps}.`);
  }
  return out;
}
