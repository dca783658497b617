// Reading a retention policy as GET /api/v2.0/retentions/{id} returns it (swagger RetentionPolicy,
// test/fixtures/harbor/swagger-v2.15.2.yaml): tolerant of what the server leaves out, precise about what
// cannot be Harbor's shape. Also the snapshot's optional `retention` field.
import { describe, expect, it } from 'vitest';
import { parseRetentionPolicy, RetentionPolicyFormatError } from '../../../shared/retention/policy.js';
import { compileRetentionPolicy } from '../../../shared/retention/compile.js';
import { TaglockError } from '../../../shared/errors.js';
import { validateSnapshot } from '../../../shared/snapshot/validate.js';
import { buildSnapshotIndex, toSnapshot } from '../../../shared/snapshot/snapshot-index.js';
import { referenceOutcome, streamedOutcome } from '../../support/snapshot-bytes.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { art, snapshot } from './helpers.js';

/** What Harbor answers for a policy made in its web UI (zero values left out by the server). */
const FROM_HARBOR = {
  algorithm: 'or',
  id: 3,
  rules: [
    {
      action: 'retain',
      params: { latestPushedK: 10 },
      scope_selectors: { repository: [{ decoration: 'repoMatches', kind: 'doublestar', pattern: '**' }] },
      tag_selectors: [{ decoration: 'matches', extras: '{"untagged":true}', kind: 'doublestar', pattern: '**' }],
      template: 'latestPushedK',
    },
    {
      action: 'retain',
      disabled: true,
      params: { nDaysSinceLastPull: 30 },
      scope_selectors: { repository: [{ decoration: 'repoExcludes', kind: 'doublestar', pattern: 'tools/**' }] },
      tag_selectors: [{ decoration: 'excludes', extras: '{"untagged":false}', kind: 'doublestar', pattern: '{latest,dev}' }],
      template: 'nDaysSinceLastPull',
    },
  ],
  scope: { level: 'project', ref: 12 },
  trigger: { kind: 'Schedule', references: {}, settings: { cron: '0 0 0 * * *', next_scheduled_time: '2026-11-02T00:00:00Z' } },
};

function failure(value: unknown): RetentionPolicyFormatError {
  try {
    parseRetentionPolicy(value);
  } catch (error) {
    if (error instanceof RetentionPolicyFormatError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('parseRetentionPolicy', () => {
  it('reads what Harbor answers, field for field, adding nothing', () => {
    expect(parseRetentionPolicy(FROM_HARBOR)).toEqual(FROM_HARBOR);
  });

  it('null and missing fields are absent, unknown fields are ignored', () => {
    expect(parseRetentionPolicy({ algorithm: 'or', rules: null, trigger: null, extra: 1, scope: { level: 'project', ref: null } })).toEqual({ algorithm: 'or', scope: { level: 'project' } });
    expect(parseRetentionPolicy({ rules: [{ template: 'always', disabled: null, tag_selectors: null, params: null }] })).toEqual({ rules: [{ template: 'always' }] });
  });

  it('names the bad field in bad-input errors', () => {
    expect(failure([]).message).toBe('policy: expected a retention policy object, got a list');
    expect(failure({ rules: {} }).message).toBe('policy.rules: expected a list of rules, got an object');
    expect(failure({ rules: [{ disabled: 'yes' }] }).message).toBe('policy.rules[0].disabled: expected true or false, got the string "yes"');
    expect(failure({ rules: [{}, { tag_selectors: [{ pattern: 5 }] }] }).message).toBe('policy.rules[1].tag_selectors[0].pattern: expected a string, got number 5');
    expect(failure({ rules: [{ scope_selectors: { repository: 'x' } }] }).message).toBe('policy.rules[0].scope_selectors.repository: expected a list of selectors, got the string "x"');
    expect(failure({ scope: { ref: 1.5 } }).message).toBe('policy.scope.ref: expected a whole number, got number 1.5');
    expect(failure({ rules: [{ params: [] }] }).message).toBe('policy.rules[0].params: expected an object, got a list');
    const error = failure({ id: 'x' });
    expect(error).toBeInstanceOf(TaglockError);
    expect(error.code).toBe('bad-input');
  });

  it('compiles Harbor zero values: no disabled is enabled, no action fails the job', () => {
    const compiled = compileRetentionPolicy(parseRetentionPolicy(FROM_HARBOR), 'v1.3.4');
    expect(compiled.rules.map((r) => [r.label, r.disabled, r.parameter, r.buildError])).toEqual([
      ['retention rule 1', false, 10, null],
      ['retention rule 2', true, 30, null],
    ]);
    expect(compiled.rules[0]!.summary).toBe('latestPushedK 10, repositories repoMatches "**", tags matches "**" (untagged too)');
    expect(compiled.rules[1]!.summary).toBe('nDaysSinceLastPull 30, repositories repoExcludes "tools/**", tags excludes "{latest,dev}"');
    const noAction = compileRetentionPolicy(parseRetentionPolicy({ algorithm: 'or', scope: { level: 'project' }, rules: [{ template: 'always', tag_selectors: [] }] }), 'v1.3.4');
    expect(noAction.rules[0]!.buildError).toBe('retention rule 1: get action performer by metadata: empty action');
  });

  it('notes what Harbor refuses on save: more than 15 rules', () => {
    const sixteen = { ...FROM_HARBOR, rules: Array.from({ length: 16 }, () => FROM_HARBOR.rules[0]) };
    expect(compileRetentionPolicy(parseRetentionPolicy(sixteen), 'v1.3.4').notes.join()).toContain("Harbor's API refuses more than 15");
  });
});

describe("the snapshot's retention field", () => {
  const base = () => JSON.parse(JSON.stringify(snapshot({ app: [art(['v1'])] }))) as Record<string, any>;

  it('absent stays absent (not read), null is "no policy", an object is read as a policy', () => {
    expect('retention' in validateSnapshot(base()).projects[0]!).toBe(false);
    const none = base();
    none.projects[0].retention = null;
    expect(validateSnapshot(none).projects[0]!.retention).toBeNull();
    const some = base();
    some.projects[0].retention = FROM_HARBOR;
    const read = validateSnapshot(some);
    expect(read.projects[0]!.retention).toEqual(FROM_HARBOR);
    // Kept through the compact form and back, so a saved snapshot does not lose it.
    expect(toSnapshot(buildSnapshotIndex(read)).projects[0]!.retention).toEqual(FROM_HARBOR);
  });

  it('a malformed policy in a snapshot names its path', () => {
    const bad = base();
    bad.projects[0].retention = { rules: [{ template: 7 }] };
    expect(() => validateSnapshot(bad)).toThrow('projects[0].retention.rules[0].template: expected a string, got number 7');
  });

  it('the streaming snapshot reader reads it as the reference reader does, errors included', () => {
    const some = base();
    some.projects[0].retention = FROM_HARBOR;
    const bytes = Buffer.from(JSON.stringify(some, null, 1));
    const streamed = streamedOutcome(bytes, 5) as SnapshotIndex;
    expect(streamed.projects[0]!.retention).toEqual(FROM_HARBOR);
    expect(streamed).toEqual(referenceOutcome(bytes));
    const bad = base();
    bad.projects[0].retention = { scope: { ref: 'x' } };
    const badBytes = Buffer.from(JSON.stringify(bad));
    expect(streamedOutcome(badBytes, 7)).toBe('projects[0].retention.scope.ref: expected a whole number, got the string "x"');
    expect(referenceOutcome(badBytes)).toBe(streamedOutcome(badBytes, 7));
  });
});
