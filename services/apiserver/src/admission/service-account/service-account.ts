import { forbidden, type KubeObject } from '@kubeledger/api';
import type { AdmissionAttributes, MutatingPlugin, ValidatingPlugin } from '../admission-plugin.js';
import type { ServiceAccountLookup } from './service-account-lookup.js';
import { mountServiceAccountToken, shouldAutomount, type TokenVolumePodSpec } from './token-volume.js';

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

interface PodSpec extends TokenVolumePodSpec {
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: { name?: string }[];
}
interface ServiceAccount extends KubeObject {
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: { name?: string }[];
}

const specOf = (pod: KubeObject) => (pod['spec'] ?? {}) as PodSpec;
const isMirrorPod = (pod: KubeObject) => (pod.metadata?.annotations as Record<string, string> | undefined)?.[MIRROR_POD_ANNOTATION] !== undefined;
const ignored = (a: AdmissionAttributes) => a.resource.group !== '' || a.resource.resource !== 'pods' || a.subresource !== '' || a.object === undefined;

/**
 * The ServiceAccount admission plugin, as upstream's, on pod creation (mirror pods aside):
 * `spec.serviceAccountName` defaults to `default`; the ServiceAccount must exist (403 otherwise);
 * unless the pod or else the ServiceAccount turns automountServiceAccountToken off, the projected
 * `kube-api-access-*` volume and its mount in every container are added; the ServiceAccount's
 * imagePullSecrets go to a pod without any. Mirror pods may reference no ServiceAccount, Secret or
 * token projection.
 */
export function serviceAccountAdmission(lookup: ServiceAccountLookup, generateName: (base: string) => string): MutatingPlugin & ValidatingPlugin {
  const refuse = (a: AdmissionAttributes, why: string) => forbidden({ group: '', resource: 'pods' }, a.name, why);
  const find = async (a: AdmissionAttributes, name: string): Promise<ServiceAccount> => {
    let found: KubeObject | undefined;
    try {
      found = await lookup(a.namespace, name);
    } catch (err) {
      throw refuse(a, `error looking up service account ${a.namespace}/${name}: ${(err as Error).message}`);
    }
    if (!found) throw refuse(a, `error looking up service account ${a.namespace}/${name}: serviceaccount "${name}" not found`);
    return found as ServiceAccount;
  };
  return {
    name: 'ServiceAccount',
    handles: (operation) => operation === 'CREATE',
    async admit(a) {
      if (ignored(a) || isMirrorPod(a.object!)) return a.object;
      const pod = a.object!;
      const spec = specOf(pod);
      // v1's deprecated serviceAccount names the account when serviceAccountName does not, and mirrors it.
      const name = spec.serviceAccountName || spec.serviceAccount || 'default';
      const serviceAccount = await find(a, name);
      let admitted: PodSpec = { ...spec, serviceAccountName: name, serviceAccount: name };
      if (shouldAutomount(serviceAccount, spec)) admitted = mountServiceAccountToken(admitted, generateName);
      if (!spec.imagePullSecrets?.length && serviceAccount.imagePullSecrets?.length) {
        admitted.imagePullSecrets = serviceAccount.imagePullSecrets.map((s) => ({ name: s.name }));
      }
      return { ...pod, spec: admitted };
    },
    async validate(a) {
      if (ignored(a)) return;
      const pod = a.object!;
      const spec = specOf(pod);
      if (isMirrorPod(pod)) {
        const problem = mirrorPodProblem(spec);
        if (problem) throw refuse(a, problem);
        return;
      }
      if (!spec.serviceAccountName) throw refuse(a, `no service account specified for pod ${a.namespace}/${a.name}`);
      await find(a, spec.serviceAccountName);
    },
  };
}

interface SecretRefs {
  env?: { valueFrom?: { secretKeyRef?: unknown } }[];
  envFrom?: { secretRef?: unknown }[];
}

/** What a mirror pod (a static pod's copy) may not reference, in upstream's words. */
function mirrorPodProblem(spec: PodSpec): string | undefined {
  if (spec.serviceAccountName) return 'a mirror pod may not reference service accounts';
  const volumes = (spec.volumes ?? []) as { secret?: unknown; projected?: { sources?: { secret?: unknown; serviceAccountToken?: unknown }[] } }[];
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])] as SecretRefs[];
  const secrets =
    (spec.imagePullSecrets?.length ?? 0) > 0 ||
    volumes.some((v) => v.secret !== undefined || v.projected?.sources?.some((s) => s.secret !== undefined)) ||
    containers.some((c) => c.env?.some((e) => e.valueFrom?.secretKeyRef !== undefined) || c.envFrom?.some((e) => e.secretRef !== undefined));
  if (secrets) return 'a mirror pod may not reference secrets';
  if (volumes.some((v) => v.projected?.sources?.some((s) => s.serviceAccountToken !== undefined))) return 'a mirror pod may not use ServiceAccountToken volume projections';
  return undefined;
}
