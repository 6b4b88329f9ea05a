import { forbidden, notFound, StatusError, type KubeObject } from '@kubeledger/api';
import type { AdmissionAttributes, ValidatingPlugin } from '../admission-plugin.js';

/** Reads one namespace; undefined when it does not exist. `live`: from storage, not the watch cache. */
export type NamespaceLookup = (name: string, live?: boolean) => Promise<KubeObject | undefined>;

/** The namespaces no one may delete (upstream's immortal namespaces). */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
/** How long after a namespace's delete its lookups skip a cache that still says Active (upstream's forceLiveLookupTTL). */
const FORCE_LIVE_LOOKUP_MS = 30_000;

const isNamespaces = (a: AdmissionAttributes) => a.resource.group === '' && a.resource.resource === 'namespaces';
const phaseOf = (ns: KubeObject) => (ns['status'] as { phase?: string } | undefined)?.phase;

/**
 * NamespaceLifecycle, as upstream: `default`, `kube-system` and `kube-public` cannot be deleted
 * (403); content can only be created in a namespace that exists — otherwise 404
 * `namespaces "<ns>" not found` — and is not being terminated (403 with the NamespaceTerminating
 * cause). Shortly after a namespace's delete, a cache that still has it Active is not believed.
 */
export function namespaceLifecycle(lookup: NamespaceLookup, now: () => number = Date.now): ValidatingPlugin {
  const forceLiveUntil = new Map<string, number>();
  return {
    name: 'NamespaceLifecycle',
    handles: (operation) => operation === 'CREATE' || operation === 'DELETE',
    async validate(attributes: AdmissionAttributes) {
      if (attributes.operation === 'DELETE') {
        if (!isNamespaces(attributes)) return;
        if (IMMORTAL_NAMESPACES.has(attributes.name)) throw forbidden({ group: '', resource: 'namespaces' }, attributes.name, 'this namespace may not be deleted');
        forceLiveUntil.set(attributes.name, now() + FORCE_LIVE_LOOKUP_MS);
        return;
      }
      if (!attributes.resource.namespaced || !attributes.namespace) return;
      let namespace = await lookup(attributes.namespace);
      const until = forceLiveUntil.get(attributes.namespace);
      if (until !== undefined && until <= now()) forceLiveUntil.delete(attributes.namespace);
      else if (until !== undefined && namespace !== undefined && phaseOf(namespace) === 'Active') namespace = await lookup(attributes.namespace, true);
      if (namespace === undefined) throw notFound({ group: '', resource: 'namespaces' }, attributes.namespace);
      if (phaseOf(namespace) === 'Terminating') throw terminating(attributes);
    },
  };
}

/** 403, with the NamespaceTerminating cause clients look for (apimachinery's HasStatusCause). */
function terminating(attributes: AdmissionAttributes): StatusError {
  const { status } = forbidden(
    { group: attributes.resource.group, resource: attributes.resource.resource },
    attributes.name,
    `unable to create new content in namespace ${attributes.namespace} because it is being terminated`,
  );
  const cause = { reason: 'NamespaceTerminating', message: `namespace ${attributes.namespace} is being terminated`, field: 'metadata.namespace' };
  return new StatusError({ ...status, details: { ...status.details, causes: [cause] } });
}
