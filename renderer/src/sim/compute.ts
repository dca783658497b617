// Runs in the browser, on the main thread or in the simulation worker.
/**
 * The simulation the UI shows, in a form that can cross a worker boundary: typed arrays (transferable)
 * and small plain objects. `SimulationEngine` computes it next to a SnapshotIndex; `hydrate` turns it
 * back into the engine's SimulationResult objects on the main thread, so tagDetail, digestDetail,
 * explain and lint work on it unchanged.
 *
 * What is simulated: the edited project is judged with the draft ("draft") and with the server's rules
 * ("server"); every other project of the snapshot keeps the rules it had at fetch time in both, so the
 * difference only ever shows what the draft changes.
 */
import type { SimulationDiff } from '../../../shared/engine/diff.js';
import { diffSimulations } from '../../../shared/engine/diff.js';
import type { CompiledRuleSet } from '../../../shared/engine/rule-set.js';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import type { HarborProfile } from '../../../shared/engine/harbor-profile.js';
import { DEFAULT_PROFILE, LATEST_RELEASE, harborProfile } from '../../../shared/engine/harbor-profile.js';
import type { RuleStats, SimulationResult, Totals } from '../../../shared/engine/simulate.js';
import type { ReusableVerdicts } from '../../../shared/engine/simulate.js';
import { reusableRules, simulateStepwise } from '../../../shared/engine/simulate.js';
import type { Dialect } from '../../../shared/glob/dialect.js';
import { checkAgainstSnapshot } from '../../../shared/lint/snapshot-checks.js';
import type { LintFinding } from '../../../shared/lint/finding.js';
import { effectCounts, planEffect } from '../../../shared/publish/plan-effect.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import type { DraftArrays, ReceivedDrafts } from './unchanged-verdicts.js';
import { KeptDiff, PostedDrafts } from './unchanged-verdicts.js';
import { PostingArrays } from './posting-arrays.js';
import type { PresetsView } from '../view/preset-view.js';
import { presetsView, projectTags } from '../view/preset-view.js';
import type { PresetsRequest } from './queries.js';

import { PackedDigests } from '../../../shared/snapshot/packed-digests.js';
import type { IndexedProject, SnapshotIndex, SnapshotMeta } from '../../../shared/snapshot/snapshot-index.js';

/** Slots of PostingArrays: one per verdict array of a result. */
const TAG_SLOT = 0;
const RETENTION_SLOT = 1;
const LOCK_SLOT = 2;
/** Copies into new arrays (the server result changes rarely: nothing is made ahead for it). */
const FRESH_COPIES = new PostingArrays([]);

export interface SimulationRequest {
  /** The snapshot simulated: a view never draws a result computed for another one. */
  snapshotId: string;
  /** The draft revision this simulation reflects; answers for older revisions are dropped. */
  revision: number;
  projectIndex: number;
  dialect: Dialect;
  /** The Harbor release judged (harbor-profile.ts); null: unknown (a note says so); absent: the newest release. */
  harborVersion?: string | null;
  draft: readonly ImmutableRule[];
  /** Identity of `serverRules`: the server simulation is recomputed only when it changes. */
  serverKey: string;
  serverRules: readonly ImmutableRule[];
}

export interface RawSimulation {
  tagVerdict: Int32Array;
  artifactRetentionVerdict: Int32Array;
  artifactImmutableTags: Int32Array;
  totals: Totals;
  repositoryTotals: Totals[];
  projectTotals: Totals[];
  /** Per project, per rule in evaluation order. */
  ruleStats: { decidedTags: number; stoppedTags: number }[][];
}

/** The diff as posted: its lists are typed arrays already, transferred as they are. */
export type RawDiff = SimulationDiff;

export interface RawOutput {
  revision: number;
  serverKey: string;
  /** This output's number in its engine's sequence. */
  sequence: number;
  /**
   * The number of the output whose draft verdict arrays hold this draft's verdicts: `sequence` when
   * `draft` carries them, an earlier output's when no verdict changed since (`draft`'s arrays are then empty).
   */
  draftArraysOf: number;
  draft: RawSimulation;
  /** Null when the server simulation did not change since the previous output of this engine. */
  server: RawSimulation | null;
  diff: RawDiff;
  /** Lint that needs the snapshot (rules matching nothing, shadowed, errors stopping real tags). */
  findings: LintFinding[];
  millis: number;
}

export interface EffectRequest {
  project: string;
  dialect: Dialect;
  harborVersion?: string | null;
  remote: readonly ImmutableRule[];
  desired: readonly ImmutableRule[];
}

export interface EffectSummary {
  project: string;
  before: { immutableTags: number; lockedDigests: number };
  after: { immutableTags: number; lockedDigests: number };
  newlyImmutableTags: number;
  freedTags: number;
  newlyLockedDigests: number;
  freedDigests: number;
  /** A few examples, as `repository:tag` and `repository@digest`. */
  examples: { newlyImmutable: string[]; freed: string[] };
}

/** What the main thread holds: the engine's own result objects, with the inputs they were computed from. */
export interface SimulationView {
  snapshotId: string;
  revision: number;
  projectIndex: number;
  draft: SimulationResult;
  server: SimulationResult;
  diff: SimulationDiff;
  /** Per tag: 1 newly immutable, -1 freed, 0 unchanged (draft against server). */
  readonly tagChange: Int8Array;
  /** Per artifact: 1 newly locked, -1 freed, 0 unchanged. */
  readonly artifactChange: Int8Array;
  findings: LintFinding[];
  millis: number;
  serverKey: string;
}

/**
 * The columns simulation and snapshot lint read, to copy into a worker (digests, pull times and the
 * rest stay behind; push times go along, lint reads re-pointed tags from them, and sizes, which lint
 * gives for the artifacts a finding is about).
 */
export interface IndexTransfer {
  meta: SnapshotMeta;
  projects: IndexedProject[];
  repositoryNames: string[];
  repositoryProject: Int32Array;
  repositoryArtifactStart: Int32Array;
  artifactRepository: Int32Array;
  artifactTagStart: Int32Array;
  /** Lint gives the size of the artifacts a finding is about. */
  artifactSize: Float64Array;
  artifactPushTime: Float64Array;
  tagNames: string[];
  tagNameIds: Int32Array;
  distinctTagNames: string[];
  tagArtifact: Int32Array;
  tagPushTime: Float64Array;
  counts: SnapshotIndex['counts'];
}

export function indexTransfer(index: SnapshotIndex): IndexTransfer {
  return {
    meta: index.meta,
    projects: [...index.projects],
    repositoryNames: [...index.repositoryNames],
    repositoryProject: index.repositoryProject,
    repositoryArtifactStart: index.repositoryArtifactStart,
    artifactRepository: index.artifactRepository,
    artifactTagStart: index.artifactTagStart,
    artifactSize: index.artifactSize,
    artifactPushTime: index.artifactPushTime,
    tagNames: index.tagNames as string[],
    tagNameIds: index.tagNameIds,
    distinctTagNames: index.distinctTagNames as string[],
    tagArtifact: index.tagArtifact,
    tagPushTime: index.tagPushTime,
    counts: index.counts,
  };
}

/** A SnapshotIndex with only what simulation, diff and snapshot lint read (the rest left empty). */
export function indexFromTransfer(t: IndexTransfer): SnapshotIndex {
  const noTimes = new Float64Array(0);
  return {
    meta: t.meta,
    projects: t.projects,
    repositoryNames: t.repositoryNames,
    repositoryProject: t.repositoryProject,
    repositoryArtifactStart: t.repositoryArtifactStart,
    artifactDigests: new PackedDigests(0),
    artifactRepository: t.artifactRepository,
    artifactTagStart: t.artifactTagStart,
    artifactType: new Int32Array(0),
    artifactMediaType: new Int32Array(0),
    artifactSize: t.artifactSize,
    artifactPushTime: t.artifactPushTime,
    artifactPullTime: noTimes,
    artifactReferenceStart: new Int32Array(0),
    references: new PackedDigests(0),
    tagNames: t.tagNames,
    tagNameIds: t.tagNameIds,
    distinctTagNames: t.distinctTagNames,
    tagArtifact: t.tagArtifact,
    tagPushTime: t.tagPushTime,
    tagPullTime: noTimes,
    tagServerImmutable: new Int8Array(0),
    strings: [],
    counts: t.counts,
  };
}

/** The rules a project had at fetch time (none when unknown, e.g. plain registries). */
export function fetchTimeRules(project: IndexedProject | undefined): ImmutableRule[] {
  if (!project?.rules) return [];
  try {
    return parseWireRules(project.rules);
  } catch {
    return [];
  }
}

/**
 * Rule sets per project: `edited` for the edited project, fetch-time rules elsewhere. Compiled the same
 * way on both sides of the worker boundary, so rule positions agree.
 */
export function ruleSetsFor(
  index: SnapshotIndex,
  projectIndex: number,
  edited: readonly ImmutableRule[],
  dialect: Dialect,
  others?: readonly CompiledRuleSet[],
  profile: HarborProfile = DEFAULT_PROFILE,
): CompiledRuleSet[] {
  return index.projects.map((project, p) =>
    p === projectIndex ? compileRuleSet(edited, dialect, profile) : (others?.[p] ?? compileRuleSet(fetchTimeRules(project), dialect, profile)),
  );
}

const profiles = new Map<string, HarborProfile>();

/** The profile a request names (computed once per version). */
export function profileOf(request: { harborVersion?: string | null }): HarborProfile {
  const version = request.harborVersion === undefined ? LATEST_RELEASE : request.harborVersion;
  const key = version ?? '';
  let profile = profiles.get(key);
  if (profile === undefined) {
    profile = harborProfile(version);
    profiles.set(key, profile);
  }
  return profile;
}

/**
 * The plain form of a result. With `copies`, the typed arrays are copies made with it: the engine keeps
 * its results between runs, and transferring their own arrays would detach them (empty diffs afterwards).
 */
function raw(result: SimulationResult, copies: PostingArrays | null = null, repositoryTotals: Totals[] = [...result.repositoryTotals]): RawSimulation {
  return {
    tagVerdict: copies ? copies.copy(result.tagVerdict, TAG_SLOT) : result.tagVerdict,
    artifactRetentionVerdict: copies ? copies.copy(result.artifactRetentionVerdict, RETENTION_SLOT) : result.artifactRetentionVerdict,
    artifactImmutableTags: copies ? copies.copy(result.artifactImmutableTags, LOCK_SLOT) : result.artifactImmutableTags,
    totals: result.totals,
    repositoryTotals,
    projectTotals: [...result.projectTotals],
    ruleStats: result.ruleStats.map((stats) => stats.map((s) => ({ decidedTags: s.decidedTags, stoppedTags: s.stoppedTags }))),
  };
}

/** A draft whose verdicts the page holds already: what follows from them alone stays behind (DraftArrays). */
function withoutVerdictArrays(result: SimulationResult): RawSimulation {
  const none = new Int32Array(0);
  return { ...raw(result, null, []), tagVerdict: none, artifactRetentionVerdict: none, artifactImmutableTags: none };
}

/** The typed arrays of an output, for a transfer list. */
export function transferables(output: RawOutput): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (array: Int32Array) => {
    if (array.buffer instanceof ArrayBuffer && array.byteLength > 0) buffers.add(array.buffer);
  };
  for (const sim of [output.draft, output.server]) {
    if (sim === null) continue;
    add(sim.tagVerdict);
    add(sim.artifactRetentionVerdict);
    add(sim.artifactImmutableTags);
  }
  for (const array of Object.values(output.diff)) add(array);
  return [...buffers];
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Simulates requests against one snapshot index, keeping the server simulation between drafts. */
export class SimulationEngine {
  private server: { key: string; result: SimulationResult } | null = null;
  /** The last draft result: the next one re-judges only what the edited rules can change. */
  private lastDraft: SimulationResult | null = null;
  /** Whether `lastDraft` stayed inside the engine (`run` posts copies), so nothing else reads its arrays. */
  private lastDraftPrivate = false;
  /** The arrays of a private draft two runs back, written over by the next private run. */
  private spare: ReusableVerdicts | null = null;
  /** Which draft verdicts the receiver of `run`'s outputs holds. */
  private readonly posted = new PostedDrafts();
  /** The last diff, served again while the verdicts stay as they were. */
  private readonly keptDiff = new KeptDiff();
  /** Where the next posted draft's verdicts are copied to, made while no request waits (`prepareNextRun`). */
  private readonly postingArrays: PostingArrays;
  private readonly presetsViews = new Map<string, PresetsView>();

  constructor(readonly index: SnapshotIndex) {
    const { tags, artifacts } = index.counts;
    this.postingArrays = new PostingArrays([tags, artifacts, artifacts]);
  }

  /** Work that makes the next `run` quicker, for a caller with nothing else to do (the worker between requests). */
  prepareNextRun(): void {
    this.postingArrays.prepare();
  }

  private serverKey(request: SimulationRequest): string {
    return `${request.projectIndex}|${request.dialect}|${profileOf(request).release}|${request.serverKey}`;
  }

  /** The engine's own results (main thread) — `run` wraps this for the worker. */
  simulateBoth(request: SimulationRequest): { draft: SimulationResult; server: SimulationResult; serverChanged: boolean } {
    return finish(this.simulateBothStepwise(request, Infinity));
  }

  /**
   * `simulateBoth` pausing after every `repositoriesPerStep` repositories. The engine keeps a result
   * only once it is complete, so a caller may abandon the steps at any pause.
   */
  *simulateBothStepwise(
    request: SimulationRequest,
    repositoriesPerStep: number,
    /** True when the caller hands out only copies of the draft (`run`): its arrays may then be reused later. */
    keepsDraftPrivate = false,
  ): Generator<number, { draft: SimulationResult; server: SimulationResult; serverChanged: boolean }, void> {
    const key = this.serverKey(request);
    let serverChanged = false;
    if (this.server === null || this.server.key !== key) {
      const sets = ruleSetsFor(this.index, request.projectIndex, request.serverRules, request.dialect, undefined, profileOf(request));
      const result = yield* simulateStepwise(this.index, sets, null, repositoriesPerStep);
      this.server = { key, result };
      serverChanged = true;
    }
    const server = this.server.result;
    const draftSets = ruleSetsFor(this.index, request.projectIndex, request.draft, request.dialect, server.ruleSets, profileOf(request));
    // The last draft usually shares the most with this one (a keystroke changes one rule); on opening, or
    // after a reset to the server's rules, the server result does, and the draft then costs little more.
    const previous = this.lastDraft !== null && reusableRules(this.index, draftSets, this.lastDraft) >= reusableRules(this.index, draftSets, server) ? this.lastDraft : server;
    const reuse = keepsDraftPrivate ? this.spare : null;
    const draft = yield* simulateStepwise(this.index, draftSets, previous, repositoriesPerStep, reuse);
    if (reuse !== null && draft.tagVerdict === reuse.tagVerdict) this.spare = null;
    if (keepsDraftPrivate && this.lastDraftPrivate && this.lastDraft !== null) this.spare = this.lastDraft;
    this.lastDraft = draft;
    this.lastDraftPrivate = keepsDraftPrivate;
    return { draft, server, serverChanged };
  }

  run(request: SimulationRequest): RawOutput {
    const started = now();
    const previousDraft = this.lastDraft;
    const { draft, server, serverChanged } = finish(this.simulateBothStepwise(request, Infinity, true));
    const { sequence, arraysOf } = this.posted.next(previousDraft, draft);
    const diff = this.keptDiff.diff(server, draft, arraysOf);
    const findings = checkAgainstSnapshot(draft.ruleSets[request.projectIndex]!, draft, request.projectIndex);
    return {
      revision: request.revision,
      serverKey: request.serverKey,
      sequence,
      draftArraysOf: arraysOf,
      // Copied, not moved: the worker keeps this draft to re-simulate the next keystroke incrementally.
      // None at all when the receiver already holds the same verdicts.
      draft: arraysOf === sequence ? raw(draft, this.postingArrays) : withoutVerdictArrays(draft),
      server: serverChanged ? raw(server, FRESH_COPIES) : null,
      diff, // KeptDiff hands out lists the output may take along
      findings,
      millis: Math.round(now() - started),
    };
  }

  /** The last output of `run` was not delivered: the next one carries its verdict arrays whatever they are. */
  forgetPosted(): void {
    this.posted.forget();
  }

  /** The presets panel's numbers for a project (preset-view.ts), worked out once per project and dialect. */
  presets(request: PresetsRequest): PresetsView {
    const key = `${request.projectIndex}|${request.dialect}`;
    let view = this.presetsViews.get(key);
    if (view === undefined) {
      view = presetsView(projectTags(this.index, request.projectIndex), request.dialect);
      this.presetsViews.set(key, view);
    }
    return view;
  }

  /** A publish's effect on the snapshot: only the named project, with the server's and the desired rules. */
  effect(request: EffectRequest): EffectSummary | null {
    const effect = planEffect(this.index, request.project, request.remote, request.desired, request.dialect, profileOf(request));
    if (effect === null) return null;
    const { index } = this;
    const tagName = (t: number) => `${index.repositoryNames[index.artifactRepository[index.tagArtifact[t]!]!]}:${index.tagNames[t]}`;
    return {
      project: effect.project,
      ...effectCounts(effect),
      examples: { newlyImmutable: Array.from(effect.diff.newlyImmutableTags.subarray(0, 8), tagName), freed: Array.from(effect.diff.freedTags.subarray(0, 8), tagName) },
    };
  }
}

function hydrateResult(rawSim: RawSimulation, index: SnapshotIndex, ruleSets: readonly CompiledRuleSet[], arrays: DraftArrays = rawSim): SimulationResult {
  const ruleStats: RuleStats[][] = ruleSets.map((set, p) =>
    set.rules.map((rule, position) => ({
      rule,
      decidedTags: rawSim.ruleStats[p]?.[position]?.decidedTags ?? 0,
      stoppedTags: rawSim.ruleStats[p]?.[position]?.stoppedTags ?? 0,
    })),
  );
  return {
    index,
    ruleSets,
    tagVerdict: arrays.tagVerdict,
    artifactRetentionVerdict: arrays.artifactRetentionVerdict,
    artifactImmutableTags: arrays.artifactImmutableTags,
    totals: rawSim.totals,
    repositoryTotals: arrays.repositoryTotals,
    projectTotals: rawSim.projectTotals,
    ruleStats,
  };
}

/** Change markers from a diff: +1 became immutable/locked, -1 freed. */
function changeMarkers(diff: SimulationDiff, tags: number, artifacts: number): { tagChange: Int8Array; artifactChange: Int8Array } {
  const tagChange = new Int8Array(tags);
  const artifactChange = new Int8Array(artifacts);
  for (const t of diff.newlyImmutableTags) tagChange[t] = 1;
  for (const t of diff.freedTags) tagChange[t] = -1;
  for (const a of diff.newlyLockedDigests) artifactChange[a] = 1;
  for (const a of diff.freedDigests) artifactChange[a] = -1;
  return { tagChange, artifactChange };
}

/**
 * Change markers made when first read: at a million tags they are two new arrays of a byte per tag and
 * per artifact, and a walk over every change (half a million when "*" is typed), which the Rules screen,
 * where keystrokes come from, never reads.
 */
class ChangeMarkers {
  private made: { tagChange: Int8Array; artifactChange: Int8Array } | null = null;

  constructor(
    private readonly diff: SimulationDiff,
    private readonly tags: number,
    private readonly artifacts: number,
  ) {}

  get markers(): { tagChange: Int8Array; artifactChange: Int8Array } {
    return (this.made ??= changeMarkers(this.diff, this.tags, this.artifacts));
  }
}

/** Which markers each view reads (a view made from the same verdicts reads the same ones). */
const markersOfView = new WeakMap<SimulationView, ChangeMarkers>();

/** `view` with its change markers read from `markers` when first asked for. */
function withMarkers(view: Omit<SimulationView, 'tagChange' | 'artifactChange'>, markers: ChangeMarkers): SimulationView {
  const complete = Object.defineProperties(view, {
    tagChange: { get: () => markers.markers.tagChange, enumerable: true },
    artifactChange: { get: () => markers.markers.artifactChange, enumerable: true },
  }) as SimulationView;
  markersOfView.set(complete, markers);
  return complete;
}

/** What the page keeps between outputs of one worker, so unchanged parts are not rebuilt. */
export interface HydrateMemory {
  /** The draft verdict arrays of the last output that carried them. */
  received: ReceivedDrafts;
  /** The view made from the previous output: its change markers serve again when no verdict changed. */
  lastView: SimulationView | null;
}

/**
 * Rebuilds the main thread's view from a worker output. `previousServer` is reused when the output
 * carries no new server simulation; `memory` supplies the draft verdicts an output refers to instead of
 * carrying them (without it, such an output is refused).
 */
export function hydrate(
  output: RawOutput,
  index: SnapshotIndex,
  request: SimulationRequest,
  previousServer: SimulationResult | null,
  memory: HydrateMemory | null = null,
): SimulationView {
  // First: whatever fails below, arrays this output carries are kept for the outputs that refer to them.
  const arrays = draftArraysOf(output, memory);
  let server: SimulationResult;
  if (output.server !== null || previousServer === null) {
    if (output.server === null) throw new Error('the simulation lost the server rules result');
    server = hydrateResult(output.server, index, ruleSetsFor(index, request.projectIndex, request.serverRules, request.dialect, undefined, profileOf(request)));
  } else {
    server = previousServer;
  }
  const draft = hydrateResult(output.draft, index, ruleSetsFor(index, request.projectIndex, request.draft, request.dialect, server.ruleSets, profileOf(request)), arrays);
  const diff = output.diff;
  // The markers follow from the two results' verdicts alone: the same arrays on both sides, the same markers.
  const last = memory?.lastView ?? null;
  const sameMarkers = last !== null && last.server === server && last.draft.tagVerdict === arrays.tagVerdict && last.draft.artifactImmutableTags === arrays.artifactImmutableTags;
  const markers = (sameMarkers ? markersOfView.get(last) : undefined) ?? new ChangeMarkers(diff, index.counts.tags, index.counts.artifacts);
  return withMarkers(
    {
      snapshotId: request.snapshotId,
      revision: output.revision,
      projectIndex: request.projectIndex,
      draft,
      server,
      diff,
      findings: output.findings,
      millis: output.millis,
      serverKey: output.serverKey,
    },
    markers,
  );
}

function draftArraysOf(output: RawOutput, memory: HydrateMemory | null): DraftArrays {
  if (memory !== null) return memory.received.arraysFor(output.sequence, output.draftArraysOf, output.draft);
  if (output.draftArraysOf !== output.sequence) throw new Error('the simulation output refers to verdicts this page does not hold');
  return output.draft;
}

/** The main-thread path: engine results used directly, no copies. */
export function viewFromEngine(engine: SimulationEngine, request: SimulationRequest): SimulationView {
  return finish(viewFromEngineStepwise(engine, request, Infinity));
}

/** `viewFromEngine` pausing between repositories, for a main thread that must stay responsive. */
export function* viewFromEngineStepwise(engine: SimulationEngine, request: SimulationRequest, repositoriesPerStep: number): Generator<number, SimulationView, void> {
  const started = now();
  const { draft, server } = yield* engine.simulateBothStepwise(request, repositoriesPerStep);
  const diff = diffSimulations(server, draft);
  const findings = checkAgainstSnapshot(draft.ruleSets[request.projectIndex]!, draft, request.projectIndex);
  return withMarkers(
    {
      snapshotId: request.snapshotId,
      revision: request.revision,
      projectIndex: request.projectIndex,
      draft,
      server,
      diff,
      findings,
      millis: Math.round(now() - started),
      serverKey: request.serverKey,
    },
    new ChangeMarkers(diff, engine.index.counts.tags, engine.index.counts.artifacts),
  );
}

/** Runs steps to their end without pausing. */
function finish<T>(steps: Generator<unknown, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}
