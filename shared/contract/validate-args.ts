// Runs anywhere (pure).
/**
 * Checks the arguments of a call where they enter the Node side: a renderer (or anything that reached
 * the host) cannot hand a service a malformed value. The checks are compiled by Ajv from the one schema
 * per method in method-schemas.ts; each method's checker is compiled on its first call. A refusal names
 * the first bad field, e.g. `saveWorkspace argument 1.drafts[0].scope.registry must be a string`.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { badInput } from '../errors.js';
import type { MethodName } from './api.js';
import { METHOD_ARGUMENTS } from './method-schemas.js';

// strict: a schema keyword Ajv does not know is a mistake, not something to ignore.
const ajv = new Ajv({ strict: true, allErrors: false });
const compiled = new Map<MethodName, ValidateFunction>();

function checkerFor(method: MethodName): ValidateFunction {
  let check = compiled.get(method);
  if (!check) {
    check = ajv.compile(METHOD_ARGUMENTS[method]);
    compiled.set(method, check);
  }
  return check;
}

const KIND_WORDS: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  integer: 'a whole number',
  number: 'a number',
};

/** `/0/drafts/3/scope` as `argument 1.drafts[3].scope`. */
function fieldName(method: MethodName, pointer: string): string {
  const [index, ...rest] = pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  let name = `${method} argument ${Number(index) + 1}`;
  for (const part of rest) name += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  return name;
}

function describeError(method: MethodName, error: ErrorObject, count: number): string {
  if (error.instancePath === '' && (error.keyword === 'minItems' || error.keyword === 'maxItems' || error.keyword === 'type')) {
    return `${method} takes ${count} argument(s)`;
  }
  const field = fieldName(method, error.instancePath);
  switch (error.keyword) {
    case 'type': {
      const wanted = String((error.params as { type: string }).type).split(',').map((t) => KIND_WORDS[t] ?? t);
      return `${field} must be ${wanted.join(' or ')}`;
    }
    case 'required':
      return `${field}.${(error.params as { missingProperty: string }).missingProperty} is missing`;
    case 'enum':
      return `${field} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum':
      return `${field} must be a whole number`;
    case 'maxLength':
      return `${field} must be at most ${(error.params as { limit: number }).limit} characters long`;
    case 'minLength':
      return `${field} must not be empty`;
    case 'maxItems':
      return `${field} must hold at most ${(error.params as { limit: number }).limit} items`;
    case 'minItems':
      return `${field} must hold at least ${(error.params as { limit: number }).limit} item(s)`;
    case 'additionalProperties':
      return `${field} has a field it may not have: ${JSON.stringify((error.params as { additionalProperty: string }).additionalProperty)}`;
    case 'pattern':
      // The one pattern in the schemas is a file name's (openTerraform): a name, never a path.
      return `${field} must be a file name without a folder (no / or \\, not . or ..)`;
    default:
      return `${field} ${error.message ?? 'is not valid'}`;
  }
}

export function validateArgs(method: MethodName, args: unknown): unknown[] {
  if (!Array.isArray(args)) throw badInput(`${method}: arguments must be a list`);
  const given = args.length;
  const check = checkerFor(method);
  if (check(args)) return args;
  const schema = METHOD_ARGUMENTS[method] as { maxItems?: number };
  const expected = schema.maxItems ?? 0;
  const first = check.errors?.[0];
  if (!first) throw badInput(`${method}: arguments are not valid`);
  const message = describeError(method, first, expected);
  throw badInput(first.instancePath === '' ? `${message}, got ${given}` : message);
}
