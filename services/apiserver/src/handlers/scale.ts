import { invalid, isDNS1123Subdomain, isStatusError, notFound, schemas, type FieldError, type KubeObject } from '@kubeledger/api';
import type { WriteContext } from '@kubeledger/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GenericStore } from '../registry/generic-store.js';
import { invalidValue, required } from '../registry/validation/field-errors.js';
import { selectorString, type LabelSelector } from '../registry/validation/label-selector.js';
import { decodeObject, fieldValidation } from './decode-object.js';
import { addWarnings, query } from './handler-context.js';
import { applyPatchBody, checkPatchBody, JSON_PATCH, MERGE_PATCH, patchTypeOf, STRATEGIC_MERGE_PATCH } from './patch-body.js';
import { assertNameMatchesUrl } from './check-name.js';

interface Scale extends KubeObject {
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

const SCALE = { group: 'autoscaling', kind: 'Scale' };

/** scaleFromDeployment (and its ReplicaSet and StatefulSet twins): the object's replicas as an autoscaling/v1 Scale. */
export function scaleOf(object: KubeObject): Scale {
  const meta = object.metadata ?? {};
  const spec = (object['spec'] ?? {}) as { replicas?: number; selector?: LabelSelector };
  const status = (object['status'] ?? {}) as { replicas?: number };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta['creationTimestamp'],
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selectorString(spec.selector ?? {}) },
  };
}

/** autoscaling ValidateScale: a valid name, replicas ≥ 0. */
function validateScale(scale: Scale): FieldError[] {
  const errs: FieldError[] = [];
  const name = scale.metadata?.name;
  if (!name) errs.push(required('metadata.name', 'name or generateName is required'));
  else for (const msg of isDNS1123Subdomain(name)) errs.push(invalidValue('metadata.name', name, msg));
  const replicas = scale.spec?.replicas ?? 0;
  if (replicas < 0) errs.push(invalidValue('spec.replicas', replicas, 'must be greater than or equal to 0'));
  return errs;
}

/**
 * GET, PUT and PATCH (merge or JSON patch) of `<resource>/scale` for deployments, replicasets and
 * statefulsets (upstream's ScaleREST): reads and writes the object's spec.replicas through an
 * autoscaling/v1 Scale. A Scale carrying a resourceVersion is a precondition; a patch applies to the
 * current Scale and is recomputed if the object moves on.
 */
export async function handleScale(store: GenericStore, verb: string, namespace: string, name: string, request: FastifyRequest, reply: FastifyReply, write: WriteContext): Promise<unknown> {
  const def = store.definition;
  if (verb === 'get') {
    try {
      return scaleOf(await store.get(namespace, name));
    } catch (err) {
      if (isStatusError(err) && err.code === 404) throw notFound({ group: def.group, resource: `${def.resource}/scale` }, name);
      throw err;
    }
  }
  const scaleDef = { ...def, group: 'autoscaling', version: 'v1', kind: 'Scale', schema: schemas.autoscaling_v1_Scale };
  const validation = fieldValidation(query(request)['fieldValidation']);
  let warnings: readonly string[] = [];
  let newScale: (old: Scale) => Scale;
  if (verb === 'update') {
    const decoded = decodeObject(scaleDef, request.body, validation);
    warnings = decoded.warnings;
    assertNameMatchesUrl(decoded.object, name);
    newScale = () => decoded.object as Scale;
  } else {
    const type = patchTypeOf(request.headers['content-type'], [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH]);
    const body = request.body;
    checkPatchBody(type, body);
    newScale = (old) => {
      const patched = applyPatchBody(type, old, body, { apiVersion: 'autoscaling/v1', group: SCALE.group, kind: SCALE.kind, name });
      const decoded = decodeObject(scaleDef, patched, validation);
      warnings = decoded.warnings;
      return decoded.object as Scale;
    };
  }
  const updated = await store.patch(
    namespace,
    name,
    (current) => {
      const scale = newScale(scaleOf(current));
      const errs = validateScale(scale);
      if (errs.length) throw invalid(SCALE, current.metadata?.name ?? name, errs);
      return {
        ...current,
        spec: { ...(current['spec'] as object), replicas: scale.spec?.replicas ?? 0 },
        metadata: { ...current.metadata, resourceVersion: scale.metadata?.resourceVersion || current.metadata?.resourceVersion },
      };
    },
    write,
  );
  addWarnings(reply, warnings);
  return scaleOf(updated);
}
