import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '@kubeledger/api';

/** Where apps/v1 keeps a DaemonSet's `spec.templateGeneration` (the v1 conversion's annotation). */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

const generationIn = (o: KubeObject): number => {
  const value = Number((o.metadata?.['annotations'] as Record<string, string> | undefined)?.[TEMPLATE_GENERATION_ANNOTATION]);
  return Number.isSafeInteger(value) ? value : 0;
};

const withGeneration = (o: KubeObject, generation: number): void => {
  o.metadata = { ...o.metadata, annotations: { ...(o.metadata?.['annotations'] as Record<string, string> | undefined), [TEMPLATE_GENERATION_ANNOTATION]: String(generation) } };
};

/** The DaemonSet strategy's PrepareForCreate: the template generation is at least 1. Mutates. */
export function templateGenerationOnCreate(ds: KubeObject): void {
  withGeneration(ds, Math.max(1, generationIn(ds)));
}

/**
 * The DaemonSet strategy's PrepareForUpdate: a client cannot set the template generation; it moves
 * by one when the pod template changes. Mutates.
 */
export function templateGenerationOnUpdate(ds: KubeObject, old: KubeObject): void {
  const template = (o: KubeObject) => (o['spec'] as { template?: unknown } | undefined)?.template;
  const previous = generationIn(old);
  withGeneration(ds, isDeepStrictEqual(template(ds), template(old)) ? previous : previous + 1);
}
