import { badRequest, parseFieldSelector, parseLabelSelector, type FieldRequirement, type LabelRequirement } from '@kubeledger/api';

export interface RequestSelectors {
  readonly labelSelector: LabelRequirement[];
  readonly fieldSelector: FieldRequirement[];
}

/** `labelSelector` and `fieldSelector` from a list, watch or deletecollection query; a syntax error is a 400. */
export function requestSelectors(query: Record<string, string | undefined>): RequestSelectors {
  try {
    return { labelSelector: parseLabelSelector(query['labelSelector'] ?? ''), fieldSelector: parseFieldSelector(query['fieldSelector'] ?? '') };
  } catch (err) {
    throw badRequest((err as Error).message);
  }
}
