import { withSortedKeys } from '@kubeledger/api';
import type { PodTemplate } from './pod-template.js';
import { withoutValueZeros } from './pod-template-zeros.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A pod template as Go writes the typed `PodTemplateSpec` it decodes to, then through a map:
 * what upstream's controllers and kubectl marshal when they compare or store a template. Keys
 * sorted (Go marshals maps so); `null`s and the zeros of Go value fields left out (pod-template-zeros.ts;
 * omitempty drops them, and creationTimestamp is omitzero since 1.33); `metadata` and `spec`
 * present (struct fields, always written) and every container's `resources` (a struct: `{}` when
 * unset).
 */
export function goTypedTemplate(template: PodTemplate): PodTemplate {
  const copy = withoutValueZeros(template) as Json;
  const spec: Json = isObject(copy['spec']) ? copy['spec'] : {};
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const c of containers) if (isObject(c) && !isObject(c['resources'])) c['resources'] = {};
  }
  return withSortedKeys({ ...copy, metadata: isObject(copy['metadata']) ? copy['metadata'] : {}, spec }, { dropNulls: true }) as PodTemplate;
}
