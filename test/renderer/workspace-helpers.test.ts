import { describe, expect, it } from 'vitest';
import { registryAddress, targetMismatch } from '../../renderer/src/store/draft-scope.js';
import { DraftStore } from '../../renderer/src/store/draft-storage.js';
import { TaglockError } from '../../shared/errors.js';
import { labelRules, letters, relabelText } from '../../renderer/src/store/rule-labels.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { wireRule } from '../support/snapshots.js';

describe('registry addresses', () => {
  it('compare scheme, host and port, with default ports and trailing slashes folded away', () => {
    expect(registryAddress('https://Harbor.Example:443/')).toBe('https://harbor.example');
    expect(registryAddress('http://127.0.0.1:8080/harbor//')).toBe('http://127.0.0.1:8080/harbor');
    expect(registryAddress('https://harbor.example')).not.toBe(registryAddress('http://harbor.example'));
    expect(registryAddress('https://harbor.example:8443')).not.toBe(registryAddress('https://harbor.example'));
    expect(registryAddress('not a url ')).toBe('not a url');
  });

  it('tell a target of another registry, project or project id from the draft\'s own', () => {
    const scope = { registry: 'https://harbor.example', project: 'shop', projectId: 7 };
    expect(targetMismatch(scope, { url: 'https://HARBOR.example/', project: 'shop' })).toBeNull();
    expect(targetMismatch(scope, { url: 'https://harbor.example', project: 'shop', projectId: 7 })).toBeNull();
    expect(targetMismatch(scope, { url: 'https://other.example', project: 'shop' })).toBe(
      'the target is project shop on https://other.example, but the draft and the open snapshot are of project shop on https://harbor.example',
    );
    expect(targetMismatch(scope, { url: 'https://harbor.example', project: 'web' })).toContain('the target is project web');
    expect(targetMismatch(scope, { url: 'https://harbor.example', project: 'shop', projectId: 8 })).toContain('deleted and created again');
  });
});

describe('rule labels', () => {
  it('count letters like spreadsheet columns', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(letters)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('name server rules by id and the rest by letter from where the draft left off', () => {
    const rules = parseWireRules([wireRule(4, ['repoMatches', '**'], ['matches', 'v*']), wireRule(undefined, ['repoMatches', '**'], ['matches', 'rc'])]);
    expect(labelRules(rules, 2)).toEqual({ labels: ['#4', 'new C'], next: 3 });
  });

  it('translate the engine\'s positional names into the stable ones', () => {
    const labelAt = (i: number) => ['#4', 'new C', 'new A'][i]!;
    expect(relabelText('draft rule 3 is identical to rule 4: Harbor refuses the second copy', labelAt)).toBe('new A is identical to #4: Harbor refuses the second copy');
    expect(relabelText('it stops later rules (draft rule 2, rule 12)', labelAt)).toBe('it stops later rules (new C, #12)');
    expect(relabelText('rule #4 is not on the server', labelAt)).toBe('rule #4 is not on the server');
  });
});

describe('saved drafts', () => {
  it('are kept per scope, and an unreadable workspace starts empty', async () => {
    const scope = { registry: 'https://harbor.example', project: 'shop', projectId: 7 };
    const draft = { scope, savedAt: '2026-11-02T09:00:00.000Z', rules: [wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])], labels: ['#1'], nextLabel: 0 };
    const drafts = new DraftStore({ loadWorkspace: async () => ({ drafts: [draft], lastSnapshot: 'snap-1' }), saveWorkspace: async () => undefined });
    await drafts.load();
    expect(drafts.draftOf(scope)?.labels).toEqual(['#1']);
    expect(drafts.draftOf({ ...scope, projectId: 8 })).toBeNull();
    expect(drafts.lastSnapshot()).toBe('snap-1');
    const broken = new DraftStore({ loadWorkspace: async () => Promise.reject(new Error('gone')), saveWorkspace: async () => undefined });
    await broken.load();
    expect(broken.draftOf(scope)).toBeNull();
  });

  it('report a failed write, and never break editing', async () => {
    const statuses: string[] = [];
    const drafts = new DraftStore(
      { loadWorkspace: async () => ({ drafts: [], lastSnapshot: null }), saveWorkspace: async () => Promise.reject(new TaglockError('server', 'disk full')) },
      (status) => statuses.push(status.state === 'failed' ? `failed: ${status.error.message}` : status.state),
    );
    expect(() => drafts.setLastSnapshot('x')).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(statuses).toEqual(['saving', 'failed: disk full']);
    expect(drafts.lastSnapshot()).toBe('x');
  });
});

describe('the unload warning', () => {
  it('asks only while the draft has unpublished changes', async () => {
    const { startedHarness } = await import('./helpers.js');
    const { installUnloadWarning } = await import('../../renderer/src/unload-warning.js');
    const h = await startedHarness();
    let listener: ((event: BeforeUnloadEvent) => void) | null = null;
    const stop = installUnloadWarning({ addEventListener: (_type: string, fn: unknown) => void (listener = fn as typeof listener), removeEventListener: () => void (listener = null) } as never, h.store);
    const unload = () => {
      const event = { prevented: false, returnValue: undefined as unknown, preventDefault() { this.prevented = true; } };
      listener!(event as unknown as BeforeUnloadEvent);
      return event.prevented;
    };
    expect(unload()).toBe(false);
    h.state().rules.remove(0);
    expect(unload()).toBe(true);
    h.state().rules.undo();
    expect(unload()).toBe(false);
    stop();
    expect(listener).toBeNull();
  });
});
