// Generates the OpenAPI v3 documents of the served group-versions that have no vendored upstream
// v3 file (libs/api/openapi/v3-generated/) from the vendored Swagger 2.0 document
// (libs/api/openapi/swagger.json), shaped as kube-apiserver serves them at /openapi/v3/<gv>.
// Run: npm run generate -w @kubeledger/api. The output is committed and never edited by hand; a
// test fails when it is out of date.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The group-versions to generate: the served ones without a vendored v3 file. The apiserver's
 * tests fail when a served group-version has neither: add it here and run the generator.
 */
export const GENERATED_GROUP_VERSIONS = ['authentication.k8s.io/v1', 'authorization.k8s.io/v1', 'coordination.k8s.io/v1', 'events.k8s.io/v1', 'networking.k8s.io/v1', 'policy/v1', 'rbac.authorization.k8s.io/v1'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface Swagger {
  readonly info: Json;
  readonly paths: Record<string, JsonObject>;
  readonly definitions: Record<string, JsonObject>;
  readonly parameters: Record<string, JsonObject>;
  readonly securityDefinitions: Record<string, JsonObject>;
}

const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
const V2_DEFINITIONS = '#/definitions/';
const V3_SCHEMAS = '#/components/schemas/';

/** `apps/v1` → `/apis/apps/v1/`, `v1` → `/api/v1/`: the prefix of the group-version's paths. */
export const pathPrefix = (groupVersion: string): string => (groupVersion.includes('/') ? `/apis/${groupVersion}/` : `/api/${groupVersion}/`);

/** `apps/v1` → `apis__apps__v1_openapi.json`, the file name upstream's v3 documents use. */
export const documentFileName = (groupVersion: string): string => `${pathPrefix(groupVersion).slice(1, -1).split('/').join('__')}_openapi.json`;

/**
 * One group-version's v3 document from the v2 one, as kube-openapi's builder3 shapes it (and its
 * openapiconv converts): the group-version's paths with shared parameters inlined, body
 * parameters as `requestBody` per consumed media type, responses with `content` per produced
 * media type, `#/definitions/` → `#/components/schemas/`, a `$ref` with siblings wrapped in
 * `allOf`, and only the schemas the paths reach. What v2 does not carry is not invented: the
 * `default` values builder3 derives from Go types are absent.
 */
export function convertGroupVersion(swagger: Swagger, groupVersion: string): JsonObject {
  const prefix = pathPrefix(groupVersion);
  const paths: JsonObject = {};
  for (const [route, item] of Object.entries(swagger.paths)) {
    if (route.startsWith(prefix)) paths[route] = convertPathItem(item, swagger);
  }
  if (Object.keys(paths).length === 0) throw new Error(`swagger.json has no paths under ${prefix}`);
  const reached = new Set<string>();
  const visit = (node: Json) => {
    for (const name of refsIn(node, V3_SCHEMAS)) {
      if (reached.has(name)) continue;
      const definition = swagger.definitions[name];
      if (!definition) throw new Error(`swagger.json has no definition ${name}`);
      reached.add(name);
      visit(convertSchema(definition));
    }
  };
  visit(paths);
  const schemas: JsonObject = {};
  for (const name of [...reached].sort()) schemas[name] = convertSchema(swagger.definitions[name]!);
  return sortKeys({
    openapi: '3.0.0',
    info: swagger.info,
    paths,
    components: { schemas, securitySchemes: swagger.securityDefinitions },
  }) as JsonObject;
}

function convertPathItem(item: JsonObject, swagger: Swagger): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(item)) {
    if (key === 'parameters') out[key] = (value as JsonObject[]).map((p) => convertParameter(resolve(p, swagger)));
    else if (OPERATIONS.includes(key)) out[key] = convertOperation(value as JsonObject, swagger);
    else out[key] = value;
  }
  return out;
}

function convertOperation(operation: JsonObject, swagger: Swagger): JsonObject {
  const { consumes, produces, schemes: _schemes, parameters, responses, ...rest } = operation;
  const out: JsonObject = { ...rest };
  const converted: JsonObject[] = [];
  for (const parameter of ((parameters ?? []) as JsonObject[]).map((p) => resolve(p, swagger))) {
    if (parameter['in'] === 'body' && parameter['schema']) {
      const schema = convertSchema(parameter['schema'] as JsonObject);
      out['requestBody'] = { content: Object.fromEntries(((consumes ?? []) as string[]).map((type) => [type, { schema }])) };
    } else {
      converted.push(convertParameter(parameter));
    }
  }
  if (converted.length) out['parameters'] = converted;
  out['responses'] = Object.fromEntries(
    Object.entries((responses ?? {}) as Record<string, JsonObject>).map(([code, response]) => [code, convertResponse(response, (produces ?? []) as string[])]),
  );
  return out;
}

function convertResponse(response: JsonObject, produces: readonly string[]): JsonObject {
  const { schema, ...rest } = response;
  if (!schema) return rest;
  const converted = convertSchema(schema as JsonObject);
  return { ...rest, content: Object.fromEntries(produces.map((type) => [type, { schema: converted }])) };
}

/** A v2 parameter as a v3 one: its simple type moves into `schema`. */
function convertParameter(parameter: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(parameter)) {
    if (PARAMETER_FIELDS.has(key) || key.startsWith('x-')) out[key] = value;
  }
  const { type, format, uniqueItems, schema } = parameter;
  if (schema) out['schema'] = convertSchema(schema as JsonObject);
  else out['schema'] = { type: type ?? null, ...(format !== undefined && { format }), ...(uniqueItems !== undefined && { uniqueItems }) };
  return out;
}

/** What openapiconv's ConvertParameter keeps besides the schema. */
const PARAMETER_FIELDS = new Set(['name', 'in', 'description', 'required', 'allowEmptyValue']);

function resolve(parameter: JsonObject, swagger: Swagger): JsonObject {
  const ref = parameter['$ref'];
  if (typeof ref !== 'string') return parameter;
  const resolved = swagger.parameters[ref.replace(/^#\/parameters\//, '')];
  if (!resolved) throw new Error(`swagger.json has no parameter ${ref}`);
  return resolved;
}

/** Renames the refs, then wraps a `$ref` that has siblings in `allOf` (builder3's WrapRefs). */
function convertSchema(schema: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref') out[key] = (value as string).replace(V2_DEFINITIONS, V3_SCHEMAS);
    else if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as Record<string, JsonObject>).map(([k, v]) => [k, convertSchema(v)]));
    else if ((key === 'items' || key === 'additionalProperties' || key === 'additionalItems') && isObject(value)) out[key] = convertSchema(value);
    else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) out[key] = (value as JsonObject[]).map(convertSchema);
    else out[key] = value;
  }
  const { $ref, ...siblings } = out;
  if ($ref === undefined || Object.keys(siblings).length === 0) return out;
  return { ...siblings, allOf: [{ $ref }] };
}

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function refsIn(node: Json, prefix: string, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, prefix, out));
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(prefix)) out.push(value.slice(prefix.length));
      else refsIn(value, prefix, out);
    }
  }
  return out;
}

function sortKeys(node: Json): Json {
  if (Array.isArray(node)) return node.map(sortKeys);
  if (!isObject(node)) return node;
  return Object.fromEntries(Object.keys(node).sort().map((k) => [k, sortKeys(node[k]!)]));
}

/** The file's text: as upstream's files are laid out (sorted keys, two-space indent, final newline). */
export const documentText = (document: JsonObject): string => `${JSON.stringify(document, null, 2)}\n`;

const here = path.dirname(fileURLToPath(import.meta.url));
export const SWAGGER_PATH = path.join(here, '../openapi/swagger.json');
export const OUTPUT_DIR = path.join(here, '../openapi/v3-generated');

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const swagger = JSON.parse(readFileSync(SWAGGER_PATH, 'utf8')) as Swagger;
  mkdirSync(OUTPUT_DIR, { recursive: true });
  for (const file of readdirSync(OUTPUT_DIR).filter((f) => f.endsWith('_openapi.json'))) rmSync(path.join(OUTPUT_DIR, file));
  for (const groupVersion of GENERATED_GROUP_VERSIONS) {
    const file = path.join(OUTPUT_DIR, documentFileName(groupVersion));
    writeFileSync(file, documentText(convertGroupVersion(swagger, groupVersion)));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
