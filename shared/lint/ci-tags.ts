// Runs anywhere (pure).
/** Tags CI pipelines usually move on every build: making them immutable breaks those pipelines. */
export const CI_MOVING_TAG_SAMPLES = ['latest', 'main', 'master', 'nightly', 'dev', 'sha-1f2e3d4', 'pr-123'] as const;
export const CI_MOVING_TAG_PATTERN = /^(latest|main|master|nightly|dev|develop|edge|sha-.*|pr-.*)$/;

/**
 * Channel words: tags that name a release line, a branch or a variant rather than one build, and so
 * move whenever that line gets a new build (`stable`, `lts`, `mainline`, `alpine`). Kept small on
 * purpose; a tag is a channel name when it is made only of these words joined by `-`, `_` or `.`
 * (`stable-alpine`, `mainline-alpine-slim`), or is a name CI moves (CI_MOVING_TAG_PATTERN) other than a
 * commit tag.
 */
export const CHANNEL_WORDS = [
  'latest', 'stable', 'edge', 'nightly', 'main', 'master', 'dev', 'develop', 'beta', 'next', 'canary', 'rc', 'test',
  'lts', 'current', 'mainline', 'alpine', 'slim',
] as const;
const CHANNEL_TAG = new RegExp(`^(?:${CHANNEL_WORDS.join('|')})(?:[-_.](?:${CHANNEL_WORDS.join('|')}))*$`, 'i');

/**
 * A commit tag (`sha-1f2e3d4`) names one commit, not a line: it moves only when a pipeline re-runs on the
 * same commit, which the sample-name check (ci-moving-tags) still warns about; the snapshot shows such a
 * re-push as a re-pointed tag.
 */
const COMMIT_TAG = /^sha-/i;

export function isChannelTag(name: string): boolean {
  return CHANNEL_TAG.test(name) || (CI_MOVING_TAG_PATTERN.test(name) && !COMMIT_TAG.test(name));
}
