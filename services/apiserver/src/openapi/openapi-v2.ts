import { readFileSync } from 'node:fs';
import path from 'node:path';
import { groupVersionPath, openApiDocument, type OpenApiDocument } from './openapi-document.js';
import { openApiDir } from './openapi-dir.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Swagger {
  readonly paths: Record<string, Json>;
  readonly definitions: Record<string, Json>;
  readonly parameters: Record<string, Json>;
  readonly [key: string]: Json;
}

/**
 * /openapi/v2: the vendored swagger.json (libs/api/openapi) cut down to what this server serves, as
 * upstream's document holds only installed APIs — the served group-versions' paths, the
 * discovery paths of their groups and `/version/`, and the definitions and shared parameters
 * those reach.
 */
export function loadOpenApiV2(groupVersions: Iterable<string>): OpenApiDocument {
  const swagger = JSON.parse(readFileSync(path.join(openApiDir(), 'swagger.json'), 'utf8')) as Swagger;
  return openApiDocument('v2', Buffer.from(JSON.stringify(servedSwagger(swagger, [...groupVersions]))));
}

function servedSwagger(swagger: Swagger, groupVersions: readonly string[]): Swagger {
  const prefixes = groupVersions.map((gv) => `/${groupVersionPath(gv)}/`);
  const exact = new Set(['/apis/', '/version/']);
  for (const gv of groupVersions) exact.add(gv.includes('/') ? `/apis/${gv.split('/')[0]}/` : '/api/');
  const paths = Object.fromEntries(Object.entries(swagger.paths).filter(([route]) => exact.has(route) || prefixes.some((p) => route.startsWith(p))));

  const parameters: Record<string, Json> = {};
  const definitions: Record<string, Json> = {};
  const visit = (node: Json) => {
    for (const ref of refsIn(node)) {
      const [, kind, name] = /^#\/(definitions|parameters)\/(.+)$/.exec(ref) ?? [];
      const [source, target] = kind === 'parameters' ? [swagger.parameters, parameters] : [swagger.definitions, definitions];
      if (!name || target[name] !== undefined || source[name] === undefined) continue;
      target[name] = source[name]!;
      visit(source[name]!);
    }
  };
  visit(paths);
  const sorted = (record: Record<string, Json>) => Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]!]));
  return { ...swagger, paths, definitions: sorted(definitions), parameters: sorted(parameters) };
}

function refsIn(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else refsIn(value, out);
    }
  }
  return out;
}
