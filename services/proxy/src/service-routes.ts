import type { KubeObject } from '@kubeledger/api';

/** Where a proxy listens (a Service's ClusterIP or the node address for a NodePort) and where it sends the connections it takes. */
export interface Route {
  /** `<namespace>/<service>:<port name or number>` */
  readonly id: string;
  readonly listen: { readonly host: string; readonly port: number };
  /** Ready endpoints, `ip:port`. */
  readonly backends: readonly string[];
}

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  nodePort?: number;
}
interface SliceEndpoint {
  addresses?: string[];
  conditions?: { ready?: boolean | null };
}
interface SlicePort {
  name?: string;
  port?: number;
  protocol?: string;
}

/**
 * The routes for the Services and their EndpointSlices (upstream's kube-proxy service and
 * endpoint change trackers, for a userspace proxy): every TCP port of a Service with a ClusterIP
 * listens on ClusterIP:port and, for NodePort and LoadBalancer Services, on `nodeAddress`:nodePort;
 * its backends are the ready endpoints of the slices labelled with the Service's name whose port
 * has the same name. UDP and SCTP ports, headless and ExternalName Services get no route.
 */
export function serviceRoutes(services: readonly KubeObject[], slices: readonly KubeObject[], nodeAddress: string): Route[] {
  const slicesOf = new Map<string, KubeObject[]>();
  for (const slice of slices) {
    const service = (slice.metadata?.['labels'] as Record<string, string> | undefined)?.['kubernetes.io/service-name'];
    if (!service) continue;
    const key = `${slice.metadata?.namespace ?? ''}/${service}`;
    slicesOf.set(key, [...(slicesOf.get(key) ?? []), slice]);
  }
  const routes: Route[] = [];
  for (const service of services) {
    const spec = (service['spec'] ?? {}) as { type?: string; clusterIP?: string; ports?: ServicePort[] };
    const namespace = service.metadata?.namespace ?? '';
    const name = service.metadata?.name ?? '';
    if (spec.type === 'ExternalName' || !spec.clusterIP || spec.clusterIP === 'None') continue;
    const own = slicesOf.get(`${namespace}/${name}`) ?? [];
    for (const port of spec.ports ?? []) {
      if ((port.protocol ?? 'TCP') !== 'TCP') continue;
      const backends = new Set<string>();
      for (const slice of own) {
        const target = ((slice['ports'] ?? []) as SlicePort[]).find((p) => (p.name ?? '') === (port.name ?? '') && (p.protocol ?? 'TCP') === 'TCP');
        if (!target?.port) continue;
        for (const endpoint of (slice['endpoints'] ?? []) as SliceEndpoint[]) {
          if (endpoint.conditions?.ready === false) continue;
          for (const address of endpoint.addresses ?? []) backends.add(`${address}:${target.port}`);
        }
      }
      const id = `${namespace}/${name}:${port.name || port.port}`;
      const sorted = [...backends].sort();
      routes.push({ id, listen: { host: spec.clusterIP, port: port.port }, backends: sorted });
      if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && port.nodePort) routes.push({ id: `${id} (node port)`, listen: { host: nodeAddress, port: port.nodePort }, backends: sorted });
    }
  }
  return routes;
}
