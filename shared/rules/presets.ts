// Runs anywhere (pure).
/**
 * Starting points from the STACKIT Container Registry guide to tag immutability. Each is one rule over
 * every repository of the project; the editor lets the admin narrow the repositories afterwards.
 */
import type { ImmutableRule } from './model.js';
import { makeRule } from './model.js';

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
    description: 'No tag of any repository can be overwritten or deleted once pushed. CI tags such as latest become immutable too.',
    rules: () => [makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: '**' } })],
  },
  {
    id: 'protect-production',
    title: 'Protect production, allow rc, test and nightly',
    description: 'Every tag is immutable except rc, test and nightly, which pipelines may keep overwriting. Untagged artifacts become retention-proof as well.',
    rules: () => [
      makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'excludes', pattern: '{rc,test,nightly}' } }),
    ],
  },
  {
    id: 'release-tags',
    title: 'Protect release tags only',
    description: 'Tags shaped like v1.2.3 (v*.*.*) are immutable; everything else stays mutable.',
    rules: () => [makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: 'v*.*.*' } })],
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}
