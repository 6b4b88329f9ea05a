// REST client (src/rest)
export { KubeClient } from './rest/kube-client.js';
export type { RawResponse, RawRequest, TransportDeps } from './rest/rest-transport.js';
export { DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT, type ClientConfig, type RetryPolicy } from './rest/client-config.js';
export { loadKubeconfig, parseKubeconfig, type ParseKubeconfigOptions } from './rest/kubeconfig.js';
export {
  PODS,
  NODES,
  NAMESPACES,
  SERVICES,
  ENDPOINTS,
  CONFIGMAPS,
  SECRETS,
  SERVICEACCOUNTS,
  EVENTS,
  EVENTS_K8S_IO,
  ENDPOINTSLICES,
  LEASES,
  DEPLOYMENTS,
  REPLICASETS,
  DAEMONSETS,
  CONTROLLERREVISIONS,
  JOBS,
  PODDISRUPTIONBUDGETS,
  refName,
  type ResourceRef,
} from './rest/resource-ref.js';
export { resourcePath } from './rest/resource-path.js';
export {
  PatchContentTypes,
  type CallOptions,
  type GetOptions,
  type ListOptions,
  type WriteOptions,
  type PatchOptions,
  type PatchType,
  type DeleteOptions,
  type FieldValidation,
  type PropagationPolicy,
  type ResourceVersionMatch,
} from './rest/request-options.js';
export { DEFAULT_PAGE_SIZE, type ListResult } from './rest/list-pager.js';
export {
  ApiError,
  isApiError,
  reasonForError,
  isNotFound,
  isAlreadyExists,
  isConflict,
  isInvalid,
  isForbidden,
  isUnauthorized,
  isBadRequest,
  isMethodNotSupported,
  isTooManyRequests,
  isServiceUnavailable,
  isServerTimeout,
  isTimeout,
  isResourceExpired,
  ifExists,
} from './rest/api-error.js';
export { TransportError, isTransportError } from './rest/transport-error.js';
export { DefaultRetry, DefaultBackoff, DefaultRequestRetry, NoRetry, backoffDelay, backoffSchedule, type Backoff, type Sleep } from './rest/backoff.js';
export { isRetriable, isIdempotent } from './rest/retry-decision.js';
export { retryOnConflict, retryOnError, type RetryOptions } from './rest/retry-on-conflict.js';

// Informers (src/informer)
export { Informer, InformerStoppedError, type InformerOptions, type InformerStats, type EventSource } from './informer/informer.js';
export {
  DeletedFinalStateUnknown,
  isDeletedFinalStateUnknown,
  deletedObject,
  type EventHandler,
  type EventHandlerRegistration,
  type EventContext,
} from './informer/event-handler.js';
export type { Lister, ListPage, ListPageOptions } from './informer/lister.js';
export { IndexNames, fieldIndexer, namespaceIndexer, nodeNameIndexer, type IndexFunc, type Indexers } from './informer/indexers.js';
export { objectStoreKey } from './informer/object-store.js';
export { waitForCacheSync, type Syncable } from './informer/wait-for-cache-sync.js';
export { subjectFilterFor, selectionMatcher, type ListSelection } from './informer/selection.js';
export { resourceInformer, restLister, type ResourceInformerOptions, type ListerClient } from './informer/resource-informer.js';
export { SharedInformers, type SharedInformersDeps } from './informer/shared-informers.js';

// Events (src/events)
export { EventRecorder, type EventReporter, type EventType } from './events/event-recorder.js';

// Leader election (src/leader-election)
export { LeaderElector, microTime, type LeaderElectorOptions, type LeaderCallbacks, type Lease, type LeaseSpec } from './leader-election/leader-elector.js';

// Work queue (src/workqueue)
export { WorkQueue, type StepResult } from './workqueue/work-queue.js';

// A component's process (src/component)
export { runComponent, type Component, type ComponentSettings, type RunComponentOptions } from './component/run-component.js';

// Tracing of the work events cause (src/tracing)
export { PendingTraces } from './tracing/pending-traces.js';
export { processInSpan, type ProcessSpanOptions } from './tracing/process-in-span.js';
