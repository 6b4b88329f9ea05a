import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { groupVersionPath, openApiDocument, type OpenApiDocument } from './openapi-document.js';
import { openApiDir } from './openapi-dir.js';

/**
 * The OpenAPI v3 documents of the served group-versions (`v1`, `apps/v1`), read once: upstream's
 * own where vendored (libs/api/openapi/v3), else the ones generated from swagger.json
 * (libs/api/openapi/v3-generated; see libs/api/openapi/README.md). As upstream, only installed
 * group-versions are served. File names follow upstream's: `apis__apps__v1_openapi.json` is `apis/apps/v1`.
 */
export function loadOpenApiV3(groupVersions: Iterable<string>): Map<string, OpenApiDocument> {
  const files = new Map<string, string>();
  for (const dir of ['v3-generated', 'v3'].map((d) => path.join(openApiDir(), d))) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('_openapi.json'))) {
      files.set(file.replace(/_openapi\.json$/, '').split('__').join('/'), path.join(dir, file));
    }
  }
  const docs = new Map<string, OpenApiDocument>();
  for (const docPath of [...new Set([...groupVersions].map(groupVersionPath))].sort()) {
    const file = files.get(docPath);
    if (file) docs.set(docPath, openApiDocument(docPath, readFileSync(file)));
  }
  return docs;
}
