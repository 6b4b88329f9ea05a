import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_GROUP_VERSIONS, OUTPUT_DIR, SWAGGER_PATH, convertGroupVersion, documentFileName, documentText, type Swagger } from '../scripts/generate-openapi-v3.js';

const swagger = JSON.parse(readFileSync(SWAGGER_PATH, 'utf8')) as Swagger;
const VENDORED_DIR = path.join(path.dirname(SWAGGER_PATH), 'v3');

type Doc = { paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, unknown> } };
type Op = { operationId?: string; requestBody?: { content: object }; responses?: Record<string, { content?: object }>; parameters?: Param[] } & Record<string, unknown>;
type Param = { name: string; in: string; required?: boolean; schema: Record<string, unknown> } & Record<string, unknown>;

/**
 * What a client reads of a document's operations, independent of key order and of the Kubernetes
 * version the texts come from (the vendored v3 documents predate the list parameter
 * sendInitialEvents, which the 1.32 swagger.json has).
 */
function operationShape(doc: Doc) {
  const params = (list: readonly Param[] | undefined) =>
    (list ?? []).filter((p) => p.name !== 'sendInitialEvents').map((p) => `${p.in}:${p.name}:${p.required ?? false}:${Object.keys(p).sort()}:${JSON.stringify(p.schema)}`);
  return Object.fromEntries(
    Object.entries(doc.paths).sort().map(([route, item]) => [
      route,
      Object.fromEntries(
        Object.entries(item).sort().map(([method, op]) =>
          method === 'parameters'
            ? [method, params(op as unknown as Param[])]
            : [
                method,
                {
                  fields: Object.keys(op).sort(),
                  operationId: op.operationId,
                  action: op['x-kubernetes-action'],
                  gvk: JSON.stringify(Object.entries((op['x-kubernetes-group-version-kind'] ?? {}) as object).sort()),
                  body: Object.keys(op.requestBody?.content ?? {}).sort(),
                  responses: Object.entries(op.responses ?? {}).map(([code, r]) => `${code}:${Object.keys(r.content ?? {}).sort()}`).sort(),
                  parameters: params(op.parameters),
                },
              ],
        ),
      ),
    ]),
  );
}

const refs = (node: unknown): string[] =>
  Array.isArray(node) ? node.flatMap(refs) : node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => (k === '$ref' ? [v as string] : refs(v))) : [];

describe('libs/api/openapi/v3-generated (scripts/generate-openapi-v3.ts)', () => {
  it('is what the generator makes from the vendored swagger.json (run `npm run generate -w @kubeledger/api`)', () => {
    const files = readdirSync(OUTPUT_DIR).filter((f) => f.endsWith('_openapi.json')).sort();
    expect(files).toEqual(GENERATED_GROUP_VERSIONS.map(documentFileName).sort());
    for (const groupVersion of GENERATED_GROUP_VERSIONS) {
      const expected = documentText(convertGroupVersion(swagger, groupVersion));
      expect(readFileSync(path.join(OUTPUT_DIR, documentFileName(groupVersion)), 'utf8') === expected, groupVersion).toBe(true);
    }
  });

  it('generates only what upstream does not ship as a vendored v3 document', () => {
    const vendored = new Set(readdirSync(VENDORED_DIR));
    expect(GENERATED_GROUP_VERSIONS.map(documentFileName).filter((f) => vendored.has(f))).toEqual([]);
  });

  it.each(['v1', 'apps/v1', 'batch/v1', 'discovery.k8s.io/v1', 'autoscaling/v2'])(
    'shapes %s as upstream’s own v3 document: the same paths, operations, parameters, bodies and responses',
    (groupVersion) => {
      const generated = convertGroupVersion(swagger, groupVersion) as unknown as Doc;
      const upstream = JSON.parse(readFileSync(path.join(VENDORED_DIR, documentFileName(groupVersion)), 'utf8')) as Doc;
      const ours = operationShape(generated);
      const theirs = operationShape(upstream);
      expect(Object.keys(ours)).toEqual(Object.keys(theirs));
      for (const route of Object.keys(theirs)) expect(ours[route], route).toEqual(theirs[route]);
    },
  );

  it('is self-contained: every schema reference resolves within the document', () => {
    for (const groupVersion of GENERATED_GROUP_VERSIONS) {
      const doc = convertGroupVersion(swagger, groupVersion) as unknown as Doc;
      const missing = refs(doc).filter((r) => !doc.components.schemas[r.replace('#/components/schemas/', '')]);
      expect(missing, groupVersion).toEqual([]);
      expect(refs(doc).every((r) => r.startsWith('#/components/schemas/'))).toBe(true);
    }
  });

  it('wraps a reference that has siblings in allOf, and leaves a bare reference bare', () => {
    const doc = convertGroupVersion(swagger, 'coordination.k8s.io/v1') as unknown as Doc;
    const lease = doc.components.schemas['io.k8s.api.coordination.v1.Lease'] as { properties: Record<string, unknown>; 'x-kubernetes-group-version-kind': unknown };
    expect(lease.properties['metadata']).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }],
      description: 'More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
    });
    expect(lease['x-kubernetes-group-version-kind']).toEqual([{ group: 'coordination.k8s.io', kind: 'Lease', version: 'v1' }]);
    const list = doc.components.schemas['io.k8s.api.coordination.v1.LeaseList'] as { properties: { items: { items: unknown } } };
    expect(list.properties.items.items).toEqual({ $ref: '#/components/schemas/io.k8s.api.coordination.v1.Lease' });
  });
});
