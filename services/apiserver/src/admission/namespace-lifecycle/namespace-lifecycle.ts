import { forbidden, notFound, type KubeObject } from '@kubeledger/api';
import type { AdmissionAttributes, ValidatingPlugin } from '../admission-plugin.js';

/** Reads one namespace; undefined when it does not exist. */
export type NamespaceLookup = (name: string) => Promise<KubeObject | undefined>;

/**
 * NamespaceLifecycle, as upstream: content can only be created in a namespace that exists —
 * otherwise 404 `namespaces "<ns>" not found` — and is not being terminated (403).
 */
export function namespaceLifecycle(lookup: NamespaceLookup): ValidatingPlugin {
  return {
    name: 'NamespaceLifecycle',
    handles: (operation) => operation === 'CREATE',
    async validate(attributes: AdmissionAttributes) {
      if (!attributes.resource.namespaced || !attributes.namespace) return;
      const namespace = await lookup(attributes.namespace);
      if (namespace === undefined) throw notFound({ group: '', resource: 'namespaces' }, attributes.namespace);
      if ((namespace['status'] as { phase?: string } | undefined)?.phase === 'Terminating') {
        const { resource } = attributes.resource;
        throw forbidden(
          { group: attributes.resource.group, resource },
          attributes.name,
          `unable to create new content in namespace ${attributes.namespace} because it is being terminated`,
        );
      }
    },
  };
}
