// Test helper (Node): pushes real images to a registry through its HTTP API (fetch, i.e. undici):
// blobs (a config and gzipped tar layers) by monolithic upload (POST, then PUT with the digest), then a
// manifest (OCI or Docker v2 schema 2) under each tag, or an image index / manifest list referencing two
// platform manifests. Handles the registry's Basic or Bearer (token) challenge like `docker push`.
import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { RegistryUser } from './types.js';

export const MEDIA = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export interface PushImageOptions {
  /** Tags to put the manifest under; all share one digest. Empty: pushed by digest only (untagged). */
  tags: readonly string[];
  /** Layer contents (each becomes a one-file gzipped tar), or how many layers (default 1). */
  layers?: number | readonly (string | Uint8Array)[];
  /** Push an image index (Docker: manifest list) of two platform manifests instead of one manifest. */
  index?: boolean;
  /** OCI (default) or Docker v2 schema 2 media types. */
  format?: 'oci' | 'docker';
  credentials?: RegistryUser;
  /** Makes the image's content (hence its digest) repeatable; default random, so every push differs. */
  seed?: string;
  signal?: AbortSignal;
}

export interface PushedManifest {
  digest: string;
  mediaType: string;
  /** Manifest size in bytes. */
  size: number;
  platform?: { os: string; architecture: string };
  configDigest?: string;
  layerDigests?: string[];
}

export interface PushedImage extends PushedManifest {
  repository: string;
  tags: string[];
  /** The platform manifests of an index, in order. */
  children: PushedManifest[];
}

export function sha256(data: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A minimal ustar archive holding one regular file. */
export function tarOneFile(name: string, content: Uint8Array): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value.slice(0, length), offset, 'ascii');
  const octal = (offset: number, length: number, value: number) => field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
  field(0, 100, name);
  octal(100, 8, 0o644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, content.length);
  octal(136, 12, 1_700_000_000);
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, Buffer.from(content), padding, Buffer.alloc(1024)]);
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

function parseChallenge(header: string | null): Challenge | null {
  if (!header) return null;
  const match = /^(\w+)\s*(.*)$/.exec(header.trim());
  if (!match) return null;
  const params: Record<string, string> = {};
  for (const m of match[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) params[m[1]!.toLowerCase()] = m[2]!.replace(/\\(.)/g, '$1');
  return { scheme: match[1]!.toLowerCase(), params };
}

/** A `docker push`-like HTTP session: remembers the auth scheme and a token per scope. */
export class RegistrySession {
  private readonly tokens = new Map<string, string>();
  private scheme: 'none' | 'basic' | 'bearer' = 'none';
  /** Requests sent to the registry (not counting the token service). */
  requests = 0;

  constructor(
    readonly url: string,
    private readonly credentials?: RegistryUser,
    private readonly signal?: AbortSignal,
  ) {}

  private basic(): string | undefined {
    if (!this.credentials) return undefined;
    return `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
  }

  private authorization(scope: string): string | undefined {
    if (this.scheme === 'basic') return this.basic();
    if (this.scheme === 'bearer') {
      const token = this.tokens.get(scope);
      return token ? `Bearer ${token}` : undefined;
    }
    return undefined;
  }

  private async token(challenge: Challenge, scope: string): Promise<string> {
    const realm = new URL(challenge.params.realm ?? '');
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    for (const s of new Set([scope, ...(challenge.params.scope ?? '').split(' ')].filter(Boolean))) realm.searchParams.append('scope', s);
    const headers: Record<string, string> = {};
    const basic = this.basic();
    if (basic) headers.authorization = basic;
    const response = await fetch(realm, { headers, ...(this.signal ? { signal: this.signal } : {}) });
    const text = await response.text();
    if (!response.ok) throw new Error(`token service answered ${response.status}: ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { token?: string; access_token?: string };
    const token = body.token || body.access_token;
    if (!token) throw new Error('token service answered no token');
    return token;
  }

  /** Sends a request needing `scope` (token auth), answering the registry's challenge once. */
  async send(method: string, path: string, init: { scope: string; headers?: Record<string, string>; body?: Uint8Array | string }): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { ...init.headers };
      const authorization = this.authorization(init.scope);
      if (authorization) headers.authorization = authorization;
      this.requests++;
      const response = await fetch(new URL(path, this.url), {
        method,
        headers,
        redirect: 'manual',
        ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) } : {}),
        ...(this.signal ? { signal: this.signal } : {}),
      });
      if (response.status !== 401 || attempt > 0) return response;
      await response.arrayBuffer();
      const challenge = parseChallenge(response.headers.get('www-authenticate'));
      if (challenge?.scheme === 'basic') {
        this.scheme = 'basic';
      } else if (challenge?.scheme === 'bearer') {
        this.scheme = 'bearer';
        this.tokens.set(init.scope, await this.token(challenge, init.scope));
      } else {
        return response;
      }
    }
  }

  /** Like send(), but any answer other than `expected` is an error naming the registry's words. */
  async expect(expected: number, method: string, path: string, init: Parameters<RegistrySession['send']>[2]): Promise<Response> {
    const response = await this.send(method, path, init);
    if (response.status !== expected) {
      const text = await response.text();
      throw new Error(`${method} ${path}: expected ${expected}, got ${response.status}: ${text.slice(0, 500)}`);
    }
    return response;
  }
}

/** Uploads a blob (POST to start, PUT with the digest to finish) unless the registry already has it. */
export async function uploadBlob(session: RegistrySession, repository: string, data: Uint8Array): Promise<{ digest: string; size: number }> {
  const digest = sha256(data);
  const scope = `repository:${repository}:pull,push`;
  const head = await session.send('HEAD', `/v2/${repository}/blobs/${digest}`, { scope });
  await head.arrayBuffer();
  if (head.status === 200) return { digest, size: data.length };
  const start = await session.expect(202, 'POST', `/v2/${repository}/blobs/uploads/`, { scope });
  await start.arrayBuffer();
  const location = start.headers.get('location');
  if (!location) throw new Error(`POST /v2/${repository}/blobs/uploads/: no Location header`);
  const target = new URL(location, session.url);
  target.searchParams.set('digest', digest);
  const put = await session.expect(201, 'PUT', target.pathname + target.search, {
    scope,
    headers: { 'content-type': 'application/octet-stream' },
    body: data,
  });
  await put.arrayBuffer();
  return { digest, size: data.length };
}

/** PUTs a manifest under a tag or its digest; returns the digest the registry computed. */
export async function putManifest(session: RegistrySession, repository: string, reference: string, mediaType: string, body: Buffer): Promise<string> {
  const response = await session.expect(201, 'PUT', `/v2/${repository}/manifests/${reference}`, {
    scope: `repository:${repository}:pull,push`,
    headers: { 'content-type': mediaType },
    body,
  });
  await response.arrayBuffer();
  const digest = response.headers.get('docker-content-digest') ?? sha256(body);
  if (digest !== sha256(body)) throw new Error(`registry computed ${digest} for a manifest whose sha256 is ${sha256(body)}`);
  return digest;
}

async function pushPlatformImage(
  session: RegistrySession,
  repository: string,
  format: 'oci' | 'docker',
  layers: readonly Uint8Array[],
  platform: { os: string; architecture: string },
  nonce: string,
): Promise<{ manifest: Buffer; pushed: PushedManifest }> {
  const layerDescriptors: { mediaType: string; digest: string; size: number }[] = [];
  const diffIds: string[] = [];
  for (const [i, content] of layers.entries()) {
    const tar = tarOneFile(`taglock-layer-${i}.txt`, content);
    diffIds.push(sha256(tar));
    const gz = gzipSync(tar);
    const blob = await uploadBlob(session, repository, gz);
    layerDescriptors.push({ mediaType: format === 'oci' ? MEDIA.ociLayer : MEDIA.dockerLayer, ...blob });
  }
  const config = Buffer.from(
    JSON.stringify({
      created: '2026-01-01T00:00:00Z',
      architecture: platform.architecture,
      os: platform.os,
      config: { Labels: { 'org.taglock.test.nonce': nonce } },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: diffIds.map(() => ({ created: '2026-01-01T00:00:00Z', created_by: 'taglock test helper' })),
    }),
  );
  const configBlob = await uploadBlob(session, repository, config);
  const mediaType = format === 'oci' ? MEDIA.ociManifest : MEDIA.dockerManifest;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: { mediaType: format === 'oci' ? MEDIA.ociConfig : MEDIA.dockerConfig, ...configBlob },
      layers: layerDescriptors,
    }),
  );
  return {
    manifest,
    pushed: { digest: sha256(manifest), mediaType, size: manifest.length, platform, configDigest: configBlob.digest, layerDigests: layerDescriptors.map((l) => l.digest) },
  };
}

/**
 * Pushes one image (or an index of two platform images) and tags it with every tag in `options.tags`.
 * `url` is the registry's base URL (http://127.0.0.1:port).
 */
export async function pushImage(url: string, repository: string, options: PushImageOptions): Promise<PushedImage> {
  const session = new RegistrySession(url, options.credentials, options.signal);
  const format = options.format ?? 'oci';
  const nonce = options.seed ?? randomUUID();
  const layerSpec = options.layers ?? 1;
  const contents = (typeof layerSpec === 'number' ? Array.from({ length: layerSpec }, (_, i) => `layer ${i} of ${repository}\n`) : [...layerSpec]).map((c) =>
    typeof c === 'string' ? Buffer.from(`${c}\n${nonce}\n`) : c,
  );

  if (!options.index) {
    const { manifest, pushed } = await pushPlatformImage(session, repository, format, contents, { os: 'linux', architecture: 'amd64' }, nonce);
    if (options.tags.length === 0) await putManifest(session, repository, pushed.digest, pushed.mediaType, manifest);
    for (const tag of options.tags) await putManifest(session, repository, tag, pushed.mediaType, manifest);
    const { platform: _platform, ...rest } = pushed;
    return { ...rest, repository, tags: [...options.tags], children: [] };
  }

  const children: PushedManifest[] = [];
  for (const platform of [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }]) {
    const { manifest, pushed } = await pushPlatformImage(session, repository, format, contents, platform, `${nonce}/${platform.architecture}`);
    // Children go up untagged, by digest, before the index that references them.
    await putManifest(session, repository, pushed.digest, pushed.mediaType, manifest);
    children.push(pushed);
  }
  const mediaType = format === 'oci' ? MEDIA.ociIndex : MEDIA.dockerList;
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      manifests: children.map((c) => ({ mediaType: c.mediaType, digest: c.digest, size: c.size, platform: c.platform })),
    }),
  );
  const digest = sha256(index);
  if (options.tags.length === 0) await putManifest(session, repository, digest, mediaType, index);
  for (const tag of options.tags) await putManifest(session, repository, tag, mediaType, index);
  return { digest, mediaType, size: index.length, repository, tags: [...options.tags], children };
}

/** Puts more tags on a manifest already in the repository (by tag or digest): same digest, new names. */
export async function addTags(url: string, repository: string, reference: string, tags: readonly string[], credentials?: RegistryUser): Promise<string> {
  const session = new RegistrySession(url, credentials);
  const response = await session.expect(200, 'GET', `/v2/${repository}/manifests/${reference}`, {
    scope: `repository:${repository}:pull,push`,
    headers: { accept: [MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerList, MEDIA.dockerManifest].join(', ') },
  });
  const body = Buffer.from(await response.arrayBuffer());
  const mediaType = (response.headers.get('content-type') ?? MEDIA.ociManifest).split(';')[0]!.trim();
  let digest = sha256(body);
  for (const tag of tags) digest = await putManifest(session, repository, tag, mediaType, body);
  return digest;
}

/** Deletes a tag's manifest (all tags on that digest go with it); needs `storage.delete.enabled`. */
export async function deleteManifest(url: string, repository: string, digest: string, credentials?: RegistryUser): Promise<void> {
  const session = new RegistrySession(url, credentials);
  const response = await session.expect(202, 'DELETE', `/v2/${repository}/manifests/${digest}`, { scope: `repository:${repository}:delete` });
  await response.arrayBuffer();
}
