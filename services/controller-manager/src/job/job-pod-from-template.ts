import { deepCopy, type KubeObject } from '@kubeledger/api';
import type { OwnerReference } from '../controller-utils/controller-ref.js';
import { COMPLETION_INDEX_ENV, COMPLETION_INDEX_KEY, INDEX_FAILURE_COUNT_KEY, INDEX_IGNORED_FAILURE_COUNT_KEY, JOB_TRACKING_FINALIZER, jobSpec } from './job-spec.js';

/** names.MaxGeneratedNameLength: a generated name's prefix leaves room for 5 random characters in 63. */
const MAX_GENERATED_NAME_LENGTH = 58;

type Container = Record<string, unknown> & { env?: Array<Record<string, unknown>> };

/**
 * The pod a Job creates (upstream's `manageJob` and `GetPodFromTemplate`): the template's labels,
 * annotations, finalizers and spec, with the tracking finalizer, `generateName` `<job>-`, the
 * controller reference. With a completion index (Indexed Jobs): the index as annotation and label,
 * `generateName` `<job>-<index>-`, hostname `<job>-<index>`, and `JOB_COMPLETION_INDEX` in every
 * container's env (from the annotation). With `failureCounts` (backoffLimitPerIndex): the index's
 * failures so far as annotations (upstream's `addIndexFailureCountAnnotation`; the ignored ones only when any).
 */
export function jobPodFromTemplate(job: KubeObject, controllerRef: OwnerReference, index?: number, failureCounts?: { failures: number; ignored: number }): KubeObject {
  const { template } = jobSpec(job);
  const name = job.metadata?.name ?? '';
  const labels: Record<string, string> = { ...template.metadata?.labels };
  const annotations: Record<string, string> = { ...template.metadata?.annotations };
  const finalizers = [...(template.metadata?.finalizers ?? [])];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER)) finalizers.push(JOB_TRACKING_FINALIZER);
  const spec = deepCopy(template.spec ?? {}) as Record<string, unknown>;
  let generateName = `${name}-`;
  if (index !== undefined) {
    annotations[COMPLETION_INDEX_KEY] = String(index);
    if (failureCounts) {
      annotations[INDEX_FAILURE_COUNT_KEY] = String(failureCounts.failures);
      if (failureCounts.ignored > 0) annotations[INDEX_IGNORED_FAILURE_COUNT_KEY] = String(failureCounts.ignored);
    }
    labels[COMPLETION_INDEX_KEY] = String(index);
    spec['hostname'] = `${name}-${index}`;
    for (const field of ['initContainers', 'containers']) for (const c of (spec[field] as Container[] | undefined) ?? []) addIndexEnv(c);
    const suffix = `-${index}-`;
    generateName = `${name}${suffix}`.length > MAX_GENERATED_NAME_LENGTH ? `${name.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length)}${suffix}` : `${name}${suffix}`;
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName,
      namespace: job.metadata?.namespace,
      labels,
      ...(Object.keys(annotations).length > 0 && { annotations }),
      finalizers,
      ownerReferences: [controllerRef],
    },
    spec,
  };
}

/** Upstream's `addCompletionIndexEnvVariable`: unless the container sets it already. */
function addIndexEnv(container: Container): void {
  const env = (container.env ??= []);
  if (env.some((e) => e['name'] === COMPLETION_INDEX_ENV)) return;
  env.push({ name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_KEY}']` } } });
}
