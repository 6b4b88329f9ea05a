import type { KubeObject } from '@kubeledger/api';
import { defaultStrategy } from '../../default-strategy.js';
import type { ResourceDefinition } from '../../resource-definition.js';
import type { ResourceStrategy } from '../../strategy.js';
import { defaultPod } from './pod-defaults.js';
import { podQOS } from './pod-qos.js';
import type { PodSpec } from './pod-types.js';
import { validatePodSpec } from './validate-pod-spec.js';
import { validatePodSpecUpdate } from './validate-pod-update.js';

const specOf = (pod: KubeObject): PodSpec => (pod['spec'] ??= {}) as PodSpec;
const phaseOf = (pod: KubeObject): string | undefined => (pod['status'] as { phase?: string } | undefined)?.phase;

/**
 * Pods (pkg/registry/core/pod/strategy.go): defaults, a Pending status with its QoS class on
 * create, the pod spec rules, the update rule (only images, deadlines, tolerations may change),
 * and graceful deletion — a pod on a node that has not finished gets its grace period.
 */
export function podStrategy(def: ResourceDefinition): ResourceStrategy {
  const base = defaultStrategy(def, {
    nodeName: (pod) => (pod['spec'] as PodSpec | undefined)?.nodeName,
    selectableFields: (pod) => ({
      'spec.nodeName': (pod['spec'] as PodSpec | undefined)?.nodeName ?? '',
      'status.phase': phaseOf(pod) ?? '',
    }),
  });
  return {
    ...base,
    prepareForCreate(pod) {
      base.prepareForCreate(pod);
      defaultPod(specOf(pod));
      pod['status'] = { phase: 'Pending', qosClass: podQOS(specOf(pod)) };
    },
    validate(pod) {
      return [...base.validate(pod), ...validatePodSpec(specOf(pod), 'spec')];
    },
    prepareForUpdate(pod, old) {
      defaultPod(specOf(pod));
      base.prepareForUpdate(pod, old);
    },
    validateUpdate(pod, old) {
      return [...base.validateUpdate(pod, old), ...validatePodSpec(specOf(pod), 'spec'), ...validatePodSpecUpdate(specOf(pod), (old['spec'] ?? {}) as PodSpec)];
    },
    gracePeriod(pod, requested) {
      // CheckGracefulDelete: the requested period, else the pod's own; none for a pod no node runs or one that has finished.
      const spec = (pod['spec'] ?? {}) as PodSpec;
      let period = requested ?? spec.terminationGracePeriodSeconds ?? 0;
      if (!spec.nodeName) period = 0;
      const phase = phaseOf(pod);
      if (phase === 'Failed' || phase === 'Succeeded') period = 0;
      return period < 0 ? 1 : period;
    },
  };
}
