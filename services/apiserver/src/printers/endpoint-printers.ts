import type { schemas } from '@kubeledger/api';
import type { z } from 'zod';
import { FIELD_DOCS } from './column-docs.js';
import { timeSince } from './human-duration.js';
import { column, printer } from './printer.js';

type Endpoints = z.infer<typeof schemas.core_v1_Endpoints>;
type EndpointSlice = z.infer<typeof schemas.discovery_v1_EndpointSlice>;

const NAME = column('Name', 'string', FIELD_DOCS.name, { format: 'name' });
const AGE = column('Age', 'string', FIELD_DOCS.creationTimestamp);
const MAX_SHOWN = 3;

/** Endpoints: NAME ENDPOINTS AGE (upstream printEndpoints). */
export const endpointsPrinter = printer<Endpoints>([NAME, column('Endpoints', 'string', FIELD_DOCS.endpointsSubsets), AGE], (ep, now) => [
  ep.metadata?.name ?? '',
  formatEndpoints(ep),
  timeSince(ep.metadata?.creationTimestamp, now),
]);

/** EndpointSlices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE (upstream printEndpointSlice). */
export const endpointSlicePrinter = printer<EndpointSlice>(
  [NAME, column('AddressType', 'string', FIELD_DOCS.sliceAddressType), column('Ports', 'string', FIELD_DOCS.slicePorts), column('Endpoints', 'string', FIELD_DOCS.sliceEndpoints), AGE],
  (slice, now) => [
    slice.metadata?.name ?? '',
    slice.addressType,
    listWithMore((slice.ports ?? []).map((p) => (p.port != null ? String(p.port) : (p.name ?? '*')))),
    listWithMore((slice.endpoints ?? []).flatMap((e) => (e.addresses ?? []).filter((a): a is string => typeof a === 'string'))),
    timeSince(slice.metadata?.creationTimestamp, now),
  ],
);

/** `a,b,c + 2 more...`, `<unset>` when empty (upstream listWithMoreString). */
function listWithMore(all: readonly string[]): string {
  const shown = all.slice(0, MAX_SHOWN).join(',');
  if (all.length > MAX_SHOWN) return `${shown} + ${all.length - MAX_SHOWN} more...`;
  return shown || '<unset>';
}

/** `10.0.0.1:80,10.0.0.2:80 + 3 more...`, `<none>` without subsets (upstream formatEndpoints). */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (!subsets.length) return '<none>';
  const addresses: string[] = [];
  for (const subset of subsets) {
    const ips = (subset.addresses ?? []).map((a) => a.ip);
    const ports = subset.ports ?? [];
    // Headless services may have no ports: the addresses alone.
    if (!ports.length) addresses.push(...ips);
    for (const port of ports) addresses.push(...ips.map((ip) => `${ip.includes(':') ? `[${ip}]` : ip}:${port.port}`));
  }
  const shown = addresses.slice(0, MAX_SHOWN).join(',');
  return addresses.length > MAX_SHOWN ? `${shown} + ${addresses.length - MAX_SHOWN} more...` : shown;
}
