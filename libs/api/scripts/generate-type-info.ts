// Generates libs/api/src/generated/type-info.ts — how each built-in type merges (fields, list and
// map types, patch strategies and merge keys) — from the vendored OpenAPI document
// (libs/api/openapi/swagger.json). Run: npm run generate -w @kubeledger/api
// The output is committed and never edited by hand; a test fails when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ListNode, StructDefinition, TypeInfoData, TypeNode } from '../src/type-info/type-node.js';
import { GROUPS, SWAGGER_PATH, references, refName, type SchemaNode } from './generate-schemas.js';

interface ExtendedNode extends SchemaNode {
  items?: ExtendedNode;
  properties?: Record<string, ExtendedNode>;
  additionalProperties?: ExtendedNode | boolean;
  allOf?: ExtendedNode[];
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

/** Definitions whose JSON form is a scalar although OpenAPI may call them objects. */
const SCALARS = new Set([
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  'io.k8s.apimachinery.pkg.api.resource.Quantity',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
]);
/** Definitions that hold any JSON. */
const UNTYPED = new Set(['io.k8s.apimachinery.pkg.runtime.RawExtension', 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1']);

/** kube-openapi schemaconv's reading of a list's extensions. */
function listShape(node: ExtendedNode): Pick<ListNode, 'listType' | 'keys'> {
  const listType = node['x-kubernetes-list-type'];
  if (listType === 'atomic' || listType === 'set') return { listType };
  if (listType === 'map') return { listType, keys: node['x-kubernetes-list-map-keys'] ?? [] };
  const strategy = node['x-kubernetes-patch-strategy'];
  if (strategy === 'merge' || strategy === 'merge,retainKeys') {
    const key = node['x-kubernetes-patch-merge-key'];
    return key === undefined ? { listType: 'set' } : { listType: 'map', keys: [key] };
  }
  return { listType: 'atomic' };
}

export function generateTypeInfo(swagger: { definitions: Record<string, ExtendedNode> }): string {
  const defs = swagger.definitions;
  const wanted = new Set<string>();
  const visit = (name: string) => {
    if (wanted.has(name) || !defs[name]) return;
    wanted.add(name);
    references(defs[name], new Set()).forEach(visit);
  };
  Object.keys(defs).filter((d) => GROUPS.some((g) => d.startsWith(g))).sort().forEach(visit);

  const named = (name: string): TypeNode => {
    if (SCALARS.has(name)) return { kind: 'scalar' };
    if (UNTYPED.has(name)) return { kind: 'untyped' };
    const def = defs[name];
    if (def && !def.properties && def.type && def.type !== 'object') return { kind: 'scalar' };
    if (def && !def.properties && typeof def.additionalProperties === 'object') return node(def);
    return { kind: 'struct', name };
  };
  const node = (n: ExtendedNode): TypeNode => {
    const patch = {
      ...(n['x-kubernetes-patch-strategy'] !== undefined && { patchStrategy: n['x-kubernetes-patch-strategy'] }),
      ...(n['x-kubernetes-patch-merge-key'] !== undefined && { patchMergeKey: n['x-kubernetes-patch-merge-key'] }),
    };
    const atomic = n['x-kubernetes-map-type'] === 'atomic' ? { atomic: true as const } : {};
    const target = n.$ref ? n : n.allOf?.length === 1 ? n.allOf[0]! : undefined;
    if (target?.$ref) {
      const inner = named(refName(target.$ref));
      return { ...inner, ...(inner.kind === 'struct' || inner.kind === 'map' ? atomic : {}), ...patch };
    }
    if (n['x-kubernetes-preserve-unknown-fields']) return { kind: 'untyped', ...patch };
    switch (n.type) {
      case 'array':
        return { kind: 'list', items: n.items ? node(n.items) : { kind: 'untyped' }, ...listShape(n), ...patch };
      case 'object':
        if (typeof n.additionalProperties === 'object') return { kind: 'map', values: node(n.additionalProperties), ...atomic, ...patch };
        return { kind: 'untyped', ...patch };
      case 'string':
      case 'integer':
      case 'number':
      case 'boolean':
        return { kind: 'scalar', ...patch };
      default:
        return { kind: 'untyped', ...patch };
    }
  };

  const definitions: Record<string, StructDefinition> = {};
  const kinds: Record<string, string> = {};
  for (const name of [...wanted].sort()) {
    const def = defs[name]!;
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) kinds[`${gvk.group}/${gvk.version}/${gvk.kind}`] = name;
    if (named(name).kind !== 'struct') continue;
    const fields = Object.fromEntries(Object.entries(def.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, p]) => [f, node(p)]));
    definitions[name] = { fields, ...(def['x-kubernetes-map-type'] === 'atomic' && { atomic: true }) };
  }
  const data: TypeInfoData = { definitions, kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : 1))) };
  return [
    '// Generated by libs/api/scripts/generate-type-info.ts from libs/api/openapi/swagger.json. Do not edit:',
    '// change the generator or the vendored document and run `npm run generate -w @kubeledger/api`.',
    "import type { TypeInfoData } from '../type-info/type-node.js';",
    '',
    `export const TYPE_INFO: TypeInfoData = ${JSON.stringify(data)};`,
    '',
  ].join('\n');
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const TYPE_INFO_PATH = path.join(here, '../src/generated/type-info.ts');

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const output = generateTypeInfo(JSON.parse(readFileSync(SWAGGER_PATH, 'utf8')));
  writeFileSync(TYPE_INFO_PATH, output);
  console.log(`wrote ${path.relative(process.cwd(), TYPE_INFO_PATH)} (${Math.round(output.length / 1024)} KiB)`);
}
