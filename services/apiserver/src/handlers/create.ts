import { inSpan, objectAttributes, tracer as tracerFor } from '@kubeledger/telemetry';
import { stampCreationTrace } from '../tracing/creation-trace.js';
import { decodeObject, fieldValidation } from './decode-object.js';
import { RequestFieldManager } from './field-manager.js';
import { addWarnings, query, type HandlerContext } from './handler-context.js';
import { writeOptions } from './write-options.js';

const tracer = tracerFor('apiserver');

/** POST: 201 with the stored object (with dryRun=All: with what would be stored). */
export async function handleCreate({ info, store, request, reply, write, admission }: HandlerContext): Promise<unknown> {
  const options = writeOptions(request, 'CreateOptions');
  const decoded = decodeObject(store.definition, request.body, fieldValidation(query(request)['fieldValidation']));
  const decodedObject = stampCreationTrace(store.definition, decoded.object);
  const { warnings } = decoded;
  const name = decodedObject.metadata?.name;
  const object = await inSpan(tracer, 'admission', { attributes: objectAttributes({ resource: store.definition.resource, namespace: info.namespace, name }) }, async () => {
    const attributes = { operation: 'CREATE', resource: store.definition, subresource: info.subresource, namespace: info.namespace, name: name ?? '', object: decodedObject } as const;
    const admitted = (await admission.admit(attributes)) ?? decodedObject;
    await admission.validate({ ...attributes, object: admitted });
    return admitted;
  });
  const fields = new RequestFieldManager(store.definition, info.subresource, options);
  const created = await store.create(info.namespace, object, write, { dryRun: options.dryRun, ...fields.storeOptions });
  addWarnings(reply, warnings);
  reply.code(201);
  return created;
}
