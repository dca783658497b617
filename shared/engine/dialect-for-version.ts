// Runs anywhere (pure).
/**
 * Which doublestar a Harbor release links (see harbor-profile.ts for the table and its sources): v1.3.4
 * from 2.9.5, 2.10.3 and 2.11 on; v1.1.1 before. An unknown or unreadable version (anonymous callers see
 * none) gets the newest release's.
 */
import type { Dialect } from '../glob/dialect.js';
import { harborProfile } from './harbor-profile.js';

export function dialectForHarborVersion(version: string | null | undefined): Dialect {
  return harborProfile(version).behaviour.dialect;
}
