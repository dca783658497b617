// Runs anywhere (pure).
/** Manifest media types of OCI and Docker registries, and the `Accept` header that asks for all of them. */

export const OCI_IMAGE_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_IMAGE_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_V1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';
export const DOCKER_MANIFEST_V1 = 'application/vnd.docker.distribution.manifest.v1+json';

/**
 * Indexes first, so a registry never hands a single platform's manifest for a multi-arch tag; without
 * the Docker types, older registries would convert schema 2 manifests to schema 1 (a different digest).
 */
export const MANIFEST_ACCEPT = [OCI_IMAGE_INDEX, OCI_IMAGE_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST_V2].join(', ');

const MANIFEST_TYPES = new Set([OCI_IMAGE_INDEX, OCI_IMAGE_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST_V2, DOCKER_MANIFEST_V1_SIGNED, DOCKER_MANIFEST_V1]);

export function isIndexMediaType(mediaType: string | null | undefined): boolean {
  return mediaType === OCI_IMAGE_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}

export function isManifestMediaType(mediaType: string | null | undefined): boolean {
  return mediaType !== null && mediaType !== undefined && MANIFEST_TYPES.has(mediaType);
}

/** `application/x; charset=utf-8` -> `application/x`; empty or absent -> null. */
export function bareMediaType(contentType: string | null | undefined): string | null {
  const bare = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return bare === '' ? null : bare;
}
