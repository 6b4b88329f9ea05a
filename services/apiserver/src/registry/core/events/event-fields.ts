import type { KubeObject } from '@kubeledger/api';

interface CoreEvent {
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string };
  reason?: string;
  reportingComponent?: string;
  source?: { component?: string };
  type?: string;
}

/**
 * The fields a core/v1 Event list or watch may select on, beyond metadata.name and
 * metadata.namespace (upstream's event ToSelectableFields): `kubectl describe` finds an object's
 * events by `involvedObject.name`, `.namespace` and `.uid`.
 */
export function eventSelectableFields(object: KubeObject): Record<string, string> {
  const event = object as CoreEvent;
  const involved = event.involvedObject ?? {};
  return {
    'involvedObject.kind': involved.kind ?? '',
    'involvedObject.namespace': involved.namespace ?? '',
    'involvedObject.name': involved.name ?? '',
    'involvedObject.uid': involved.uid ?? '',
    'involvedObject.apiVersion': involved.apiVersion ?? '',
    'involvedObject.resourceVersion': involved.resourceVersion ?? '',
    'involvedObject.fieldPath': involved.fieldPath ?? '',
    reason: event.reason ?? '',
    reportingComponent: event.reportingComponent ?? '',
    source: event.source?.component ?? '',
    type: event.type ?? '',
  };
}
