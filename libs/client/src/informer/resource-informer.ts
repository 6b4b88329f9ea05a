import type { KubeObject } from '@kubeledger/api';
import { isNotFound } from '../rest/api-error.js';
import type { KubeClient } from '../rest/kube-client.js';
import type { ResourceRef } from '../rest/resource-ref.js';
import { Informer, type InformerOptions } from './informer.js';
import type { Lister } from './lister.js';
import { selectionMatcher, subjectFilterFor, type ListSelection } from './selection.js';

/** What a REST lister needs of the client. */
export type ListerClient = Pick<KubeClient, 'list' | 'get'>;

/** A {@link Lister} over the REST client: LIST `resource` with `selection`, GET one object (undefined when it is gone). */
export function restLister<T extends KubeObject = KubeObject>(client: ListerClient, resource: ResourceRef, selection: ListSelection = {}): Lister<T> {
  return {
    list: (page) => client.list<T>(resource, { ...selection, ...page }),
    async get(namespace, name, options) {
      try {
        return await client.get<T>(resource, resource.namespaced ? namespace : undefined, name, options);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
  };
}

export interface ResourceInformerOptions<T extends KubeObject = KubeObject> extends Omit<InformerOptions<T>, 'lister' | 'filter' | 'matches'>, ListSelection {
  readonly client: ListerClient;
  readonly resource: ResourceRef;
  /** Checked besides the selection. */
  readonly matches?: (object: T) => boolean;
}

/**
 * An {@link Informer} on `resource` limited to a namespace, label and field selector: the LIST
 * sends them to the apiserver, the subject filter takes what the subject can express (namespace,
 * `metadata.name`, a pod's `spec.nodeName`) and the client checks the rest on every event.
 *
 * ```ts
 * const pods = resourceInformer({ client, bus, resource: PODS, fieldSelector: `spec.nodeName=${node}` });
 * ```
 */
export function resourceInformer<T extends KubeObject = KubeObject>(options: ResourceInformerOptions<T>): Informer<T> {
  const { client, resource, namespace, labelSelector, fieldSelector, matches, ...rest } = options;
  const selection: ListSelection = {
    ...(namespace !== undefined && { namespace }),
    ...(labelSelector !== undefined && { labelSelector }),
    ...(fieldSelector !== undefined && { fieldSelector }),
  };
  const selected = selectionMatcher<T>(selection);
  return new Informer<T>({
    ...rest,
    lister: restLister<T>(client, resource, selection),
    filter: subjectFilterFor(resource, selection),
    matches: matches ? (o) => selected(o) && matches(o) : selected,
  });
}
