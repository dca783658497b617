// Runs in Node.
/** Argument parsing shared by the commands: node:util parseArgs with messages in the CLI's own words. */
import { parseArgs } from 'node:util';
import type { Dialect } from '../../shared/glob/dialect.js';
import { DIALECTS, isDialect } from '../../shared/glob/dialect.js';
import { badInput } from '../../shared/errors.js';
import type { HarborProfile } from '../../shared/engine/harbor-profile.js';
import { LATEST_RELEASE, harborProfile, parseHarborVersion } from '../../shared/engine/harbor-profile.js';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

export function parseCommandArgs<T extends OptionSpec>(command: string, args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw badInput(`${command}: ${message} (see 'taglock help')`);
  }
}

export function requireOption(command: string, value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw badInput(`${command}: ${flag} is required (see 'taglock help')`);
  return value;
}

export function parseDialect(value: string | undefined): Dialect | undefined {
  if (value === undefined) return undefined;
  if (!isDialect(value)) throw badInput(`--dialect must be one of ${DIALECTS.join(', ')}, not ${JSON.stringify(value)}`);
  return value;
}

export function parseChoice<F extends string>(flag: string, value: string | undefined, allowed: readonly F[], fallback: F): F {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw badInput(`${flag} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  return value as F;
}

export function parseFormat<F extends string>(value: string | undefined, allowed: readonly F[], fallback: F): F {
  return parseChoice('--format', value, allowed, fallback);
}

/** `--harbor-version` picks every version-dependent behaviour; `--dialect` overrides only the glob library. */
export const HARBOR_OPTIONS = {
  dialect: { type: 'string' },
  'harbor-version': { type: 'string' },
} satisfies OptionSpec;

/**
 * The Harbor profile and glob dialect a command judges with: --harbor-version, else the version the
 * snapshot recorded, else the newest release; --dialect, else the version's (or the snapshot's) library.
 */
export function resolveHarbor(
  values: { dialect?: string; 'harbor-version'?: string },
  recorded: { kind: 'harbor' | 'oci'; harborVersion: string | null; dialect: Dialect } | null = null,
): { profile: HarborProfile; dialect: Dialect } {
  const given = values['harbor-version'];
  if (given !== undefined && parseHarborVersion(given) === null) {
    throw badInput(`--harbor-version must look like 2.15.2 or v2.10.3-abcdef12, not ${JSON.stringify(given)}`);
  }
  // A Harbor snapshot that recorded no version (fetched anonymously) says so; otherwise the default is
  // the newest release, quietly, as documented.
  const unknownHarbor = recorded?.kind === 'harbor' && recorded.harborVersion === null;
  const profile = harborProfile(given ?? recorded?.harborVersion ?? (unknownHarbor ? null : LATEST_RELEASE));
  const dialect = parseDialect(values.dialect) ?? (given === undefined && recorded ? recorded.dialect : profile.behaviour.dialect);
  return { profile, dialect };
}

/** The profile's assumptions, one line each, for stderr. */
export function profileNotes(profile: HarborProfile): string {
  return profile.notes.map((note) => `taglock: ${note}\n`).join('');
}
