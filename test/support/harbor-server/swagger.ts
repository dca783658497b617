// Test helper (Node): Harbor's own API contract (swagger-v2.15.2.yaml, Swagger 2.0) as a response
// checker, and the route table (path templates and methods) the test server routes by.
//
// `validateResponse` checks one answer: the status is documented for the operation (an undocumented
// 4xx/5xx is accepted when its body is Harbor's `Errors`, since the swagger lists few of the errors Harbor
// really sends), the body matches the response schema (definitions as JSON schema via ajv; by default
// also no properties beyond the model's, as go-swagger models never write others), and documented
// headers (X-Total-Count, Location, X-Request-Id) are present and well-formed; `Link`, documented but
// sent only when there is another page, is checked for form when present. An error response documented
// without a schema may carry `Errors` (Harbor always writes one). The few places where real Harbor
// departs from its own swagger are listed in HARBOR_DEVIATIONS and accepted by default.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { fixturePath } from '../repo-files.js';

type Json = Record<string, unknown>;

interface HeaderSpec {
  type?: string;
}

interface ResponseSpec {
  schema?: Json;
  headers?: Record<string, HeaderSpec>;
}

interface Operation {
  responses: Record<string, ResponseSpec | { $ref: string }>;
}

interface SwaggerDocument {
  basePath: string;
  paths: Record<string, Record<string, Operation | unknown>>;
  definitions: Record<string, Json>;
  responses: Record<string, ResponseSpec>;
}

export interface PathTemplate {
  template: string;
  segments: string[];
  methods: Set<string>;
}

export interface RouteMatch {
  template: string;
  /** Parameter values as found in the (once-decoded) path segments. */
  params: Record<string, string>;
}

export interface ValidateOptions {
  /** Accept an undocumented 4xx/5xx whose body is Harbor's `Errors`. Default true. */
  allowUndocumentedErrors?: boolean;
  /** Refuse properties a definition does not declare. Default true. */
  strictProperties?: boolean;
  /** Accept the few places where Harbor itself departs from its swagger (HARBOR_DEVIATIONS). Default true. */
  allowHarborDeviations?: boolean;
}

/** Where real Harbor answers differently from its own swagger; the test server copies Harbor. */
export const HARBOR_DEVIATIONS: ReadonlyArray<{ method: string; template: string; status: number; problem: RegExp; why: string }> = [
  {
    method: 'POST',
    template: '/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags',
    status: 201,
    problem: /documented header Location missing/,
    why: 'CreateTag sets no Location: "we provide no API for get the single tag"',
  },
  {
    method: 'GET',
    template: '/projects/{project_name_or_id}/immutabletagrules',
    status: 200,
    problem: /body\/\d+\/scope_selectors\/[^ ]+ must be array/,
    why: 'ToScopeSelectors writes an empty scope list as null',
  },
  {
    method: 'GET',
    template: '/retentions/{id}',
    status: 200,
    problem: /body\/rules\/\d+\/params\/[^ ]+ must be object/,
    why: 'rule parameters are numbers ({"latestPushedK": 10}), where the swagger types each value as an object',
  },
];

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
const SCHEMA_ID = 'harbor-swagger.json';
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const LINK = /^<[^>]+>; rel="(prev|next)"( , <[^>]+>; rel="(prev|next)")*$/;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A Swagger 2.0 schema as JSON schema for ajv: x-nullable allows null, refs point into the shared definitions. */
function convertSchema(schema: unknown, strict: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((item) => convertSchema(item, strict));
  if (!isRecord(schema)) return schema;
  if (schema.type === 'file') return {};
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || key === 'example' || key === 'discriminator') continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace(/^#\/definitions\//, `${SCHEMA_ID}#/definitions/`);
    else if (key === 'properties' && isRecord(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, convertSchema(sub, strict)]));
    } else if (key === 'items' || key === 'additionalProperties' || key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = convertSchema(value, strict);
    } else out[key] = value;
  }
  if (strict && isRecord(out.properties) && out.additionalProperties === undefined) out.additionalProperties = false;
  if (schema['x-nullable'] === true) {
    if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

export class SwaggerContract {
  readonly basePath: string;
  readonly templates: PathTemplate[];
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv = new Map<boolean, Ajv>();

  constructor(readonly document: SwaggerDocument) {
    this.basePath = document.basePath;
    this.templates = Object.entries(document.paths).map(([template, item]) => ({
      template,
      segments: template.split('/').filter((s) => s !== ''),
      methods: new Set(Object.keys(item).filter((k) => HTTP_METHODS.includes(k)).map((k) => k.toUpperCase())),
    }));
  }

  /** The template a path (relative to basePath, once-decoded segments) routes to: static segments win. */
  match(segments: readonly string[]): RouteMatch | null {
    let best: PathTemplate | null = null;
    for (const candidate of this.templates) {
      if (candidate.segments.length !== segments.length) continue;
      if (!candidate.segments.every((s, i) => s.startsWith('{') || s === segments[i])) continue;
      if (best === null || this.moreStatic(candidate, best)) best = candidate;
    }
    if (best === null) return null;
    const params: Record<string, string> = {};
    best.segments.forEach((s, i) => {
      if (s.startsWith('{')) params[s.slice(1, -1)] = segments[i]!;
    });
    return { template: best.template, params };
  }

  private moreStatic(a: PathTemplate, b: PathTemplate): boolean {
    for (let i = 0; i < a.segments.length; i++) {
      const aStatic = !a.segments[i]!.startsWith('{');
      const bStatic = !b.segments[i]!.startsWith('{');
      if (aStatic !== bStatic) return aStatic;
    }
    return false;
  }

  /** A template given as is, or a concrete path (with or without basePath and query). */
  resolveTemplate(pathOrTemplate: string): string | null {
    let path = pathOrTemplate.split('?')[0]!;
    if (path.startsWith(this.basePath + '/')) path = path.slice(this.basePath.length);
    if (this.document.paths[path] !== undefined) return path;
    return this.match(path.split('/').filter((s) => s !== ''))?.template ?? null;
  }

  operation(template: string, method: string): Operation | null {
    const item = this.document.paths[template];
    const op = item?.[method.toLowerCase()];
    return isRecord(op) ? (op as unknown as Operation) : null;
  }

  responseSpec(operation: Operation, status: number): ResponseSpec | null {
    const entry = operation.responses[String(status)] ?? operation.responses.default;
    if (entry === undefined) return null;
    if ('$ref' in entry && typeof entry.$ref === 'string') {
      return this.document.responses[entry.$ref.replace('#/responses/', '')] ?? null;
    }
    return entry as ResponseSpec;
  }

  private ajvFor(strict: boolean): Ajv {
    let ajv = this.ajv.get(strict);
    if (!ajv) {
      ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
      for (const format of ['int', 'int8', 'int32', 'int64', 'uint64', 'float', 'float64', 'uri']) ajv.addFormat(format, true);
      ajv.addFormat('date-time', DATE_TIME);
      const definitions = Object.fromEntries(Object.entries(this.document.definitions).map(([name, schema]) => [name, convertSchema(schema, strict)]));
      ajv.addSchema({ $id: SCHEMA_ID, definitions });
      this.ajv.set(strict, ajv);
    }
    return ajv;
  }

  validator(key: string, schema: Json, strict: boolean): ValidateFunction {
    const cacheKey = `${strict}|${key}`;
    let validate = this.validators.get(cacheKey);
    if (!validate) {
      validate = this.ajvFor(strict).compile(convertSchema(schema, strict) as Json);
      this.validators.set(cacheKey, validate);
    }
    return validate;
  }
}

let cached: SwaggerContract | null = null;

/** Parsing the 10,000-line YAML takes about a second: keep the JSON in the temp folder, keyed by content. */
function parseCached(text: string): SwaggerDocument {
  const file = join(tmpdir(), `taglock-harbor-swagger-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SwaggerDocument;
  } catch {
    const document = parse(text) as SwaggerDocument;
    try {
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify(document));
      renameSync(partial, file);
    } catch {
      // A read-only temp folder only costs time.
    }
    return document;
  }
}

/** The parsed contract (read once per process). */
export function loadSwagger(): SwaggerContract {
  if (!cached) cached = new SwaggerContract(parseCached(readFileSync(fixturePath('harbor', 'swagger-v2.15.2.yaml'), 'utf8')));
  return cached;
}

function describeErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath === '' ? 'body' : `body${e.instancePath}`;
    const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : '';
    return `${where} ${e.message ?? e.keyword}${extra}`;
  });
}

function header(headers: Record<string, string | string[] | number | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined) return Array.isArray(value) ? value.join(', ') : String(value);
  }
  return undefined;
}

/**
 * Problems with one answer, as sentences naming the operation; empty when it honours the contract.
 * `body` is the decoded JSON (undefined when the answer had no body).
 */
export function validateResponse(
  method: string,
  pathTemplateOrConcretePath: string,
  status: number,
  body: unknown,
  headers: Record<string, string | string[] | number | undefined>,
  options: ValidateOptions = {},
): string[] {
  const contract = loadSwagger();
  const strict = options.strictProperties ?? true;
  const allowErrors = options.allowUndocumentedErrors ?? true;
  const upper = method.toUpperCase();
  const label = `${upper} ${pathTemplateOrConcretePath} -> ${status}`;
  const errorsBody = (): string[] => {
    const validate = contract.validator('Errors', { $ref: '#/definitions/Errors' }, strict);
    const problems: string[] = [];
    if (!isRecord(body) || !Array.isArray(body.errors) || body.errors.length === 0) problems.push(`${label}: error answer without an "errors" list`);
    else if (!validate(body)) problems.push(...describeErrors(validate.errors).map((p) => `${label}: ${p}`));
    return problems;
  };

  const template = contract.resolveTemplate(pathTemplateOrConcretePath);
  if (template === null) {
    return status >= 400 && allowErrors ? errorsBody() : [`${label}: no path of the swagger matches`];
  }
  const operation = contract.operation(template, upper);
  if (operation === null) {
    return status >= 400 && allowErrors ? errorsBody() : [`${label}: ${upper} is not an operation of ${template}`];
  }
  const spec = contract.responseSpec(operation, status);
  if (spec === null) {
    return status >= 400 && allowErrors ? errorsBody() : [`${label}: status ${status} is not documented for ${upper} ${template}`];
  }

  let problems: string[] = [];
  if (spec.schema !== undefined) {
    if (body === undefined) problems.push(`${label}: no body, the swagger documents one`);
    else {
      const validate = contract.validator(`${upper} ${template} ${status}`, spec.schema, strict);
      if (!validate(body)) problems.push(...describeErrors(validate.errors).map((p) => `${label}: ${p}`));
      const contentType = header(headers, 'content-type') ?? '';
      if (!/json/i.test(contentType)) problems.push(`${label}: content type ${JSON.stringify(contentType)} is not JSON`);
    }
  } else if (body !== undefined && body !== '') {
    // A few error responses are documented without a schema; Harbor's SendError writes `Errors` anyway.
    if (status >= 400 && allowErrors) problems.push(...errorsBody());
    else problems.push(`${label}: a body where the swagger documents none`);
  }

  for (const [name, headerSpec] of Object.entries(spec.headers ?? {})) {
    const value = header(headers, name);
    if (name.toLowerCase() === 'link') {
      if (value !== undefined && !LINK.test(value)) problems.push(`${label}: malformed Link header ${JSON.stringify(value)}`);
      continue;
    }
    if (value === undefined) problems.push(`${label}: documented header ${name} missing`);
    else if (headerSpec.type === 'integer' && !/^-?\d+$/.test(value)) problems.push(`${label}: header ${name} is not an integer: ${JSON.stringify(value)}`);
  }
  if (options.allowHarborDeviations ?? true) {
    const deviations = HARBOR_DEVIATIONS.filter((d) => d.method === upper && d.template === template && d.status === status);
    problems = problems.filter((problem) => !deviations.some((d) => d.problem.test(problem)));
  }
  return problems;
}
