// Each retention template on the cases of Harbor's own evaluator tests (v2.15.2,
// src/pkg/retention/policy/rule/<template>/evaluator_test.go, file:line at each case), run through the
// whole forecast: candidates from a snapshot, the template, and what the job then deletes.
// docs/harbor-retention.md §2, §3.
import { describe, expect, it } from 'vitest';
import { parameterValidationProblem, readParameter, retentionTemplate } from '../../../shared/retention/templates.js';
import type { RetentionTemplate } from '../../../shared/retention/templates.js';
import { GO_ZERO_TIME_SECONDS } from '../../../shared/retention/go-time.js';
import { runOracleSortSlice } from '../../support/go-oracle.js';
import { RUN_AT, ago, art, forecast, oracleOrSkip, policy, rule, snapshot, withOutcome } from './helpers.js';

const template = (id: string): RetentionTemplate => retentionTemplate(id)!;

/** One repository of untagged-free artifacts named a0, a1, … with the given times (Unix seconds). */
function repository(times: { pushed?: number; pulled?: number | null }[]) {
  return snapshot({ app: times.map((t, i) => art([`a${i}`], { pushed: t.pushed ?? 0, pulled: t.pulled ?? null })) });
}

const keys = (...indexes: number[]) => indexes.map((i) => `a${i}`).sort();

describe('latestPushedK', () => {
  // latestps/evaluator_test.go:42-56: pushed 0..4 (Harbor shuffles them), k -> how many are kept.
  const snap = repository([3, 0, 4, 1, 2].map((pushed) => ({ pushed })));
  for (const [k, kept] of [
    [0, []],
    [1, [4]],
    [3, [4, 3, 2]],
    [5, [4, 3, 2, 1, 0]],
    [6, [4, 3, 2, 1, 0]],
  ] as const) {
    it(`k=${k} keeps the ${kept.length} most recently pushed (latestps/evaluator_test.go:51-55)`, () => {
      const result = forecast(snap, policy(rule('latestPushedK', k)));
      const pushedOf = [3, 0, 4, 1, 2];
      expect(withOutcome(result, 'retained')).toEqual(keys(...kept.map((p) => pushedOf.indexOf(p))));
      expect(result.totals.deleted).toBe(5 - kept.length);
    });
  }

  it('reads its parameter as the job does (latestps/evaluator_test.go:26-29): valid, negative, missing, wrong type', () => {
    expect(readParameter(template('latestPushedK'), { latestPushedK: 5 })).toEqual({ ok: true, value: 5, usedDefault: false });
    expect(readParameter(template('latestPushedK'), { latestPushedK: -1 })).toEqual({ ok: true, value: 10, usedDefault: true });
    expect(readParameter(template('latestPushedK'), { latestPushedK: 'foo' })).toEqual({ ok: true, value: 10, usedDefault: true });
    // A missing key never reaches New: index.Get refuses the rule first, so the job fails.
    expect(readParameter(template('latestPushedK'), {})).toEqual({ ok: false, error: 'missing required parameter latestPushedK for rule latestPushedK' });
    expect(readParameter(template('latestPushedK'), { latestPushedK: 2.9 })).toEqual({ ok: true, value: 2, usedDefault: false });
  });

  it('is validated on save like the server (latestps/evaluator_test.go:76-78)', () => {
    expect(parameterValidationProblem(template('latestPushedK'), { latestPushedK: 5 })).toBeNull();
    expect(parameterValidationProblem(template('latestPushedK'), { latestPushedK: -1 })).toBe('latestPushedK is less than zero');
    expect(parameterValidationProblem(template('latestPushedK'), { latestPushedK: 40000 })).toBe('latestPushedK is too large');
    expect(parameterValidationProblem(template('latestPushedK'), { latestPushedK: 32766 })).toBeNull();
    expect(parameterValidationProblem(template('latestPushedK'), { latestPushedK: 32767 })).toBe('latestPushedK is too large');
  });

  it('a wrong parameter keeps 10, the default, and the forecast says so', () => {
    const snap12 = repository(Array.from({ length: 12 }, (_, i) => ({ pushed: 1000 + i })));
    const result = forecast(snap12, policy(rule('latestPushedK', 'five')));
    expect(result.totals.retained).toBe(10);
    expect(result.notes.join('\n')).toContain('default 10');
  });

  it('the newest push of an artifact or any of its tags counts (dep/client.go:123-133)', () => {
    const snap2 = snapshot({
      app: [art(['old'], { pushed: 100, tagTimes: { old: { pushed: 500 } } }), art(['new'], { pushed: 300 })],
    });
    // The tag pushed at 500 (a tag moved onto the older artifact) makes it the newest.
    expect(withOutcome(forecast(snap2, policy(rule('latestPushedK', 1))), 'retained')).toEqual(['old']);
  });
});

describe('latestPulledN', () => {
  // latestpl/evaluator_test.go:56-70: pulled 0..4.
  const snap = repository([2, 4, 0, 3, 1].map((pulled) => ({ pulled })));
  const pulledOf = [2, 4, 0, 3, 1];
  for (const [n, kept] of [
    [0, []],
    [1, [4]],
    [3, [4, 3, 2]],
    [5, [4, 3, 2, 1, 0]],
    [6, [4, 3, 2, 1, 0]],
  ] as const) {
    it(`n=${n} keeps the most recently pulled (latestpl/evaluator_test.go:66-70)`, () => {
      expect(withOutcome(forecast(snap, policy(rule('latestPulledN', n))), 'retained')).toEqual(keys(...kept.map((p) => pulledOf.indexOf(p))));
    });
  }

  it('never pulled sorts last, as Go zero time (-62135596800 s)', () => {
    const snap2 = repository([{ pushed: 10, pulled: null }, { pushed: 1, pulled: 5 }, { pushed: 5, pulled: null }]);
    expect(withOutcome(forecast(snap2, policy(rule('latestPulledN', 1))), 'retained')).toEqual(['a1']);
    expect(GO_ZERO_TIME_SECONDS).toBe(Date.parse('0001-01-01T00:00:00Z') / 1000);
  });

  it('ties among never-pulled artifacts fall as Go sort.Slice leaves them (checked against Go)', async (ctx) => {
    const bin = await oracleOrSkip(ctx);
    // 40 artifacts, 30 never pulled, listed newest push first; a few pulled at equal times too.
    const times = Array.from({ length: 40 }, (_, i) => ({ pushed: 10_000 - i, pulled: i % 4 === 0 ? 5000 + (i % 8) : null }));
    const snap = repository(times);
    const listed = times.map((t) => t.pulled ?? GO_ZERO_TIME_SECONDS);
    const [goOrder] = await runOracleSortSlice(bin, [listed]);
    for (const n of [3, 12, 13, 20, 33]) {
      const kept = withOutcome(forecast(snap, policy(rule('latestPulledN', n))), 'retained');
      expect(kept, `n=${n}`).toEqual(keys(...goOrder!.slice(0, n)));
    }
    // The ties did matter: Go's first 20 are not the 20 newest pushes among the tied ones.
    expect(keys(...goOrder!.slice(0, 20))).not.toEqual(keys(...[0, 4, 8, 12, 16, 20, 24, 28, 32, 36], ...times.flatMap((t, i) => (t.pulled === null ? [i] : [])).slice(0, 10)));
  });
});

describe('latestActiveK', () => {
  // latestk/evaluator_test.go:36-44 (pulled, pushed) and :53-58 (k -> least active time kept).
  const pairs = [
    [1, 2],
    [3, 4],
    [6, 5],
    [8, 7],
    [9, 9],
    [10, 10],
    [0, 11],
  ] as const;
  const snap = repository(pairs.map(([pulled, pushed]) => ({ pulled, pushed })));
  const active = pairs.map(([pulled, pushed]) => Math.max(pulled, pushed));
  for (const [k, least] of [
    [0, Infinity],
    [1, 11],
    [2, 10],
    [5, 6],
    [6, 3],
    [99, 0],
  ] as const) {
    it(`k=${k} keeps the most recently pushed or pulled (latestk/evaluator_test.go:53-58)`, () => {
      const kept = withOutcome(forecast(snap, policy(rule('latestActiveK', k))), 'retained');
      expect(kept).toEqual(keys(...active.flatMap((t, i) => (t >= least ? [i] : []))));
      expect(kept).toHaveLength(Math.min(k, pairs.length));
    });
  }

  it('reads its parameter as the job does (latestk/evaluator_test.go:82-86) and has no save-time check', () => {
    expect(readParameter(template('latestActiveK'), { latestActiveK: 5 })).toMatchObject({ value: 5, usedDefault: false });
    expect(readParameter(template('latestActiveK'), { latestActiveK: -5 })).toMatchObject({ value: 10, usedDefault: true });
    expect(readParameter(template('latestActiveK'), { latestActiveK: '5' })).toMatchObject({ value: 10, usedDefault: true });
    expect(readParameter(template('latestActiveK'), { n: 5 })).toMatchObject({ ok: false });
    expect(parameterValidationProblem(template('latestActiveK'), { latestActiveK: 99999 })).toBeNull();
  });
});

describe('nDaysSinceLastPush and nDaysSinceLastPull', () => {
  // daysps|dayspl/evaluator_test.go:57-82: times n days ago plus an hour, and n -> how many are kept.
  const daysAgo = [1, 2, 3, 4, 5, 10, 20, 30];
  const cases = [
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 3],
    [4, 4],
    [5, 5],
    [15, 6],
    [90, 8],
  ] as const;
  for (const [id, field] of [
    ['nDaysSinceLastPush', 'pushed'],
    ['nDaysSinceLastPull', 'pulled'],
  ] as const) {
    const snap = repository(daysAgo.map((d) => ({ [field]: ago(d, -3600) })));
    for (const [n, expected] of cases) {
      it(`${id} n=${n} keeps ${expected} (${id === 'nDaysSinceLastPush' ? 'daysps' : 'dayspl'}/evaluator_test.go:74-81)`, () => {
        const kept = withOutcome(forecast(snap, policy(rule(id, n))), 'retained');
        expect(kept).toEqual(keys(...daysAgo.flatMap((d, i) => (i < expected ? [i] : []))));
      });
    }
  }

  it('the cut-off is inclusive to the second: exactly n days before "run at" is kept, one second more is not', () => {
    const snap = repository([{ pushed: ago(7) }, { pushed: ago(7, 1) }]);
    expect(withOutcome(forecast(snap, policy(rule('nDaysSinceLastPush', 7))), 'retained')).toEqual(['a0']);
  });

  it('never pulled is never kept by nDaysSinceLastPull, however many days', () => {
    const snap = repository([{ pushed: ago(0), pulled: null }]);
    expect(withOutcome(forecast(snap, policy(rule('nDaysSinceLastPull', 20190904))), 'retained')).toEqual([]);
  });

  it("beyond 106,751 days Go's duration wraps: the cut-off jumps into the future and nothing is kept", () => {
    const snap = repository([{ pushed: ago(0) }, { pushed: Date.UTC(2000, 0, 1) / 1000 }]);
    expect(withOutcome(forecast(snap, policy(rule('nDaysSinceLastPush', 106751))), 'retained')).toEqual(['a0', 'a1']);
    expect(withOutcome(forecast(snap, policy(rule('nDaysSinceLastPush', 106752))), 'retained')).toEqual([]);
  });

  it('"run at" moves the cut-off', () => {
    const snap = repository([{ pushed: ago(10) }]);
    expect(forecast(snap, policy(rule('nDaysSinceLastPush', 30))).totals.retained).toBe(1);
    expect(forecast(snap, policy(rule('nDaysSinceLastPush', 30)), { runAt: RUN_AT + 25 * 86_400_000 }).totals.retained).toBe(0);
  });

  it('is validated on save like the server (daysps/evaluator_test.go:106-108)', () => {
    expect(parameterValidationProblem(template('nDaysSinceLastPush'), { nDaysSinceLastPush: 5 })).toBeNull();
    expect(parameterValidationProblem(template('nDaysSinceLastPush'), { nDaysSinceLastPush: -1 })).toBe('nDaysSinceLastPush is less than zero');
    expect(parameterValidationProblem(template('nDaysSinceLastPull'), { nDaysSinceLastPull: 21000000 })).toBe('nDaysSinceLastPull is too large');
    expect(readParameter(template('nDaysSinceLastPull'), { nDaysSinceLastPull: 'foo' })).toMatchObject({ value: 30, usedDefault: true });
  });
});

describe('lastXDays', () => {
  // lastx/evaluator_test.go:42-63: pushed exactly 1..5 and 99 days before now; the cut-off is exclusive.
  const snap = repository([1, 2, 3, 4, 5, 99].map((d) => ({ pushed: ago(d) })));
  for (const [days, expected] of [
    [0, 0],
    [1, 0],
    [2, 1],
    [3, 2],
    [4, 3],
    [5, 4],
    [6, 5],
    [7, 5],
  ] as const) {
    it(`${days} days keeps ${expected} (lastx/evaluator_test.go:55-62)`, () => {
      expect(forecast(snap, policy(rule('lastXDays', days))).totals.retained).toBe(expected);
    });
  }
});

describe('always', () => {
  it('keeps every candidate its selectors select (always/evaluator_test.go:38-46)', () => {
    const snap = repository([{ pushed: 0 }, { pushed: 1 }, { pushed: 2 }, { pushed: 3 }]);
    expect(forecast(snap, policy(rule('always', undefined))).totals.retained).toBe(4);
  });

  it('is the only template without a parameter; an unregistered template (nothing) fails the job', () => {
    expect(readParameter(template('always'), undefined)).toEqual({ ok: true, value: 0, usedDefault: false });
    const result = forecast(repository([{ pushed: 1 }]), policy(rule('nothing', undefined)));
    expect(result.repositories[0]!.status).toBe('fails');
    expect(result.repositories[0]!.error).toContain('rule evaluator nothing is not registered');
    expect(result.totals.untouched).toBe(1);
  });
});
