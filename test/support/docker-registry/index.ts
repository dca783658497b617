// Test helper (Node): the real CNCF distribution registry for integration tests. See registry.ts,
// token-server.ts and push.ts.
export {
  DEFAULT_USERS,
  DOCKER_REGISTRY_APT_PACKAGES,
  DOCKER_REGISTRY_BIN,
  DOCKER_REGISTRY_REQUIRED,
  TOKEN_ISSUER,
  TOKEN_SERVICE,
  dockerRegistryUnavailable,
  skipWithoutDockerRegistry,
  startDockerRegistry,
  type DockerRegistry,
  type StartDockerRegistryOptions,
} from './registry.js';
export { libtrustKeyId, parseScope, startTokenServer, type TokenRequestRecord, type TokenServer, type TokenServerOptions } from './token-server.js';
export {
  MEDIA,
  RegistrySession,
  addTags,
  deleteManifest,
  pushImage,
  putManifest,
  sha256,
  tarOneFile,
  uploadBlob,
  type PushImageOptions,
  type PushedImage,
  type PushedManifest,
} from './push.js';
export type { RegistryUser } from './types.js';
