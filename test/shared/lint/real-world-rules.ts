// Test data (pure): rule sets shaped like the ones people write, each with where such a rule is seen and
// the findings lint must give, exactly. Snapshots are small and hand-made, shaped like the registries in
// those reports. Used by real-world-corpus.test.ts.
import type { Dialect } from '../../../shared/glob/dialect.js';
import type { WireRule } from '../../../shared/rules/wire.js';
import type { Snapshot, SnapshotArtifact } from '../../../shared/snapshot/schema.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

export interface CorpusCase {
  name: string;
  /** Where a rule of this shape is seen. */
  source: string;
  /** The rules as the server stores them (harbor-cli's lack a kind, so not always WireRule). */
  rules: unknown[];
  dialect?: Dialect;
  /** The rules' own project. */
  project: string;
  /** A snapshot holding that project (and maybe others); without it lint runs statically. */
  snapshot?: Snapshot;
  /** `rule N: code` for every finding, in any order. */
  expected: string[];
}

const HARBOR_DOCS = 'https://goharbor.io/docs/2.13.0/working-with-projects/working-with-images/create-tag-immutability-rules/';
const STACKIT_DOCS = 'https://docs.stackit.cloud/products/developer-platform/container-registry/how-tos/ensuring-image-integrity-with-immutability';
const TERRAFORM_DOCS = 'https://registry.terraform.io/providers/goharbor/harbor/latest/docs/resources/immutable_tag_rule';
const TERRAFORM_CLIENT = 'goharbor/terraform-provider-harbor client/immutable_tag_rule.go';
const HARBOR_CLI = 'goharbor/harbor-cli pkg/api/immutable_handler.go (`harbor tag immutable create`)';
const ISSUE = (n: number) => `https://github.com/goharbor/harbor/issues/${n}`;

const ALL: [string, string] = ['repoMatches', '**'];

/** A snapshot of several projects, as a whole-Harbor fetch gives. */
function harbor(projects: Record<string, Record<string, SnapshotArtifact[]>>): Snapshot {
  const parts = Object.entries(projects).map(([name, repositories]) => snapshotOf(repositories, null, name));
  return { ...parts[0]!, projects: parts.flatMap((part, id) => part.projects.map((p) => ({ ...p, id: id + 1 }))) };
}

/** A rule as harbor-cli creates it: no kind, no action or template. */
function harborCliRule(id: number, repository: [string, string], tag: [string, string]): unknown {
  return {
    id,
    tag_selectors: [{ decoration: tag[0], pattern: tag[1] }],
    scope_selectors: { repository: [{ decoration: repository[0], pattern: repository[1] }] },
  };
}

/** A rule as the Terraform provider writes it: it sets a tag decoration only for tag_matching or tag_excluding. */
function terraformRule(id: number, fields: { repo_matching?: string; tag_matching?: string; tag_excluding?: string; disabled?: boolean }): WireRule {
  const tag = fields.tag_excluding ? ['excludes', fields.tag_excluding] : fields.tag_matching ? ['matches', fields.tag_matching] : ['', ''];
  return wireRule(id, ['repoMatches', fields.repo_matching ?? ''], tag as [string, string], fields.disabled ?? false);
}

export const CORPUS: readonly CorpusCase[] = [
  {
    name: 'all tags of all repositories immutable',
    source: `Harbor docs, first example (${HARBOR_DOCS}); STACKIT guide preset "all tags" (${STACKIT_DOCS})`,
    project: 'library',
    rules: [wireRule(1, ALL, ['matches', '**'])],
    expected: ['rule 1: ci-moving-tags'],
  },
  {
    name: 'allow rc, test and nightly, as Harbor\'s web UI stores it',
    source: `Harbor docs, second example (${HARBOR_DOCS}); STACKIT guide preset "protect production"`,
    project: 'library',
    rules: [wireRule(1, ALL, ['excludes', '{rc,test,nightly}'])],
    expected: ['rule 1: ci-moving-tags', 'rule 1: untagged-retained'],
  },
  {
    name: 'the same list sent through the API or Terraform, without the braces the UI adds',
    source: `Harbor docs text "enter rc,test,nightly" used verbatim with ${TERRAFORM_CLIENT}`,
    project: 'library',
    rules: [terraformRule(1, { repo_matching: '**', tag_excluding: 'rc,test,nightly' })],
    expected: ['rule 1: ci-moving-tags', 'rule 1: comma-list', 'rule 1: untagged-retained'],
  },
  {
    name: 'release tags only',
    source: `STACKIT guide preset "release tags" (${STACKIT_DOCS})`,
    project: 'library',
    rules: [wireRule(1, ALL, ['matches', 'v*.*.*'])],
    expected: [],
  },
  {
    name: 'semver with an optional v, nested braces with empty alternatives',
    source: 'Verda container registry docs, example 3 (https://docs.verda.com/storage/container-registry/tag-immutability-rules)',
    project: 'library',
    rules: [wireRule(1, ALL, ['matches', '{v,}[0-9]{,[0-9],[0-9][0-9]}.[0-9]{,[0-9],[0-9][0-9]}.[0-9]{,[0-9],[0-9][0-9]}'])],
    expected: [],
  },
  {
    name: 'the same semver pattern on a Harbor linking doublestar v1.1.1',
    source: 'https://docs.verda.com/storage/container-registry/tag-immutability-rules, example 3, on a Harbor before 2.9.5 (docs/harbor-versions.md)',
    project: 'library',
    dialect: 'v1.1.1',
    rules: [wireRule(1, ALL, ['matches', '{v,}[0-9]{,[0-9],[0-9][0-9]}.[0-9]{,[0-9],[0-9][0-9]}.[0-9]{,[0-9],[0-9][0-9]}'])],
    expected: ['rule 1: dialect-unsupported'],
  },
  {
    name: 'Terraform registry example: disabled, tag_matching and tag_excluding both set',
    source: `${TERRAFORM_DOCS} (the provider keeps tag_excluding when both are set)`,
    project: 'acctest',
    rules: [terraformRule(1, { repo_matching: '**', tag_matching: 'v2.*', tag_excluding: 'latest', disabled: true })],
    expected: [],
  },
  {
    name: 'Terraform example, enabled: everything except latest',
    source: 'goharbor/terraform-provider-harbor pull request #147, example usage',
    project: 'test',
    rules: [terraformRule(1, { repo_matching: '**', tag_excluding: 'latest' })],
    expected: ['rule 1: ci-moving-tags', 'rule 1: untagged-retained'],
  },
  {
    name: 'Terraform resource with only repo_matching: an empty tag decoration',
    source: `${TERRAFORM_CLIENT}: no tag decoration unless tag_matching or tag_excluding is set`,
    project: 'test',
    rules: [terraformRule(1, { repo_matching: 'app/**' }), wireRule(2, ALL, ['matches', 'v*'])],
    expected: ['rule 1: stops-later-rules', 'rule 1: unknown-decoration'],
  },
  {
    name: 'harbor-cli rule: no kind on either selector',
    source: HARBOR_CLI,
    project: 'library',
    rules: [harborCliRule(1, ALL, ['matches', 'v*']), wireRule(2, ALL, ['matches', 'release-*'])],
    expected: ['rule 1: missing-kind', 'rule 1: missing-kind', 'rule 1: stops-later-rules'],
  },
  {
    name: 'harbor-cli rule with the comma lists its prompt asks for',
    source: `${HARBOR_CLI}; pkg/views/immutable/create/view.go ("Enter multiple comma separated repos,repo*,or **")`,
    project: 'library',
    rules: [harborCliRule(1, ['repoMatches', 'api,web*'], ['matches', 'v1,latest'])],
    expected: ['rule 1: comma-list', 'rule 1: comma-list', 'rule 1: missing-kind', 'rule 1: missing-kind', 'rule 1: stops-later-rules'],
  },
  {
    name: 'a repository list with "/" in the UI-added braces, on Harbor 2.1.1 (doublestar v1.1.1)',
    source: `${ISSUE(15700)}: "matching cbmp/firstRepo,cbmp/secondRepo", tags "**"`,
    project: 'cbmp',
    dialect: 'v1.1.1',
    rules: [wireRule(1, ['repoMatches', '{cbmp/firstRepo,cbmp/secondRepo}'], ['matches', '**'])],
    expected: ['rule 1: stops-later-rules', 'rule 1: syntax-error'],
  },
  {
    name: 'the maintainers\' answer, cbmp/{firstRepo,secondRepo}, in project cbmp',
    source: `${ISSUE(15700)}, maintainer comment; repositories shaped like the report`,
    project: 'cbmp',
    rules: [wireRule(1, ['repoMatches', 'cbmp/{firstRepo,secondRepo}'], ['matches', '**'])],
    snapshot: snapshotOf({ firstRepo: [artifact(['v1.0.0'])], secondRepo: [artifact(['v1.0.0', 'latest'])] }, null, 'cbmp'),
    expected: ['rule 1: ci-moving-tags', 'rule 1: matches-nothing', 'rule 1: project-prefix'],
  },
  {
    name: '"/" inside braces on doublestar v1.3.4: a quirk, not a syntax error',
    source: `${ISSUE(21710)}: repoExcludes "**/trigger-pipeline,**/builder-go", matches "**"`,
    project: 'ci',
    rules: [wireRule(1, ['repoExcludes', '{**/trigger-pipeline,**/builder-go}'], ['matches', '**']), wireRule(2, ALL, ['matches', 'v*'])],
    snapshot: snapshotOf(
      { 'builder-go': [artifact(['latest'])], 'noroot/builder-go': [artifact(['latest'])], 'noroot/trigger-pipeline': [artifact(['latest'])] },
      null,
      'ci',
    ),
    expected: ['rule 1: brace-quirk', 'rule 1: locks-moving-tags', 'rule 1: retention-name-quirk', 'rule 2: matches-nothing'],
  },
  {
    name: 'excluding repositories with "/" on Harbor 2.10.0 (doublestar v1.1.1): every tag stays mutable',
    source: `${ISSUE(20102)}: a repoExcludes list of names with "/", "no tag is immutable"`,
    project: 'platform',
    dialect: 'v1.1.1',
    rules: [wireRule(1, ['repoExcludes', '{cloudnative-pg/postgresql,crossplane/crossplane,argocd}'], ['matches', '**'])],
    snapshot: snapshotOf(
      {
        argocd: [artifact(['latest'])],
        'cloudnative-pg/postgresql': [artifact(['latest'])],
        'crossplane/crossplane': [artifact(['latest'])],
        redis: [artifact(['latest'])],
      },
      null,
      'platform',
    ),
    expected: ['rule 1: error-stops-tags', 'rule 1: stops-later-rules', 'rule 1: syntax-error'],
  },
  {
    name: 'lock everything, then an excluding rule for some repositories',
    source: `${ISSUE(19490)}: "all tags are immutable, the 2nd excluding rule does not take effect"`,
    project: 'library',
    rules: [wireRule(1, ALL, ['matches', '**']), wireRule(2, ['repoExcludes', '{sandbox,playground}'], ['matches', '**'])],
    expected: ['rule 1: ci-moving-tags', 'rule 2: exclusion-overridden'],
  },
  {
    name: 'lock everything, then rules that can only repeat it',
    source: `${ISSUE(19490)}; ${ISSUE(14806)} ("Immutability rules use OR logic")`,
    project: 'library',
    rules: [wireRule(1, ALL, ['matches', '**']), wireRule(2, ['repoMatches', 'readonly/**'], ['matches', '**']), wireRule(3, ALL, ['excludes', 'dev-*'])],
    // Rules 2 and 3 lock no tag of their own: only rule 3 still keeps untagged artifacts from retention.
    expected: ['rule 1: ci-moving-tags', 'rule 2: redundant-rule', 'rule 3: exclusion-overridden', 'rule 3: untagged-retained'],
  },
  {
    name: 'an exclusion counted against what an earlier rule already locks',
    source: `${ISSUE(19490)}, with a first rule narrower than "**"`,
    project: 'shop',
    rules: [wireRule(1, ALL, ['matches', '{v*,latest}']), wireRule(2, ALL, ['excludes', 'latest'])],
    snapshot: snapshotOf({ backend: [artifact(['v1.2.0', 'latest']), artifact(['main'])] }, null, 'shop'),
    expected: [
      'rule 1: locks-moving-tags',
      'rule 2: locks-moving-tags',
      'rule 2: exclusion-overridden-in-snapshot',
      'rule 2: untagged-retained',
    ],
  },
  {
    name: 'everything except SNAPSHOT tags keeps every untagged artifact from retention',
    source: `${ISSUE(22051)}: "For the repositories matching **, tags excluding *SNAPSHOT*"`,
    project: 'maven',
    rules: [wireRule(1, ALL, ['excludes', '*SNAPSHOT*'])],
    snapshot: snapshotOf(
      { 'team/api': [artifact(['1.0.0', '1.1.0-SNAPSHOT']), artifact([], { size: 800 * 1024 ** 2 })], web: [artifact(['2.0.0']), artifact([])] },
      null,
      'maven',
    ),
    expected: ['rule 1: ci-moving-tags', 'rule 1: untagged-retained', 'rule 1: untagged-retained-in-snapshot'],
  },
  {
    name: 'a typo in a tag exclusion',
    source: 'Taglock issue 12 ("an exclusion that excludes nothing in the snapshot (a typo such as *buxybox*)")',
    project: 'library',
    rules: [wireRule(1, ALL, ['excludes', '*buxybox*'])],
    snapshot: snapshotOf({ busybox: [artifact(['1.36.1', '1.36.1-busybox-musl'])], alpine: [artifact(['3.20'])] }),
    expected: ['rule 1: ci-moving-tags', 'rule 1: excludes-nothing', 'rule 1: untagged-retained'],
  },
  {
    name: 'a registry host in the repository pattern',
    source: 'harbor#21297 (repository patterns written as image references)',
    project: 'library',
    rules: [wireRule(1, ['repoMatches', 'harbor.example.com/library/**'], ['matches', 'v*'])],
    expected: ['rule 1: registry-host-prefix', 'rule 1: retention-name-quirk'],
  },
  {
    name: 'a registry host with a port, against the project\'s repositories',
    source: 'harbor#21297',
    project: 'library',
    rules: [wireRule(1, ['repoMatches', 'registry.example.com:5000/library/*'], ['matches', 'v*'])],
    snapshot: snapshotOf({ nginx: [artifact(['v1.27.0'])] }),
    expected: ['rule 1: matches-nothing', 'rule 1: registry-host-prefix'],
  },
  {
    name: 'the project name in the repository pattern of a project that has no such repository',
    source: `Harbor's default project "library"; the docs say repositories are matched without the project (${HARBOR_DOCS})`,
    project: 'library',
    rules: [wireRule(1, ['repoMatches', 'library/**'], ['matches', '**'])],
    snapshot: snapshotOf({ nginx: [artifact(['1.27'])], 'team/app': [artifact(['v1'])] }),
    expected: ['rule 1: ci-moving-tags', 'rule 1: matches-nothing', 'rule 1: project-prefix'],
  },
  {
    name: 'library/** in a Docker Hub proxy-cache project of a whole Harbor (which also has a library project)',
    source: 'Harbor proxy-cache projects (repositories library/<image>); Taglock issue 12, first false positive',
    project: 'dockerhub',
    rules: [wireRule(1, ['repoMatches', 'library/**'], ['matches', '*.*'])],
    snapshot: harbor({
      library: { app: [artifact(['1.0'])] },
      dockerhub: { 'library/nginx': [artifact(['1.27', 'latest'])], 'library/redis': [artifact(['7.2'])] },
    }),
    expected: ['rule 1: retention-name-quirk'],
  },
  {
    name: 'excluding every repository',
    source: `${ISSUE(9706)} (Harbor's UI refuses "excluding **"); the API accepts it`,
    project: 'library',
    rules: [wireRule(1, ['repoExcludes', '**'], ['matches', '**'])],
    expected: ['rule 1: ui-refuses'],
  },
  {
    name: 'a namespace decoration sent through the API',
    source: 'Harbor API, https://github.com/goharbor/harbor/blob/v2.15.2/api/v2.0/swagger.yaml (ImmutableSelector.decoration is free text; retention\'s nsMatches is stored too)',
    project: 'library',
    rules: [wireRule(1, ['nsMatches', '**'], ['matches', '**'])],
    expected: ['rule 1: namespace-decoration'],
  },
  {
    name: 'a broken pattern in a disabled rule',
    source: `${ISSUE(15700)} (rules kept disabled while being fixed; Terraform's example is disabled)`,
    project: 'library',
    rules: [wireRule(1, ALL, ['matches', 'v[0-9*'], true), wireRule(2, ALL, ['matches', 'v*.*.*'])],
    expected: ['rule 1: syntax-error'],
  },
];
