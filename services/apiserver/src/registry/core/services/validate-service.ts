import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, type FieldError, type KubeObject } from '@kubeledger/api';
import ipaddr from 'ipaddr.js';
import { duplicate, forbidden, invalidValue, isValidPortName, isValidPortNum, notSupported, required } from '../../validation/field-errors.js';
import { validateLabels } from '../../validation/label-selector.js';
import { NONE, isHeadless, type ServiceSpec } from './service-types.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];

const specOf = (svc: KubeObject): ServiceSpec => (svc['spec'] ?? {}) as ServiceSpec;

/** ValidateService (pkg/apis/core/validation) for an IPv4 single-stack cluster: ports, type, affinity, cluster IP fields, ExternalName. */
export function validateService(svc: KubeObject): FieldError[] {
  const spec = specOf(svc);
  const errs: FieldError[] = [];
  const ports = spec.ports ?? [];
  if (ports.length === 0 && !isHeadless(spec) && spec.type !== 'ExternalName') errs.push(required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(required(`${at}.name`));
    else if (p.name) {
      for (const msg of isDNS1123Label(p.name)) errs.push(invalidValue(`${at}.name`, p.name, msg));
      if (names.has(p.name)) errs.push(duplicate(`${at}.name`, p.name));
      names.add(p.name);
    }
    for (const msg of isValidPortNum(p.port ?? 0)) errs.push(invalidValue(`${at}.port`, p.port ?? 0, msg));
    if (!p.protocol) errs.push(required(`${at}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${at}.protocol`, p.protocol, PROTOCOLS));
    if (typeof p.targetPort === 'number') for (const msg of isValidPortNum(p.targetPort)) errs.push(invalidValue(`${at}.targetPort`, p.targetPort, msg));
    else if (typeof p.targetPort === 'string') for (const msg of isValidPortName(p.targetPort)) errs.push(invalidValue(`${at}.targetPort`, p.targetPort, msg));
    if (p.appProtocol !== undefined) for (const msg of isQualifiedName(p.appProtocol)) errs.push(invalidValue(`${at}.appProtocol`, p.appProtocol, msg));
    if (p.nodePort && spec.type === 'ClusterIP') errs.push(forbidden(`${at}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
  });
  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (!spec.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!AFFINITIES.includes(spec.sessionAffinity)) errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITIES));
  if (!spec.type) errs.push(required('spec.type'));
  else if (!TYPES.includes(spec.type)) errs.push(notSupported('spec.type', spec.type, TYPES));
  for (const field of ['externalTrafficPolicy', 'internalTrafficPolicy'] as const) {
    const value = spec[field];
    if (value && !TRAFFIC_POLICIES.includes(value)) errs.push(notSupported(`spec.${field}`, value, TRAFFIC_POLICIES));
  }
  if (spec.type === 'ExternalName') errs.push(...validateExternalName(spec));
  else errs.push(...validateClusterIPFields(spec));
  return errs;
}

function validateExternalName(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.clusterIPs?.length) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
  if (spec.ipFamilies?.length) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
  if (spec.ipFamilyPolicy) errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
  const cname = (spec.externalName ?? '').replace(/\.$/, '');
  if (!cname) errs.push(required('spec.externalName'));
  else for (const msg of isDNS1123Subdomain(cname)) errs.push(invalidValue('spec.externalName', cname, msg));
  return errs;
}

/** ValidateServiceClusterIPsRelatedFields, and what an IPv4-only cluster refuses. */
function validateClusterIPFields(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  if (spec.clusterIP && ips.length && spec.clusterIP !== ips[0]) errs.push(invalidValue('spec.clusterIPs[0]', ips[0], 'must match `clusterIP` if specified'));
  if (spec.ipFamilyPolicy && !POLICIES.includes(spec.ipFamilyPolicy)) errs.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, POLICIES));
  ips.forEach((ip, i) => {
    if (i === 0 && ip === NONE) {
      if (ips.length > 1) errs.push(invalidValue('spec.clusterIPs', ips, "'None' must be the first and only value"));
      return;
    }
    if (!ipaddr.isValid(ip) || (ip.includes('.') && !ipaddr.IPv4.isValidFourPartDecimal(ip))) {
      errs.push(invalidValue(`spec.clusterIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    } else if (ip.includes(':')) errs.push(invalidValue(`spec.clusterIPs[${i}]`, ips, 'IPv6 is not configured on this cluster'));
  });
  if (ips.length > 2) errs.push(invalidValue('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  const headlessWithoutSelector = isHeadless(spec) && Object.keys(spec.selector ?? {}).length === 0;
  (spec.ipFamilies ?? []).forEach((family, i) => {
    if (family !== 'IPv4' && family !== 'IPv6') errs.push(notSupported(`spec.ipFamilies[${i}]`, family, ['IPv4', 'IPv6']));
    else if (family === 'IPv6' && !headlessWithoutSelector) errs.push(invalidValue(`spec.ipFamilies[${i}]`, family, 'not configured on this cluster'));
  });
  if (spec.ipFamilyPolicy === 'SingleStack' && ips.length === 2) {
    errs.push(invalidValue('spec.ipFamilyPolicy', spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
  }
  if (spec.ipFamilyPolicy === 'RequireDualStack' && !headlessWithoutSelector) {
    errs.push(invalidValue('spec.ipFamilyPolicy', spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'));
  }
  return errs;
}

/** validateUpgradeDowngradeClusterIPs: allocated cluster IPs stay, unless the service becomes or stops being ExternalName. */
export function validateServiceUpdate(svc: KubeObject, old: KubeObject): FieldError[] {
  const spec = specOf(svc);
  const before = specOf(old);
  if (spec.type === 'ExternalName' || before.type === 'ExternalName') return [];
  if (isHeadless(spec) && isHeadless(before)) return [];
  const now = spec.clusterIPs ?? [];
  const was = before.clusterIPs ?? [];
  if (now.length === 0 && was.length > 0) return [invalidValue('spec.clusterIPs[0]', now, 'primary clusterIP can not be unset')];
  return was.flatMap((ip, i) => (i < now.length && now[i] !== ip ? [invalidValue(`spec.clusterIPs[${i}]`, now, 'may not change once set')] : []));
}
