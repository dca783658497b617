// Runs anywhere (pure).
/**
 * Which doublestar a Harbor release links: v1.3.4 from 2.9.5, 2.10.3 and 2.11 on; v1.1.1 before.
 * An unknown or unreadable version (anonymous callers see none) gets the current default.
 */
import type { Dialect } from '../glob/dialect.js';
import { DEFAULT_DIALECT } from '../glob/dialect.js';

export function dialectForHarborVersion(version: string | null | undefined): Dialect {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) return DEFAULT_DIALECT;
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (major !== 2) return major > 2 ? 'v1.3.4' : 'v1.1.1';
  if (minor >= 11) return 'v1.3.4';
  if (minor === 10) return patch >= 3 ? 'v1.3.4' : 'v1.1.1';
  if (minor === 9) return patch >= 5 ? 'v1.3.4' : 'v1.1.1';
  return 'v1.1.1';
}
