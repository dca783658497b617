// The publish engine's core promise, as a model-based property: for generated old and desired rule sets,
// a fault at every write (refused before it is made, or its answer lost after it is made) and a stop
// after every step, every state the Harbor-faithful server passes through protects at least the tags
// that both the old and the desired rules protect; and a second apply always converges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../shared/demo/random.js';
import { createDecider } from '../../../../shared/engine/decide.js';
import { compileRuleSet } from '../../../../shared/engine/rule-set.js';
import type { ImmutableRule } from '../../../../shared/rules/model.js';
import { planRules } from '../../../../shared/publish/plan.js';
import { parseWireRules } from '../../../../shared/rules/wire.js';
import type { WireRule } from '../../../../shared/rules/wire.js';
import { applyPlan } from '../../../../electron/services/publish/apply-plan.js';
import type { HarborServer } from '../../../support/harbor-server/index.js';
import { harborClient, startShop } from '../../../support/harbor-fixture.js';
import { wireRule } from '../../../support/snapshots.js';
import { closeCheckedServer } from '../../../support/checked-server.js';

const CASES = Number(process.env.MODEL_CASES ?? 200);
const REPOSITORIES = ['app', 'team/web', 'team/sub/api', 'payments/api'];
const TAGS = ['v1.0.0', 'v2', 'release-1', 'latest', 'rc', 'x1', 'nightly-1'];
const REPOSITORY_PATTERNS = ['**', 'app', 'team/*', 'team/**', 'payments/**', '*'];
const TAG_PATTERNS = ['v*', 'release-*', 'latest', '*1', '**', '{rc,latest}', 'x*', 'nightly-*'];

/** The (repository, tag) pairs a rule list makes immutable, as Harbor judges a push or delete. */
function protectedBy(rules: readonly ImmutableRule[]): Set<string> {
  const decide = createDecider(compileRuleSet(rules, 'v1.3.4'));
  const out = new Set<string>();
  for (const repository of REPOSITORIES) for (const tag of TAGS) if (decide(repository, [tag]).immutable) out.add(`${repository}:${tag}`);
  return out;
}

function randomRule(random: SeededRandom, id: number | undefined): WireRule {
  return wireRule(
    id,
    [random.chance(0.8) ? 'repoMatches' : 'repoExcludes', random.pick(REPOSITORY_PATTERNS)],
    [random.chance(0.75) ? 'matches' : 'excludes', random.pick(TAG_PATTERNS)],
    random.chance(0.2),
  );
}

const contentOf = (rule: WireRule) => JSON.stringify([rule.scope_selectors, rule.tag_selectors]);

function uniqueRules(rules: WireRule[]): WireRule[] {
  const seen = new Set<string>();
  return rules.filter((rule) => !seen.has(contentOf(rule)) && seen.add(contentOf(rule)));
}

/** Old rules on the server, and a desired list that edits, toggles, deletes, duplicates and adds. */
function generateCase(seed: number, oldIds: (count: number, rules: WireRule[]) => number[]): { old: ImmutableRule[]; desired: ImmutableRule[] } {
  const random = new SeededRandom(seed);
  const oldWire = uniqueRules(Array.from({ length: 1 + random.int(5) }, () => randomRule(random, undefined)));
  const ids = oldIds(oldWire.length, oldWire);
  const old = parseWireRules(oldWire.map((rule, i) => ({ ...rule, id: ids[i]! })));
  const desiredWire: WireRule[] = [];
  for (const rule of old) {
    const wire = { ...oldWire[old.indexOf(rule)]!, id: rule.id! };
    const roll = random.next();
    if (roll < 0.2) continue; // deleted
    if (roll < 0.45) {
      const edited = randomRule(random, rule.id!);
      if (random.chance(0.4)) desiredWire.push({ ...wire, id: undefined as unknown as number }); // "Duplicate, then edit the original"
      desiredWire.push(edited);
    } else if (roll < 0.6) desiredWire.push({ ...wire, disabled: !wire.disabled });
    else desiredWire.push(wire);
  }
  for (let n = random.int(3); n > 0; n--) desiredWire.push(randomRule(random, undefined));
  const desired = parseWireRules(uniqueRules(desiredWire).map((rule) => (rule.id === undefined ? (({ id: _id, ...rest }) => rest)(rule) : rule)));
  return { old, desired };
}

type Fault = { kind: 'none' } | { kind: 'refuse' | 'lose-answer'; write: number } | { kind: 'stop-after'; step: number };

let server: HarborServer;
beforeAll(async () => {
  server = await startShop({ validate: true });
});
afterAll(async () => {
  await closeCheckedServer(server);
});

/** Runs one apply under a fault; returns every rule list the server held after each write, and the write count. */
async function applyUnder(desired: ImmutableRule[], fault: Fault): Promise<{ states: ImmutableRule[][]; writes: number }> {
  const states: ImmutableRule[][] = [];
  let writes = 0;
  const stopObserving = server.observe((entry) => {
    if (entry.method === 'GET') return;
    writes++;
    states.push(parseWireRules(server.state.rulesOf('shop')));
  });
  server.faults.clear();
  if (fault.kind === 'refuse' || fault.kind === 'lose-answer') {
    let seen = 0;
    server.faults.add({
      kind: fault.kind === 'refuse' ? 'status' : 'reset',
      status: 500,
      when: fault.kind === 'refuse' ? 'before' : 'after',
      match: (request) => request.method !== 'GET' && seen++ === fault.write,
      times: Infinity,
    });
  }
  const client = harborClient(server.url, undefined, { retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
  const stop = new AbortController();
  try {
    const plan = planRules(desired, await client.listRules('shop'));
    await applyPlan(client, 'shop', desired, plan, {
      stop: stop.signal,
      onStep: (_result, index) => {
        if (fault.kind === 'stop-after' && index === fault.step) stop.abort();
      },
    });
  } finally {
    stopObserving();
    server.faults.clear();
    await client.http.close();
  }
  return { states, writes };
}

function gaps(states: ImmutableRule[][], required: Set<string>): string[] {
  const found: string[] = [];
  states.forEach((state, i) => {
    const now = protectedBy(state);
    for (const key of required) if (!now.has(key)) found.push(`after write ${i + 1}: ${key} unprotected`);
  });
  return found;
}

describe('publishing never lets protection lapse (model-based, every fault and stop point)', () => {
  it(`holds for ${CASES} generated cases`, async () => {
    let runs = 0;
    let faultsInjected = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const setOld = (_count: number, rules: WireRule[]) => server.state.setRules('shop', rules);
      const { old, desired } = generateCase(seed, setOld);
      const required = new Set([...protectedBy(old)].filter((key) => protectedBy(desired).has(key)));
      const reset = () => server.state.setRules('shop', old.map((rule, i) => ({ ...toWire(rule), id: old[i]!.id! })));

      const clean = await applyUnder(desired, { kind: 'none' });
      const label = `seed ${seed}`;
      expect(gaps(clean.states, required), label).toEqual([]);
      expect(protectedBy(parseWireRules(server.state.rulesOf('shop'))), label).toEqual(protectedBy(desired));
      runs++;

      const faults: Fault[] = [];
      for (let write = 0; write < clean.writes; write++) faults.push({ kind: 'refuse', write }, { kind: 'lose-answer', write });
      for (let step = 0; step < clean.writes; step++) faults.push({ kind: 'stop-after', step });
      for (const fault of faults) {
        reset();
        const faulted = await applyUnder(desired, fault);
        const again = await applyUnder(desired, { kind: 'none' });
        const where = `${label}, ${JSON.stringify(fault)}`;
        expect(gaps([...faulted.states, ...again.states], required), where).toEqual([]);
        // The second apply converges to exactly the desired rules.
        expect(planRules(desired, parseWireRules(server.state.rulesOf('shop'))).steps, where).toEqual([]);
        runs += 2;
        faultsInjected++;
      }
      reset();
    }
    expect(faultsInjected).toBeGreaterThan(CASES * 3);
    console.info(`protection model: ${CASES} cases, ${faultsInjected} fault and stop points, ${runs} applies`);
  });
});

function toWire(rule: ImmutableRule): WireRule {
  return wireRule(
    undefined,
    [rule.repositorySelectors[0]!.decoration, rule.repositorySelectors[0]!.pattern],
    [rule.tagSelectors[0]!.decoration, rule.tagSelectors[0]!.pattern],
    rule.disabled,
  );
}
