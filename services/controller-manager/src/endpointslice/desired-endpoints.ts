import { matchesLabels, type KubeObject, type LabelRequirement } from '@kubeledger/api';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';

export interface EndpointPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
  readonly appProtocol?: string;
}

export interface Endpoint {
  readonly addresses: readonly string[];
  readonly conditions: { readonly ready: boolean; readonly serving: boolean; readonly terminating: boolean };
  readonly nodeName?: string;
  readonly targetRef: { readonly kind: 'Pod'; readonly namespace: string; readonly name: string; readonly uid: string };
}

/** One slice's worth of endpoints that share a port mapping (pods that name a targetPort differently land in different slices). */
export interface DesiredSlice {
  readonly ports: readonly EndpointPort[];
  readonly endpoints: readonly Endpoint[];
}

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}
interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

/**
 * What the EndpointSlice controller wants for a Service (upstream's reconciler, IPv4): for a
 * Service with a selector, one endpoint per selected pod that has an IP and is not finished —
 * ready when its Ready condition is True and it is not terminating, serving likewise ignoring
 * termination — with the Service's ports resolved against each pod (a named targetPort is looked
 * up in the pod's container ports). Pods resolving to the same ports share a slice. A Service
 * without a selector gets nothing (its slices are someone else's).
 */
export function desiredEndpoints(service: KubeObject, pods: readonly KubeObject[]): DesiredSlice[] | undefined {
  const spec = (service['spec'] ?? {}) as { selector?: Record<string, string>; ports?: ServicePort[]; publishNotReadyAddresses?: boolean };
  if (!spec.selector || Object.keys(spec.selector).length === 0) return undefined;
  const requirements: LabelRequirement[] = Object.entries(spec.selector).map(([key, value]) => ({ key, op: 'in', values: [value] }));
  const namespace = service.metadata?.namespace ?? '';
  const groups = new Map<string, DesiredSlice & { endpoints: Endpoint[] }>();
  for (const pod of pods) {
    if ((pod.metadata?.namespace ?? '') !== namespace) continue;
    if (!matchesLabels(requirements, (pod.metadata?.['labels'] ?? {}) as Record<string, string>)) continue;
    const status = (pod['status'] ?? {}) as { podIP?: string; podIPs?: Array<{ ip: string }>; phase?: string; conditions?: Array<{ type: string; status: string }> };
    const ip = status.podIPs?.[0]?.ip ?? status.podIP;
    if (!ip || status.phase === 'Succeeded' || status.phase === 'Failed') continue;
    const terminating = Boolean(pod.metadata?.['deletionTimestamp']);
    const podReady = status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    const serving = podReady || spec.publishNotReadyAddresses === true;
    const ports = (spec.ports ?? []).map((p) => resolvePort(p, pod)).filter((p): p is EndpointPort => p !== undefined);
    const key = JSON.stringify(ports);
    const group = groups.get(key) ?? { ports, endpoints: [] };
    const podSpec = (pod['spec'] ?? {}) as { nodeName?: string };
    group.endpoints.push({
      addresses: [ip],
      conditions: { ready: serving && !terminating, serving, terminating },
      ...(podSpec.nodeName && { nodeName: podSpec.nodeName }),
      targetRef: { kind: 'Pod', namespace, name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '' },
    });
    groups.set(key, group);
  }
  for (const group of groups.values()) group.endpoints.sort((a, b) => a.targetRef.name.localeCompare(b.targetRef.name));
  return [...groups.values()];
}

/** A Service port on one pod: the number a named targetPort stands for there (none when the pod has no such port). */
function resolvePort(port: ServicePort, pod: KubeObject): EndpointPort | undefined {
  const protocol = port.protocol ?? 'TCP';
  let target = port.targetPort ?? port.port;
  if (typeof target === 'string') {
    const containers = ((pod['spec'] ?? {}) as { containers?: Array<{ ports?: ContainerPort[] }> }).containers ?? [];
    const named = containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target && (p.protocol ?? 'TCP') === protocol);
    if (!named) return undefined;
    target = named.containerPort;
  }
  return { ...(port.name !== undefined && { name: port.name }), port: target, protocol, ...(port.appProtocol && { appProtocol: port.appProtocol }) };
}
