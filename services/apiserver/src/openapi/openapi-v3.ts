import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** One group-version's OpenAPI v3 document, as bytes with the hash that names this version of it. */
export interface OpenApiV3Document {
  /** `api/v1`, `apis/apps/v1` */
  readonly path: string;
  readonly body: Buffer;
  readonly hash: string;
}

/**
 * The vendored upstream OpenAPI v3 documents (libs/api/openapi/v3, see its README), read once.
 * File names follow upstream's test data: `apis__apps__v1_openapi.json` is `apis/apps/v1`.
 */
export function loadOpenApiV3(): Map<string, OpenApiV3Document> {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('@kubeledger/api/package.json')), 'openapi', 'v3');
  const docs = new Map<string, OpenApiV3Document>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('_openapi.json')).sort()) {
    const docPath = file.replace(/_openapi\.json$/, '').split('__').join('/');
    const body = readFileSync(path.join(dir, file));
    docs.set(docPath, { path: docPath, body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() });
  }
  return docs;
}
