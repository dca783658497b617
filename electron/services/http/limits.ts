// Runs in Node.
/**
 * What one registry can make Taglock hold or wait for. A hostile or broken server can answer with huge
 * bodies, endless full pages or a body trickling one byte at a time; each of these meets a limit with a
 * clear error that says which limit and how to raise it. Every limit can be raised (or lowered) with an
 * environment variable, read by `limitsFromEnvironment`, so the app, the browser host and the command line
 * all honour it.
 */
import { TaglockError } from '../../../shared/errors.js';

export interface HttpLimits {
  /** One answer's body (a page of a JSON list, an error page). */
  maxBodyBytes: number;
  /** One manifest's body. */
  maxManifestBytes: number;
  /** Items of one list, over all its pages (repositories of a project, artifacts of a repository, ...). */
  maxListItems: number;
  /** Bytes of one list, over all its pages. */
  maxListBytes: number;
  /** From sending a request to the last byte of its answer, per attempt. */
  requestDeadlineMs: number;
  /** Everything one client does (a fetch, a plan, an apply). */
  operationDeadlineMs: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_LIMITS: HttpLimits = {
  maxBodyBytes: 64 * MIB,
  maxManifestBytes: 4 * MIB, // the distribution registry's own limit for manifests
  maxListItems: 1_000_000,
  maxListBytes: 1024 * MIB,
  requestDeadlineMs: 120_000,
  operationDeadlineMs: 6 * 3600_000,
};

/** Each limit's environment variable, unit and wording. */
const SETTINGS: Record<keyof HttpLimits, { variable: string; unit: number; unitName: string; what: string }> = {
  maxBodyBytes: { variable: 'TAGLOCK_MAX_RESPONSE_MB', unit: MIB, unitName: 'MiB', what: "Taglock's limit for one answer" },
  maxManifestBytes: { variable: 'TAGLOCK_MAX_MANIFEST_MB', unit: MIB, unitName: 'MiB', what: "Taglock's limit for one manifest" },
  maxListItems: { variable: 'TAGLOCK_MAX_LIST_ITEMS', unit: 1, unitName: 'items', what: "Taglock's limit for one list" },
  maxListBytes: { variable: 'TAGLOCK_MAX_LIST_MB', unit: MIB, unitName: 'MiB', what: "Taglock's limit for one list" },
  requestDeadlineMs: { variable: 'TAGLOCK_REQUEST_DEADLINE_S', unit: 1000, unitName: 's', what: "Taglock's deadline for one request" },
  operationDeadlineMs: { variable: 'TAGLOCK_OPERATION_DEADLINE_S', unit: 1000, unitName: 's', what: "Taglock's deadline for one operation" },
};

/** "64 MiB (Taglock's limit for one answer; raise it with TAGLOCK_MAX_RESPONSE_MB)". */
export function limitText(limit: keyof HttpLimits, limits: HttpLimits): string {
  const setting = SETTINGS[limit];
  const amount = Math.round((limits[limit] / setting.unit) * 100) / 100;
  return `${amount} ${setting.unitName} (${setting.what}; raise it with ${setting.variable})`;
}

/** A limit of Taglock's was reached; retrying would not help. */
export class LimitError extends TaglockError {
  constructor(message: string) {
    super('server', message);
    this.name = 'LimitError';
  }
}

export class DeadlineError extends TaglockError {
  constructor(message: string) {
    super('timeout', message);
    this.name = 'DeadlineError';
  }
}

/** The limits with any the environment sets (positive numbers; anything else is refused, naming the variable). */
export function limitsFromEnvironment(environment: Record<string, string | undefined> = process.env): HttpLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, setting] of Object.entries(SETTINGS) as [keyof HttpLimits, (typeof SETTINGS)[keyof HttpLimits]][]) {
    const raw = environment[setting.variable];
    if (raw === undefined || raw.trim() === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new TaglockError('bad-input', `${setting.variable} must be a positive number of ${setting.unitName}, not ${JSON.stringify(raw)}`);
    limits[key] = value * setting.unit;
  }
  return limits;
}

/**
 * Counts one list's items and bytes over its pages; past a limit it throws, never truncating silently.
 * `where` names the list in that error; a function is called only then (a fetch reads thousands of lists).
 */
export class ListBudget {
  private items = 0;
  private bytes = 0;

  constructor(private readonly limits: HttpLimits, private readonly where: string | (() => string)) {}

  add(items: number, bytes: number): void {
    this.items += items;
    this.bytes += bytes;
    if (this.items > this.limits.maxListItems) throw new LimitError(`${this.named()}: the list runs past ${limitText('maxListItems', this.limits)}`);
    if (this.bytes > this.limits.maxListBytes) throw new LimitError(`${this.named()}: the list runs past ${limitText('maxListBytes', this.limits)}`);
  }

  private named(): string {
    return typeof this.where === 'string' ? this.where : this.where();
  }
}
