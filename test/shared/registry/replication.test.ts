// Which replication policies copy into or out of a project, read as Harbor runs them (docs/harbor-mirrors.md).
import { describe, expect, it } from 'vitest';
import type { ReplicationPolicyInput } from '../../../shared/registry/replication.js';
import { nameFilterReachesProject, replicationsOfProject, tagFilterSelects } from '../../../shared/registry/replication.js';

const LOCAL = { id: 0, name: 'Local', url: 'http://core:8080', type: 'harbor' };
const HUB = { id: 1, name: 'docker-hub', url: 'https://hub.docker.com', type: 'docker-hub' };

function policy(extra: Partial<ReplicationPolicyInput>): ReplicationPolicyInput {
  return { id: 1, name: 'p', enabled: true, source: HUB, destination: LOCAL, destNamespace: '', nameFilter: null, tagFilter: null, trigger: 'manual', ...extra };
}

const roles = (policies: ReplicationPolicyInput[], project: string) =>
  replicationsOfProject(policies, project, 'v1.3.4').map((r) => `${r.name}:${r.role}:${r.via}:${r.remote?.name}`);

describe('replicationsOfProject', () => {
  it('a pull policy with a destination namespace writes into the project named by its first component only', () => {
    const policies = [policy({ name: 'ns', destNamespace: 'mirror', nameFilter: 'library/**' }), policy({ name: 'deep', destNamespace: 'mirror/hub' })];
    expect(roles(policies, 'mirror')).toEqual(['ns:destination:namespace:docker-hub', 'deep:destination:namespace:docker-hub']);
    // The name filter then says what is copied, not where it lands.
    expect(roles(policies, 'library')).toEqual([]);
  });

  it('a pull policy without a namespace keeps the source names: the name filter names the project', () => {
    const policies = [
      policy({ name: 'nginx', nameFilter: 'library/nginx' }),
      policy({ name: 'braces', nameFilter: '{library,tools}/*' }),
      policy({ name: 'star', nameFilter: 'lib*/**' }),
      policy({ name: 'deep', nameFilter: '**/nginx' }),
      policy({ name: 'flat', nameFilter: 'nginx' }),
      policy({ name: 'all' }),
    ];
    expect(roles(policies, 'library')).toEqual([
      'nginx:destination:name-filter:docker-hub',
      'braces:destination:name-filter:docker-hub',
      'star:destination:name-filter:docker-hub',
      'deep:destination:name-filter:docker-hub',
      'all:destination:unfiltered:docker-hub',
    ]);
    expect(roles(policies, 'tools')).toEqual(['braces:destination:name-filter:docker-hub', 'deep:destination:name-filter:docker-hub', 'all:destination:unfiltered:docker-hub']);
  });

  it('a push policy reads the projects its name filter reaches, every project without one', () => {
    const push = (extra: Partial<ReplicationPolicyInput>) => policy({ source: LOCAL, destination: { ...HUB, id: 2, name: 'backup' }, ...extra });
    const policies = [push({ name: 'shop', nameFilter: 'shop/**', destNamespace: 'ignored' }), push({ name: 'everything' })];
    expect(roles(policies, 'shop')).toEqual(['shop:source:name-filter:backup', 'everything:source:unfiltered:backup']);
    expect(roles(policies, 'other')).toEqual(['everything:source:unfiltered:backup']);
  });

  it('keeps the enabled flag and the filters, and skips a policy with no local end', () => {
    const [found] = replicationsOfProject([policy({ enabled: false, nameFilter: 'x/*', tagFilter: { pattern: 'v*', decoration: 'excludes' } })], 'x', 'v1.3.4');
    expect(found).toMatchObject({ enabled: false, nameFilter: 'x/*', tagFilter: { pattern: 'v*', decoration: 'excludes' }, trigger: 'manual' });
    expect(replicationsOfProject([policy({ destination: HUB })], 'x', 'v1.3.4')).toEqual([]);
  });

  it('reads name filters with the doublestar dialect of the Harbor', () => {
    expect(nameFilterReachesProject('[a-c]*/app', 'base', 'v1.3.4')).toBe(true);
    expect(nameFilterReachesProject('[a-c]*/app', 'dev', 'v1.3.4')).toBe(false);
  });
});

describe('tagFilterSelects', () => {
  it('matches or excludes with the glob; no filter or an empty pattern matches every tag; a broken one copies nothing', () => {
    expect(tagFilterSelects(null, 'latest', 'v1.3.4')).toBe(true);
    expect(tagFilterSelects({ pattern: 'v*', decoration: 'matches' }, 'v1', 'v1.3.4')).toBe(true);
    expect(tagFilterSelects({ pattern: 'v*', decoration: 'matches' }, 'latest', 'v1.3.4')).toBe(false);
    expect(tagFilterSelects({ pattern: 'v*', decoration: 'excludes' }, 'latest', 'v1.3.4')).toBe(true);
    expect(tagFilterSelects({ pattern: '', decoration: 'matches' }, 'latest', 'v1.3.4')).toBe(true);
    expect(tagFilterSelects({ pattern: '', decoration: 'excludes' }, 'latest', 'v1.3.4')).toBe(false);
    expect(tagFilterSelects({ pattern: '*[', decoration: 'excludes' }, 'latest', 'v1.3.4')).toBe(false);
  });
});
