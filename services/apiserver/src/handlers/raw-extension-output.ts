import { withSortedKeys, type KubeObject } from '@kubeledger/api';
import type { ResourceDefinition } from '../registry/resource-definition.js';

/** The RawExtension fields of a kind (`<group>/<Kind>` → top-level field names). */
const RAW_EXTENSION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'apps/ControllerRevision': ['data'],
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The object with its RawExtension fields (a ControllerRevision's `data`) in the key order their
 * writers gave them. Upstream stores such a field's bytes and writes them back as they are;
 * this apiserver stores objects as jsonb, which reorders keys (shorter first). Every upstream
 * writer of `data` marshals a Go map (the DaemonSet and StatefulSet controllers' `getPatch`), so
 * its keys are sorted — and `kubectl rollout undo` compares those bytes with a patch it marshals
 * the same way. Sorting restores them; Go's string escapes (`<` as `\u003c` …) are the response
 * writer's (json-output.ts), as they are upstream's for every string it writes. Other objects are
 * returned as they are.
 */
export function withRawExtensionsInGoOrder(def: ResourceDefinition, object: KubeObject): KubeObject {
  const fields = RAW_EXTENSION_FIELDS[`${def.group}/${def.kind}`];
  if (!fields) return object;
  const out: Record<string, unknown> = { ...object };
  for (const field of fields) if (isObject(out[field])) out[field] = withSortedKeys(out[field]);
  return out as KubeObject;
}
