import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** A served OpenAPI document: its bytes, the hash that names this version of them, and their gzip form (made on first use). */
export interface OpenApiDocument {
  /** `api/v1`, `apis/apps/v1` for v3 documents; `v2` for the Swagger document. */
  readonly path: string;
  readonly body: Buffer;
  /** SHA-512 of the body in upper-case hex, as kube-openapi's ETags and `?hash=` are. */
  readonly hash: string;
  gzipped(): Buffer;
}

export function openApiDocument(path: string, body: Buffer): OpenApiDocument {
  let gzipped: Buffer | undefined;
  return {
    path,
    body,
    hash: createHash('sha512').update(body).digest('hex').toUpperCase(),
    gzipped: () => (gzipped ??= gzipSync(body)),
  };
}

/** `v1` → `api/v1`, `apps/v1` → `apis/apps/v1`: how /openapi/v3 names a group-version. */
export const groupVersionPath = (groupVersion: string): string => (groupVersion.includes('/') ? `apis/${groupVersion}` : `api/${groupVersion}`);
