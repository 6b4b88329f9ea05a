import type { KubeObject } from '@kubeledger/api';
import { defaultPodSpec } from '../core/pods/pod-defaults.js';
import type { PodTemplateSpec } from '../core/pods/pod-types.js';

type Spec = Record<string, unknown>;

/** SetDefaults_Deployment / _ReplicaSet / _StatefulSet / _DaemonSet (pkg/apis/apps/v1/defaults.go), and their pod templates. Mutates. */
export function defaultWorkload(kind: string, object: KubeObject): void {
  const spec = (object['spec'] ??= {}) as Spec;
  const template = spec['template'] as PodTemplateSpec | undefined;
  if (template) defaultPodSpec((template.spec ??= {}));
  switch (kind) {
    case 'Deployment': {
      spec['replicas'] ??= 1;
      const strategy = (spec['strategy'] ??= {}) as Spec;
      strategy['type'] ||= 'RollingUpdate';
      if (strategy['type'] === 'RollingUpdate') {
        const rolling = (strategy['rollingUpdate'] ??= {}) as Spec;
        rolling['maxUnavailable'] ??= '25%';
        rolling['maxSurge'] ??= '25%';
      }
      spec['revisionHistoryLimit'] ??= 10;
      spec['progressDeadlineSeconds'] ??= 600;
      break;
    }
    case 'ReplicaSet':
      spec['replicas'] ??= 1;
      break;
    case 'StatefulSet': {
      spec['replicas'] ??= 1;
      spec['podManagementPolicy'] ||= 'OrderedReady';
      const strategy = (spec['updateStrategy'] ??= {}) as Spec;
      strategy['type'] ||= 'RollingUpdate';
      if (strategy['type'] === 'RollingUpdate') {
        const rolling = (strategy['rollingUpdate'] ??= {}) as Spec;
        rolling['partition'] ??= 0;
      }
      spec['revisionHistoryLimit'] ??= 10;
      const retention = (spec['persistentVolumeClaimRetentionPolicy'] ??= {}) as Spec;
      retention['whenDeleted'] ||= 'Retain';
      retention['whenScaled'] ||= 'Retain';
      break;
    }
    case 'DaemonSet': {
      const strategy = (spec['updateStrategy'] ??= {}) as Spec;
      strategy['type'] ||= 'RollingUpdate';
      if (strategy['type'] === 'RollingUpdate') {
        const rolling = (strategy['rollingUpdate'] ??= {}) as Spec;
        rolling['maxUnavailable'] ??= 1;
        rolling['maxSurge'] ??= 0;
      }
      spec['revisionHistoryLimit'] ??= 10;
      break;
    }
    default:
      break;
  }
}
