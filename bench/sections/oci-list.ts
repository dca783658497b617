// List the tags of the same repositories of a real docker-registry with Taglock and with Debian's
// skopeo (`skopeo list-tags`, one call per repository, as a script would use it), in the same run.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { HttpClient } from '../../electron/services/http/http-client.js';
import { mapLimited } from '../../electron/services/http/limiter.js';
import { OciRegistryClient } from '../../electron/services/registry/oci/oci-client.js';
import { dockerRegistryUnavailable, pushImage, startDockerRegistry } from '../../test/support/docker-registry/index.js';
import { report } from '../measure.js';

const run = promisify(execFile);
const REPOSITORIES = 60;

const unavailable = dockerRegistryUnavailable();
const skopeo = await run('skopeo', ['--version']).then(() => true, () => false);
if (unavailable || !skopeo) {
  report('oci-list', { skipped: unavailable ?? 'skopeo is not installed (apt package skopeo)' });
  process.exit(0);
}
const registry = await startDockerRegistry({ auth: 'none' });
try {
  const names = Array.from({ length: REPOSITORIES }, (_, i) => `shop/team-${i % 6}/app-${i}`);
  await mapLimited(names, 4, (name, i) => pushImage(registry.url, name, { tags: ['v1.0.0', 'latest', `build-${i}`], seed: name }));
  const host = registry.url.replace(/^http:\/\//, '');

  const skopeoStart = process.hrtime.bigint();
  let skopeoTags = 0;
  for (const name of names) {
    const { stdout } = await run('skopeo', ['list-tags', '--tls-verify=false', `docker://${host}/${name}`]);
    skopeoTags += (JSON.parse(stdout) as { Tags: string[] }).Tags.length;
  }
  const skopeoMs = Number(process.hrtime.bigint() - skopeoStart) / 1e6;

  const http = new HttpClient({ baseUrl: registry.url, proxyFromEnvironment: false });
  const client = new OciRegistryClient(http);
  const taglockStart = process.hrtime.bigint();
  const lists = await mapLimited(names, 8, (name) => client.listTags(name));
  const taglockMs = Number(process.hrtime.bigint() - taglockStart) / 1e6;
  await http.close();
  report('oci-list', { repositories: REPOSITORIES, taglockMs, skopeoMs, taglockTags: lists.flat().length, skopeoTags });
} finally {
  await registry.close();
}
