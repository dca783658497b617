// Runs anywhere (pure).
/** Tags CI pipelines usually move on every build: making them immutable breaks those pipelines. */
export const CI_MOVING_TAG_SAMPLES = ['latest', 'main', 'master', 'nightly', 'dev', 'sha-1f2e3d4', 'pr-123'] as const;
export const CI_MOVING_TAG_PATTERN = /^(latest|main|master|nightly|dev|develop|edge|sha-.*|pr-.*)$/;
