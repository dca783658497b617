// Runs anywhere (pure).
/**
 * A Terraform root module as blocks, from the HCL parser's JSON (every block a list of bodies) or from
 * `.tf.json` files (a block may be one body or a list): both are Terraform's JSON configuration syntax,
 * so one reader serves both.
 */

export type Body = Readonly<Record<string, unknown>>;

export interface ConfigFile {
  /** As shown to the user, e.g. `rules.tf`. */
  path: string;
  body: Body;
}

export interface LabelledBlock {
  /** `resource`/`data` type, or '' for blocks with one label (variable). */
  type: string;
  name: string;
  body: Body;
  file: string;
}

export interface TerraformConfig {
  resources: LabelledBlock[];
  data: LabelledBlock[];
  variables: LabelledBlock[];
  /** Every `locals` entry, by name (the last definition wins, as Terraform refuses duplicates anyway). */
  locals: Map<string, { value: unknown; file: string }>;
  imports: { to: unknown; id: unknown; file: string }[];
  modules: LabelledBlock[];
}

function isBody(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bodies(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter(isBody);
  return isBody(value) ? [value] : [];
}

/** `{ name: body | [body] }` → one entry per body. */
function singleLabel(value: unknown, file: string): LabelledBlock[] {
  if (!isBody(value)) return [];
  return Object.entries(value).flatMap(([name, inner]) => bodies(inner).map((body) => ({ type: '', name, body, file })));
}

/** `{ type: { name: body | [body] } }` → one entry per body. */
function twoLabels(value: unknown, file: string): LabelledBlock[] {
  if (!isBody(value)) return [];
  return Object.entries(value).flatMap(([type, named]) => singleLabel(named, file).map((block) => ({ ...block, type })));
}

export function readConfig(files: readonly ConfigFile[]): TerraformConfig {
  const config: TerraformConfig = { resources: [], data: [], variables: [], locals: new Map(), imports: [], modules: [] };
  for (const { path, body } of files) {
    config.resources.push(...twoLabels(body.resource, path));
    config.data.push(...twoLabels(body.data, path));
    config.variables.push(...singleLabel(body.variable, path));
    config.modules.push(...singleLabel(body.module, path));
    for (const locals of bodies(body.locals)) {
      for (const [name, value] of Object.entries(locals)) config.locals.set(name, { value, file: path });
    }
    for (const block of bodies(body.import)) config.imports.push({ to: block.to, id: block.id, file: path });
  }
  return config;
}
