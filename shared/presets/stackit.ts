// Runs anywhere (pure).
/**
 * Starting points from the STACKIT Container Registry guide to tag immutability. Each is one rule over
 * every repository of the project; the editor lets the admin narrow the repositories afterwards. The
 * descriptions say exactly what the patterns do; suggest.ts offers presets shaped by a snapshot's tags.
 */
import type { ImmutableRule } from '../rules/model.js';
import { makeRule } from '../rules/model.js';

export interface Preset {
  id: 'all-tags' | 'protect-production' | 'release-tags';
  title: string;
  description: string;
  rules: () => ImmutableRule[];
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'all-tags',
    title: 'All tags immutable',
    description: 'No tag of any repository can be overwritten or deleted once pushed: latest, version aliases such as 1.27 and every other moving tag included.',
    rules: () => [makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: '**' } })],
  },
  {
    id: 'protect-production',
    title: 'Protect production, allow rc, test and nightly',
    description: 'Every tag is immutable except the three exact names rc, test and nightly: 5.1-rc2, test-42 or nightly-20241213 are locked too. Untagged artifacts of every repository become retention-proof as well.',
    rules: () => [
      makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'excludes', pattern: '{rc,test,nightly}' } }),
    ],
  },
  {
    id: 'release-tags',
    title: 'Protect release tags only',
    description: 'Tags that start with v and hold two more dots (v*.*.*): v1.2.3, and v1.2.3-rc1 too. Releases tagged without v (1.2.3) stay mutable, as does everything else.',
    rules: () => [makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: 'v*.*.*' } })],
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}
