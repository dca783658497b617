// Test helper (Node): a Harbor-faithful server filled with a realistic project, and clients for it.
import type { HarborServerOptions } from './harbor-server/index.js';
import { startHarborServer } from './harbor-server/index.js';
import { HttpClient } from '../../electron/services/http/http-client.js';
import { HarborClient } from '../../electron/services/registry/harbor/harbor-client.js';
import { wireRule } from './snapshots.js';

export const ADMIN = { username: 'admin-alice', password: 'Alice-Pass-123' };
export const DEVELOPER = { username: 'dev-dan', password: 'Dan-Pass-456' };
export const ROBOT = { name: 'ci', secret: 'Robot-Secret-789' };

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, 'a')}`;

export function shopProject(): NonNullable<HarborServerOptions['projects']>[number] {
  return {
    name: 'shop',
    repositories: [
      {
        name: 'team/app',
        artifacts: [
          // More tags than one listing embeds: the client must page the tags endpoint.
          { digest: digest(1), tags: ['v1.0.0', 'stable', ...Array.from({ length: 13 }, (_, i) => `build-${i}`)] },
          { digest: digest(2), tags: ['latest', 'main'] },
          { digest: digest(3), tags: [] },
        ],
      },
      { name: 'nginx', artifacts: [{ digest: digest(4), tags: ['1.25', 'rc'], references: [digest(40), digest(41)] }] },
      { name: 'team/sub/deep', artifacts: [{ digest: digest(5), tags: ['v2.0.0'] }] },
    ],
    rules: [wireRule(1, ['repoMatches', '**'], ['matches', 'v*.*.*']), wireRule(2, ['repoMatches', 'nginx'], ['excludes', 'rc'])],
    retention: SHOP_RETENTION,
  };
}

/**
 * The shop's tag-retention policy, as Harbor's web UI creates it: keep the most recently pushed artifact
 * of every repository, untagged ones too, no schedule. In team/app it would delete the two older
 * artifacts, and immutability keeps v1.0.0's.
 */
export const SHOP_RETENTION = {
  algorithm: 'or',
  rules: [
    {
      disabled: false,
      action: 'retain',
      template: 'latestPushedK',
      params: { latestPushedK: 1 },
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
    },
  ],
  trigger: { kind: 'Schedule', settings: { cron: '' } },
};

export async function startShop(options: HarborServerOptions = {}) {
  return startHarborServer({
    users: [
      { ...ADMIN, roles: { shop: 'projectAdmin' } },
      { ...DEVELOPER, roles: { shop: 'developer' } },
    ],
    robots: [{ ...ROBOT, permissions: { shop: ['immutable-tag:list', 'immutable-tag:create', 'immutable-tag:update', 'immutable-tag:delete', 'repository:list', 'artifact:list', 'tag:list', 'project:read'] } }],
    projects: [shopProject()],
    ...options,
  });
}

export function harborClient(url: string, credentials: { username: string; password: string } | null = ADMIN, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  return new HarborClient(
    new HttpClient({ baseUrl: url, credentials, proxyFromEnvironment: false, retry: { retries: 3, baseDelayMs: 20, maxDelayMs: 2000 }, ...extra }),
  );
}
