// Runs in Node.
/** Argument parsing shared by the commands: node:util parseArgs with messages in the CLI's own words. */
import { parseArgs } from 'node:util';
import type { Dialect } from '../../shared/glob/dialect.js';
import { DIALECTS, isDialect } from '../../shared/glob/dialect.js';
import { badInput } from '../../shared/errors.js';

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
