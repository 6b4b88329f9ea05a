import type { schemas } from '@kubeledger/api';
import type { z } from 'zod';
import { FIELD_DOCS } from './column-docs.js';
import { formatLabels } from './format-labels.js';
import { timeSince } from './human-duration.js';
import { column, printer } from './printer.js';

type Service = z.infer<typeof schemas.core_v1_Service>;

/** Services: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide SELECTOR (upstream printService). */
export const servicePrinter = printer<Service>(
  [
    column('Name', 'string', FIELD_DOCS.name, { format: 'name' }),
    column('Type', 'string', FIELD_DOCS.serviceType),
    column('Cluster-IP', 'string', FIELD_DOCS.clusterIP),
    column('External-IP', 'string', FIELD_DOCS.externalIPs),
    column('Port(s)', 'string', FIELD_DOCS.servicePorts),
    column('Age', 'string', FIELD_DOCS.creationTimestamp),
    column('Selector', 'string', FIELD_DOCS.serviceSelector, { wide: true }),
  ],
  (svc, now) => [
    svc.metadata?.name ?? '',
    svc.spec?.type ?? '',
    svc.spec?.clusterIPs?.[0] ?? '<none>',
    externalIP(svc),
    servicePorts(svc) || '<none>',
    timeSince(svc.metadata?.creationTimestamp, now),
    formatLabels(svc.spec?.selector),
  ],
);

/** `80/TCP,443:30443/TCP`: port, node port when set, protocol. */
export function servicePorts(svc: Service): string {
  return (svc.spec?.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`)).join(',');
}

/** External IPs by service type: load balancer ingress (or `<pending>`), the external name, or `<none>`. */
export function externalIP(svc: Service): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = [...new Set((svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean))].sort();
      if (externalIPs.length) return [...ingress, ...externalIPs].join(',');
      return ingress.length ? ingress.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}
