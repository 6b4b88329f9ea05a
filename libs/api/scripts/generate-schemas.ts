// Generates libs/api/src/generated/schemas.ts — zod schemas for the built-in types — from the
// vendored OpenAPI document (libs/api/openapi/swagger.json). Run: npm run generate -w @kubeledger/api
// The output is committed and never edited by hand; a test fails when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SchemaNode {
  type?: string;
  format?: string;
  $ref?: string;
  allOf?: SchemaNode[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  required?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** The API groups whose types are generated (with every type they reach). */
export const GROUPS = [
  'io.k8s.api.core.v1.',
  'io.k8s.api.apps.v1.',
  'io.k8s.api.batch.v1.',
  'io.k8s.api.coordination.v1.',
  'io.k8s.api.discovery.v1.',
  'io.k8s.api.events.v1.',
  'io.k8s.api.autoscaling.v1.',
  'io.k8s.api.policy.v1.',
  'io.k8s.api.rbac.v1.',
  'io.k8s.api.authentication.v1.',
  'io.k8s.api.authorization.v1.',
  'io.k8s.api.networking.v1.',
  'io.k8s.apimachinery.pkg.apis.meta.v1.',
];

/** Types whose JSON form is not what their OpenAPI `type` says: hand-written in schema-primitives.ts. */
export const PRIMITIVES: Record<string, string> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'intOrString',
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'anyJson',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': 'anyJson',
};

/** `io.k8s.api.core.v1.Pod` → `core_v1_Pod`; `io.k8s.apimachinery.pkg.apis.meta.v1.Time` → `meta_v1_Time`. */
export function schemaName(definition: string): string {
  return definition
    .replace(/^io\.k8s\.api\./, '')
    .replace(/^io\.k8s\.apimachinery\.pkg\.apis\./, '')
    .replace(/^io\.k8s\.apimachinery\.pkg\./, '')
    .replace(/^io\.k8s\./, '')
    .replace(/[.-]/g, '_');
}

export const refName = (ref: string) => ref.replace(/^#\/definitions\//, '');

export function references(node: SchemaNode | undefined, out: Set<string>): Set<string> {
  if (!node) return out;
  if (node.$ref) out.add(refName(node.$ref));
  node.allOf?.forEach((n) => references(n, out));
  references(node.items, out);
  if (typeof node.additionalProperties === 'object') references(node.additionalProperties, out);
  for (const p of Object.values(node.properties ?? {})) references(p, out);
  return out;
}

/** Every definition the chosen groups (GROUPS) reach, not looking inside the hand-written PRIMITIVES. */
export function reachableDefinitions(defs: Record<string, SchemaNode>): Set<string> {
  const wanted = new Set<string>();
  const visit = (name: string) => {
    if (wanted.has(name) || !defs[name]) return;
    wanted.add(name);
    if (!PRIMITIVES[name]) references(defs[name], new Set()).forEach(visit);
  };
  Object.keys(defs).filter((d) => GROUPS.some((g) => d.startsWith(g))).sort().forEach(visit);
  return wanted;
}

export function generate(swagger: { definitions: Record<string, SchemaNode> }): string {
  const defs = swagger.definitions;
  const wanted = reachableDefinitions(defs);

  // Dependencies first; an edge back into the current path is a cycle and goes through z.lazy.
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const lazy = new Set<string>();
  const sortVisit = (name: string) => {
    state.set(name, 'visiting');
    if (!PRIMITIVES[name]) {
      for (const dep of [...references(defs[name], new Set())].sort()) {
        if (!wanted.has(dep)) continue;
        if (state.get(dep) === 'visiting') lazy.add(dep);
        else if (!state.has(dep)) sortVisit(dep);
      }
    }
    state.set(name, 'done');
    order.push(name);
  };
  [...wanted].sort().forEach((n) => state.has(n) || sortVisit(n));

  const ref = (name: string): string => {
    const target = PRIMITIVES[name] ?? schemaName(name);
    return lazy.has(name) ? `z.lazy((): z.ZodType => ${target})` : target;
  };
  const expr = (node: SchemaNode): string => {
    if (node.$ref) return ref(refName(node.$ref));
    if (node.allOf?.length === 1) return expr(node.allOf[0]!);
    if (node['x-kubernetes-preserve-unknown-fields']) return 'anyJson';
    switch (node.type) {
      case 'string':
        return node.format === 'int-or-string' ? 'intOrString' : 'z.string()';
      case 'integer':
        return 'z.number().int()';
      case 'number':
        return 'z.number()';
      case 'boolean':
        return 'z.boolean()';
      case 'array':
        return `z.array(${node.items ? expr(node.items) : 'anyJson'}).nullable()`;
      case 'object':
        if (node.properties) return objectExpr(node);
        if (typeof node.additionalProperties === 'object') return `z.record(z.string(), ${expr(node.additionalProperties)}).nullable()`;
        return 'z.record(z.string(), anyJson)';
      default:
        return 'anyJson';
    }
  };
  const objectExpr = (node: SchemaNode): string => {
    const required = new Set(node.required ?? []);
    const fields = Object.entries(node.properties ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([field, schema]) => `  ${JSON.stringify(field)}: ${expr(schema)}${required.has(field) ? '' : '.nullish()'},`);
    // Unknown fields are reported (unrecognized_keys), never dropped silently: fieldValidation decides.
    return `z.strictObject({\n${fields.join('\n')}\n})`;
  };

  const lines = [
    '// Generated by libs/api/scripts/generate-schemas.ts from libs/api/openapi/swagger.json. Do not edit:',
    '// change the generator or the vendored document and run `npm run generate -w @kubeledger/api`.',
    "import { z } from 'zod';",
    "import { anyJson, intOrString, quantity } from '../schema-primitives.js';",
    '',
  ];
  for (const name of order) {
    if (PRIMITIVES[name]) continue;
    const node = defs[name]!;
    const body = node.properties ? objectExpr(node) : expr(node);
    const annotation = lazy.has(name) ? ': z.ZodType' : '';
    lines.push(`/** ${name} */`, `export const ${schemaName(name)}${annotation} = ${body};`, '');
  }
  return lines.join('\n');
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const SWAGGER_PATH = path.join(here, '../openapi/swagger.json');
export const OUTPUT_PATH = path.join(here, '../src/generated/schemas.ts');

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const output = generate(JSON.parse(readFileSync(SWAGGER_PATH, 'utf8')));
  writeFileSync(OUTPUT_PATH, output);
  console.log(`wrote ${path.relative(process.cwd(), OUTPUT_PATH)} (${output.split('\n').length} lines)`);
}
