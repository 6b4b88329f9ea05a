import type { KubeObject } from '@kubeledger/api';
import { defaultStrategy } from '../../default-strategy.js';
import type { ResourceDefinition } from '../../resource-definition.js';
import type { ResourceStrategy } from '../../strategy.js';
import { dnsLabelName } from '../../validate-object-meta.js';
import { defaultService, dropTypeDependentFields, initIPFamilies, normalizeClusterIPs } from './service-defaults.js';
import type { ServiceSpec } from './service-types.js';
import { validateService, validateServiceUpdate } from './validate-service.js';

const specOf = (svc: KubeObject): ServiceSpec => (svc['spec'] ??= {}) as ServiceSpec;

/**
 * Services (pkg/registry/core/service/strategy.go and the service REST): upstream's defaults,
 * cluster IP fields kept in step (an update that leaves them out keeps the allocated ones), IP
 * families for an IPv4 single-stack cluster, validation, and cluster IPs that do not change once
 * set. Allocation itself is the store's hooks' (service-allocation.ts).
 */
export function serviceStrategy(def: ResourceDefinition): ResourceStrategy {
  const base = defaultStrategy(def, { nameRule: dnsLabelName });
  return {
    ...base,
    prepareForCreate(svc) {
      base.prepareForCreate(svc);
      const spec = specOf(svc);
      defaultService(spec);
      normalizeClusterIPs(spec);
      initIPFamilies(spec);
      svc['status'] = { loadBalancer: {} };
    },
    validate(svc) {
      return [...base.validate(svc), ...validateService(svc)];
    },
    prepareForUpdate(svc, old) {
      const spec = specOf(svc);
      const before = (old['spec'] ?? {}) as ServiceSpec;
      dropTypeDependentFields(spec, before);
      defaultService(spec);
      normalizeClusterIPs(spec, before);
      initIPFamilies(spec, before);
      base.prepareForUpdate(svc, old);
    },
    validateUpdate(svc, old) {
      return [...base.validateUpdate(svc, old), ...validateServiceUpdate(svc, old), ...validateService(svc)];
    },
  };
}
