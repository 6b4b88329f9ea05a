import ipaddr from 'ipaddr.js';
import { NONE, isHeadless, needsClusterIP, needsNodePorts, type ServiceSpec } from './service-types.js';

/** v1.DefaultClientIPServiceAffinitySeconds */
const CLIENT_IP_TIMEOUT = 10800;

/** SetDefaults_Service (pkg/apis/core/v1/defaults.go). Mutates. */
export function defaultService(spec: ServiceSpec): void {
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: CLIENT_IP_TIMEOUT } };
  }
  spec.type ||= 'ClusterIP';
  for (const p of spec.ports ?? []) {
    p.protocol ||= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  const externallyAccessible = needsNodePorts(spec) || (spec.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0);
  if (externallyAccessible) spec.externalTrafficPolicy ||= 'Cluster';
  if (spec.type !== 'ExternalName') spec.internalTrafficPolicy ||= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

/**
 * patchAllocatedValues and NormalizeClusterIPs (service storage): an update that leaves cluster IPs
 * (or node ports) out keeps the allocated ones, and `clusterIP` and `clusterIPs` are kept in step.
 */
export function normalizeClusterIPs(spec: ServiceSpec, old?: ServiceSpec): void {
  if (!old) {
    if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  // patchAllocatedValues first, then the normalization, as upstream's service beginUpdate.
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if (!spec.clusterIPs?.length && old.clusterIPs?.length) spec.clusterIPs = old.clusterIPs;
  }
  const same = (a?: string[], b?: string[]) => (a ?? []).length === (b ?? []).length && (a ?? []).every((v, i) => v === b?.[i]);
  if (old.clusterIPs?.length && !spec.clusterIPs?.length && old.clusterIP === spec.clusterIP) spec.clusterIPs = old.clusterIPs;
  if ((old.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    if (old.clusterIP && !spec.clusterIP) {
      if (same(old.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    } else if (same(old.clusterIPs, spec.clusterIPs)) spec.clusterIPs = [spec.clusterIP!];
  }
  if (needsNodePorts(old) && needsNodePorts(spec)) {
    const used = new Set((old.ports ?? []).map((p) => p.nodePort).filter((n) => (spec.ports ?? []).some((q) => q.nodePort === n)));
    const byName = new Map((old.ports ?? []).map((p) => [p.name ?? '', p.nodePort]));
    for (const p of spec.ports ?? []) {
      const previous = byName.get(p.name ?? '');
      if (!p.nodePort && previous && !used.has(previous)) p.nodePort = previous;
    }
  }
}

/**
 * initIPFamilyFields for an IPv4 single-stack cluster: the policy (the old one on update; a
 * headless service without selector asks for both families, as upstream's default), and the
 * families, inferred from the cluster IPs or the cluster's.
 */
export function initIPFamilies(spec: ServiceSpec, old?: ServiceSpec): void {
  if (spec.type === 'ExternalName') return;
  if (!spec.ipFamilyPolicy) {
    if (old?.ipFamilyPolicy) spec.ipFamilyPolicy = old.ipFamilyPolicy;
    else spec.ipFamilyPolicy = isHeadless(spec) && Object.keys(spec.selector ?? {}).length === 0 ? 'RequireDualStack' : 'SingleStack';
  }
  const families = (spec.ipFamilies ??= []);
  for (const [i, ip] of (spec.clusterIPs ?? []).entries()) {
    // Only the cluster's family is inferred; validation reports an address of another.
    if (ip === NONE || i < families.length || !ipaddr.IPv4.isValidFourPartDecimal(ip)) break;
    families.push('IPv4');
  }
  if (families.length === 0) families.push('IPv4');
  if (isHeadless(spec) && Object.keys(spec.selector ?? {}).length === 0 && families.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') {
    families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  }
}

/**
 * dropTypeDependentFields (service strategy): when a service changes type, what the old type
 * needed and the new one does not — cluster IPs and families for ExternalName, node ports for
 * ClusterIP and ExternalName — is cleared, if the client left it as it was.
 */
export function dropTypeDependentFields(spec: ServiceSpec, old: ServiceSpec): void {
  if (spec.type === old.type) return;
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if (same(spec.clusterIP, old.clusterIP)) delete spec.clusterIP;
    if (same(spec.clusterIPs, old.clusterIPs)) delete spec.clusterIPs;
    if (same(spec.ipFamilies, old.ipFamilies)) delete spec.ipFamilies;
    if (same(spec.ipFamilyPolicy, old.ipFamilyPolicy)) delete spec.ipFamilyPolicy;
    if (same(spec.internalTrafficPolicy, old.internalTrafficPolicy)) delete spec.internalTrafficPolicy;
  }
  if (needsNodePorts(old) && !needsNodePorts(spec)) {
    const oldPorts = new Map((old.ports ?? []).map((p) => [p.name ?? '', p.nodePort]));
    for (const p of spec.ports ?? []) if (p.nodePort && oldPorts.get(p.name ?? '') === p.nodePort) delete p.nodePort;
    if (same(spec.externalTrafficPolicy, old.externalTrafficPolicy)) delete spec.externalTrafficPolicy;
  }
}
