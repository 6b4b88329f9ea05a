import { badRequest, conflict, invalid, schemas, success, type KubeObject } from '@kubeledger/api';
import type { WriteContext } from '@kubeledger/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GenericStore } from '../registry/generic-store.js';
import { notSupported, required } from '../registry/validation/field-errors.js';
import { nowTimestamp } from '../registry/before-write.js';
import { decodeObject, fieldValidation } from './decode-object.js';
import { addWarnings, query } from './handler-context.js';

interface Binding extends KubeObject {
  target?: { kind?: string; name?: string; apiVersion?: string };
}

interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string | null;
  lastProbeTime?: string | null;
  [field: string]: unknown;
}

/**
 * POST pods/<name>/binding, and the legacy POST namespaces/<ns>/bindings (upstream's BindingREST):
 * binds an unscheduled pod to a node — spec.nodeName, the binding's annotations, condition
 * PodScheduled=True — in one guarded write; 409 if the pod is bound already or being deleted.
 * Answers 201 with a Success Status. `name` is the pod's name in the URL ('' for the legacy path).
 */
export async function handleBinding(pods: GenericStore, namespace: string, urlName: string | undefined, request: FastifyRequest, reply: FastifyReply, write: WriteContext): Promise<unknown> {
  const def = { ...pods.definition, kind: 'Binding', schema: schemas.core_v1_Binding };
  const { object, warnings } = decodeObject(def, request.body, fieldValidation(query(request)['fieldValidation']));
  const binding = object as Binding;
  const meta = binding.metadata ?? {};
  if (meta.namespace && meta.namespace !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  const name = meta.name ?? '';
  if (urlName !== undefined && urlName !== name) throw badRequest('name in URL does not match name in Binding object');
  const errs = [];
  const target = binding.target ?? {};
  if (target.kind && target.kind !== 'Node') errs.push(notSupported('target.kind', target.kind, ['Node', '<empty>']));
  if (!target.name) errs.push(required('target.name'));
  if (errs.length) throw invalid({ group: '', kind: 'Binding' }, name, errs);
  if (!name) throw badRequest('Name parameter required.');

  const node = target.name!;
  const annotations = (meta['annotations'] ?? {}) as Record<string, string>;
  await pods.guaranteedUpdate(
    namespace,
    name,
    (pod) => {
      const onBinding = { group: '', resource: 'pods/binding' };
      const spec = (pod['spec'] ??= {}) as { nodeName?: string; schedulingGates?: unknown[] };
      if (pod.metadata?.['deletionTimestamp']) throw conflict(onBinding, name, `pod ${name} is being deleted, cannot be assigned to a host`);
      if (spec.nodeName) throw conflict(onBinding, name, `pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`);
      if (spec.schedulingGates?.length) throw conflict(onBinding, name, `pod ${name} has non-empty .spec.schedulingGates`);
      spec.nodeName = node;
      pod.metadata = { ...pod.metadata, annotations: { ...(pod.metadata?.['annotations'] as Record<string, string> | undefined), ...annotations } };
      setScheduled(pod);
      return pod;
    },
    write,
    { ...(meta.uid && { uid: meta.uid }), ...(meta.resourceVersion && { resourceVersion: meta.resourceVersion }) },
  );
  addWarnings(reply, warnings);
  reply.code(201);
  return { ...success(), code: 201 };
}

/** podutil.UpdatePodCondition(PodScheduled=True): a new transition time only when the status changes. */
function setScheduled(pod: KubeObject): void {
  const status = (pod['status'] ??= {}) as { conditions?: PodCondition[] };
  const conditions = (status.conditions ??= []);
  const existing = conditions.find((c) => c.type === 'PodScheduled');
  const next: PodCondition = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowTimestamp() };
  if (!existing) conditions.push(next);
  else {
    if (existing.status === 'True') next.lastTransitionTime = existing.lastTransitionTime ?? next.lastTransitionTime;
    Object.assign(existing, next);
    delete existing['reason'];
    delete existing['message'];
  }
}
