import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, methodNotSupported, pathNotFound } from '@kubeledger/api';
import type { AdmissionChain } from '../admission/admission-chain.js';
import type { KubeletClient } from '../kubelet/kubelet-client.js';
import type { Registry } from '../registry/registry.js';
import { parseYamlDocument } from '../request/body-parsers.js';
import { requestInfoOf } from '../request/request-info-of.js';
import { handleCreate } from './create.js';
import { handleDelete } from './delete.js';
import { handleDeleteCollection } from './delete-collection.js';
import { subresourceHandler } from './subresource-routes.js';
import { reviewHandler } from './reviews/review-routes.js';
import type { ReviewDeps } from './reviews/review-deps.js';
import { handleGet } from './get.js';
import type { HandlerContext } from './handler-context.js';
import { writeContext } from './handler-context.js';
import { handleList } from './list.js';
import { handlePatch } from './patch.js';
import { APPLY_PATCH, JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH } from './patch-body.js';
import { handleUpdate } from './update.js';
import { handleWatch, type WatchSettings } from './watch.js';
import { linkCreationTrace } from '../tracing/creation-trace.js';

const HANDLERS: Record<string, (ctx: HandlerContext) => Promise<unknown>> = {
  get: handleGet,
  list: handleList,
  create: handleCreate,
  update: handleUpdate,
  patch: handlePatch,
  delete: handleDelete,
  deletecollection: handleDeleteCollection,
  watch: handleWatch,
};

const STATUS_VERBS = new Set(['get', 'update', 'patch']);

/** Writes to an existing object, whose request span links to the object's creation trace. */
const LINKED_VERBS = new Set(['update', 'patch', 'delete']);

/** Verbs that address the whole collection, which a namespaced resource serves across namespaces too. */
const COLLECTION_VERBS = new Set(['list', 'watch']);

/** The resource verbs under /api and /apis: request info → the resource's store → one handler per verb. */
export function registerResourceRoutes(app: FastifyInstance, registry: Registry, admission: AdmissionChain, watch: WatchSettings, reviews: ReviewDeps, kubelet: KubeletClient): void {
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const info = requestInfoOf(request);
    if (!info.isResourceRequest) throw pathNotFound();
    const review = reviewHandler(info, reviews);
    if (review) return review(request, reply);
    const subresource = subresourceHandler(info, registry, kubelet, admission);
    if (subresource) return subresource({ info, request, reply, write: writeContext(request) });
    let store = registry.find(info.apiGroup, info.apiVersion, info.resource);
    if (!store) throw pathNotFound();
    if (info.subresource === 'finalize') {
      // namespaces/finalize: update only (upstream's FinalizeREST).
      const finalizeStore = registry.findFinalize(info.apiGroup, info.apiVersion, info.resource);
      if (!finalizeStore || !info.name) throw pathNotFound();
      if (info.verb !== 'update') throw methodNotSupported({ group: '', resource: 'namespaces/finalize' }, info.verb);
      store = finalizeStore;
    } else if (info.subresource) {
      // `status`: get, update and patch of the object's status.
      const statusStore = info.subresource === 'status' ? registry.findStatus(info.apiGroup, info.apiVersion, info.resource) : undefined;
      if (!statusStore || !info.name) throw pathNotFound();
      if (!STATUS_VERBS.has(info.verb)) throw methodNotSupported(store.definition, info.verb);
      store = statusStore;
    }
    const { namespaced } = store.definition;
    if (namespaced && !info.namespace && !COLLECTION_VERBS.has(info.verb)) throw pathNotFound();
    if (!namespaced && info.namespace && info.resource !== 'namespaces') throw pathNotFound();
    const handler = HANDLERS[info.verb];
    if (!handler) throw methodNotSupported(store.definition, info.verb);
    const result = await handler({ info, store, request, reply, write: writeContext(request), admission, watch });
    if (LINKED_VERBS.has(info.verb)) linkCreationTrace(request, store.definition, result);
    return result;
  };
  // Patch bodies are JSON too; what they mean is the patch handler's business.
  app.addContentTypeParser([JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH], { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(Object.assign(err as Error, { statusCode: 400 }), undefined);
    }
  });
  // An apply configuration is YAML. kubectl and helm send JSON, which is YAML too and parses
  // the same way, many times faster, as JSON.
  app.addContentTypeParser(APPLY_PATCH, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonOrYaml(body as string));
    } catch (err) {
      done(badRequest(`error decoding YAML: ${(err as Error).message}`), undefined);
    }
  });
  for (const prefix of ['/api/*', '/apis/*']) {
    app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: prefix, handler: serve });
  }
}

/** A YAML document, read as JSON when it is JSON (and holds no `__proto__` key, left to the YAML reader as before). */
function parseJsonOrYaml(text: string): unknown {
  if (text.trimStart().startsWith('{') && !text.includes('__proto__')) {
    try {
      return JSON.parse(text);
    } catch {
      // Flow-style YAML that is not JSON: the YAML reader decides.
    }
  }
  return parseYamlDocument(text);
}
