import type { KubeObject } from '@kubeledger/api';
import { MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, type DesiredSlice } from './desired-endpoints.js';

/** Upstream's --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SlicePlan {
  /** New slices (generateName `<service>-`). */
  readonly create: readonly KubeObject[];
  /** Existing slices with new content (their resourceVersion kept, for a conditional update). */
  readonly update: readonly KubeObject[];
  /** Names of this controller's slices the Service no longer needs. */
  readonly delete: readonly string[];
}

/**
 * What to write so the Service's EndpointSlices say `desired` (upstream's reconciler, simplified):
 * the endpoints of each port group in slices of at most 100; an existing slice of this controller
 * with the same ports is reused (updated only when its endpoints or labels differ), others are
 * deleted; new slices carry the service-name and managed-by labels and the Service as controller
 * owner. `desired` undefined (a selectorless Service) leaves every slice alone.
 */
export function planEndpointSlices(service: KubeObject, desired: readonly DesiredSlice[] | undefined, existing: readonly KubeObject[]): SlicePlan {
  if (desired === undefined) return { create: [], update: [], delete: [] };
  const name = service.metadata?.name ?? '';
  const namespace = service.metadata?.namespace ?? '';
  const ours = existing.filter((s) => labels(s)[SERVICE_NAME_LABEL] === name && labels(s)[MANAGED_BY_LABEL] === MANAGED_BY);
  const wantedLabels = { ...serviceLabels(service), [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: MANAGED_BY };
  const chunks = desired.flatMap((group) => chunk(group.endpoints, MAX_ENDPOINTS_PER_SLICE).map((endpoints) => ({ ports: group.ports, endpoints })));
  if (chunks.length === 0) chunks.push({ ports: [], endpoints: [] }); // upstream keeps one empty slice per Service
  const unused = [...ours];
  const create: KubeObject[] = [];
  const update: KubeObject[] = [];
  for (const wanted of chunks) {
    const index = unused.findIndex((s) => same(s['ports'] ?? [], wanted.ports));
    if (index < 0) {
      create.push({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          generateName: `${name}-`,
          namespace,
          labels: wantedLabels,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: service.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }],
        },
        addressType: 'IPv4',
        endpoints: wanted.endpoints,
        ports: wanted.ports,
      });
      continue;
    }
    const [slice] = unused.splice(index, 1) as [KubeObject];
    if (!same(slice['endpoints'] ?? [], wanted.endpoints) || !same(labels(slice), wantedLabels)) {
      update.push({ ...slice, metadata: { ...slice.metadata, labels: wantedLabels }, endpoints: wanted.endpoints, ports: wanted.ports });
    }
  }
  return { create, update, delete: unused.map((s) => s.metadata?.name ?? '') };
}

const labels = (o: KubeObject) => (o.metadata?.['labels'] ?? {}) as Record<string, string>;

/** The Service's labels slices inherit (upstream drops the headless marker and the service-name label). */
function serviceLabels(service: KubeObject): Record<string, string> {
  const { ['service.kubernetes.io/headless']: _headless, [SERVICE_NAME_LABEL]: _name, ...rest } = labels(service);
  return rest;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Deep equality of JSON values, key order ignored. */
function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
