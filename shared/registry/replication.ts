// Runs anywhere (pure).
/**
 * Which Harbor replication policies copy into or out of a project, read the way Harbor runs them
 * (facts and sources in docs/harbor-mirrors.md):
 * - one end of every policy is this Harbor, written as registry id 0; the other end is the remote;
 * - a pull policy (remote source) writes `dest_namespace/<last component>` when a destination namespace is
 *   set (whatever `dest_namespace_replace_count` says, the project is the namespace's first component),
 *   and keeps the source's repository name otherwise, so the name filter's first component is the project;
 * - a push policy (this Harbor as the source) reads the projects its name filter's first component
 *   matches, every project without a name filter;
 * - filters match with the same doublestar library as immutability rules; an empty pattern matches
 *   everything; a tag filter `excludes` keeps the tags it does not match.
 */
import type { Dialect } from '../glob/dialect.js';
import { compileGlob } from '../glob/index.js';
import { expandBraces } from '../lint/braces.js';
import type { SnapshotRemoteRegistry, SnapshotReplication } from '../snapshot/schema.js';

/** A replication policy as Harbor lists it, reduced to what decides where it copies. */
export interface ReplicationPolicyInput {
  id: number;
  name: string;
  enabled: boolean;
  /** Where the policy reads; id 0 is this Harbor. */
  source: SnapshotRemoteRegistry | null;
  /** Where the policy writes; id 0 is this Harbor. */
  destination: SnapshotRemoteRegistry | null;
  destNamespace: string;
  nameFilter: string | null;
  tagFilter: SnapshotReplication['tagFilter'];
  trigger: string | null;
}

const isLocal = (registry: SnapshotRemoteRegistry | null) => registry === null || registry.id === 0;

/**
 * Whether a name filter reaches repositories of `project`: some brace alternative whose first path
 * component matches the project name (`**` there reaches every project). Filters with too many
 * alternatives to expand count as reaching it.
 */
export function nameFilterReachesProject(pattern: string, project: string, dialect: Dialect): boolean {
  const alternatives = expandBraces(pattern, 256);
  if (alternatives === null) return true;
  return alternatives.some((alternative) => {
    const slash = alternative.indexOf('/');
    const first = slash < 0 ? alternative : alternative.slice(0, slash);
    if (first.includes('**')) return true;
    // Without a "/" the filter matches only one-component names, which no project holds.
    if (slash < 0) return false;
    return compileGlob(first, dialect).match(project) === 'match';
  });
}

/** The policies that copy into (`destination`) or out of (`source`) one project, in the order given. */
export function replicationsOfProject(policies: readonly ReplicationPolicyInput[], project: string, dialect: Dialect): SnapshotReplication[] {
  const out: SnapshotReplication[] = [];
  for (const policy of policies) {
    const pulls = isLocal(policy.destination) && !isLocal(policy.source);
    const pushes = isLocal(policy.source) && !isLocal(policy.destination);
    if (!pulls && !pushes) continue;
    let via: SnapshotReplication['via'];
    if (pulls && policy.destNamespace !== '') {
      if (policy.destNamespace.split('/')[0] !== project) continue;
      via = 'namespace';
    } else if (policy.nameFilter !== null && policy.nameFilter !== '') {
      if (!nameFilterReachesProject(policy.nameFilter, project, dialect)) continue;
      via = 'name-filter';
    } else {
      via = 'unfiltered';
    }
    out.push({
      id: policy.id,
      name: policy.name,
      enabled: policy.enabled,
      role: pulls ? 'destination' : 'source',
      via,
      remote: pulls ? policy.source : policy.destination,
      nameFilter: policy.nameFilter,
      tagFilter: policy.tagFilter,
      trigger: policy.trigger,
    });
  }
  return out;
}

/** Whether a policy's tag filter lets a tag through (no filter: every tag; an empty pattern matches every tag). */
export function tagFilterSelects(filter: SnapshotReplication['tagFilter'], tag: string, dialect: Dialect): boolean {
  if (filter === null || filter.pattern === '') return filter === null || filter.decoration !== 'excludes';
  const outcome = compileGlob(filter.pattern, dialect).match(tag);
  // A broken filter fails the whole replication: it copies nothing.
  if (outcome === 'error') return false;
  return filter.decoration === 'excludes' ? outcome === 'miss' : outcome === 'match';
}
