import { notFound } from '@kubeledger/api';
import type { AdmissionAttributes, ValidatingPlugin } from '../admission-plugin.js';

/** Reads one namespace; undefined when it does not exist. */
export type NamespaceLookup = (name: string) => Promise<unknown | undefined>;

/**
 * NamespaceLifecycle, the part that applies so far: content can only be created in a namespace
 * that exists — otherwise 404 `namespaces "<ns>" not found`, as upstream answers.
 */
export function namespaceLifecycle(lookup: NamespaceLookup): ValidatingPlugin {
  return {
    name: 'NamespaceLifecycle',
    handles: (operation) => operation === 'CREATE',
    async validate(attributes: AdmissionAttributes) {
      if (!attributes.resource.namespaced || !attributes.namespace) return;
      if ((await lookup(attributes.namespace)) === undefined) throw notFound({ group: '', resource: 'namespaces' }, attributes.namespace);
    },
  };
}
