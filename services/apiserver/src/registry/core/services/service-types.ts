/** The parts of core/v1 ServiceSpec the registry reads, defaults and allocates. */
export interface ServicePort {
  name?: string;
  protocol?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
  appProtocol?: string;
  [field: string]: unknown;
}

export interface ServiceSpec {
  type?: string;
  ports?: ServicePort[];
  selector?: Record<string, string>;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  externalName?: string;
  externalIPs?: string[];
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  allocateLoadBalancerNodePorts?: boolean;
  [field: string]: unknown;
}

export const NONE = 'None';
export const isHeadless = (spec: ServiceSpec): boolean => spec.clusterIP === NONE || spec.clusterIPs?.[0] === NONE;
export const needsClusterIP = (spec: ServiceSpec): boolean => spec.type !== 'ExternalName';
export const needsNodePorts = (spec: ServiceSpec): boolean => spec.type === 'NodePort' || spec.type === 'LoadBalancer';
