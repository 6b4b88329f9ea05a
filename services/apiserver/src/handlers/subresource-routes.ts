import { methodNotSupported, pathNotFound } from '@kubeledger/api';
import type { WriteContext } from '@kubeledger/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdmissionChain } from '../admission/admission-chain.js';
import type { Registry } from '../registry/registry.js';
import type { RequestInfo } from '../request/request-info.js';
import type { KubeletClient } from '../kubelet/kubelet-client.js';
import { handleBinding } from './binding.js';
import { handleEviction } from './eviction.js';
import { handlePodLog } from './pod-log.js';
import { handleScale } from './scale.js';

export interface SubresourceRequest {
  readonly info: RequestInfo;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly write: WriteContext;
}

const SCALE_VERBS = new Set(['get', 'update', 'patch']);

/**
 * The subresources served by their own REST handlers rather than a store's verbs: pods/binding
 * (and the legacy `bindings` resource), pods/eviction, pods/log (from the pod's kubelet) and `<resource>/scale`.
 * Undefined for every other request.
 */
export function subresourceHandler(info: RequestInfo, registry: Registry, kubelet: KubeletClient, admission: AdmissionChain): ((r: SubresourceRequest) => Promise<unknown>) | undefined {
  const core = info.apiGroup === '' && info.apiVersion === 'v1';
  if (core && info.resource === 'bindings' && !info.subresource) {
    const pods = registry.find('', 'v1', 'pods')!;
    return async ({ request, reply, write }) => {
      if (info.verb !== 'create') throw methodNotSupported({ group: '', resource: 'bindings' }, info.verb);
      if (!info.namespace || info.name) throw pathNotFound();
      return handleBinding(pods, info.namespace, undefined, request, reply, write);
    };
  }
  if (core && info.resource === 'pods' && info.subresource === 'binding') {
    const pods = registry.find('', 'v1', 'pods')!;
    return async ({ request, reply, write }) => {
      if (!info.namespace || !info.name) throw pathNotFound();
      if (info.verb !== 'create') throw methodNotSupported({ group: '', resource: 'pods/binding' }, info.verb);
      return handleBinding(pods, info.namespace, info.name, request, reply, write);
    };
  }
  if (core && info.resource === 'pods' && info.subresource === 'eviction') {
    const deps = { pods: registry.find('', 'v1', 'pods')!, pdbs: registry.find('policy', 'v1', 'poddisruptionbudgets')!, pdbStatus: registry.findStatus('policy', 'v1', 'poddisruptionbudgets')!, admission };
    return async ({ request, reply, write }) => {
      if (!info.namespace || !info.name) throw pathNotFound();
      if (info.verb !== 'create') throw methodNotSupported({ group: '', resource: 'pods/eviction' }, info.verb);
      return handleEviction(deps, info.namespace, info.name, request, reply, write);
    };
  }
  if (core && info.resource === 'pods' && info.subresource === 'log') {
    const deps = { pods: registry.find('', 'v1', 'pods')!, nodes: registry.find('', 'v1', 'nodes')!, kubelet };
    return async ({ request, reply }) => {
      if (!info.namespace || !info.name) throw pathNotFound();
      if (info.verb !== 'get') throw methodNotSupported({ group: '', resource: 'pods/log' }, info.verb);
      return handlePodLog(deps, info.namespace, info.name, request, reply);
    };
  }
  if (info.subresource === 'scale') {
    const store = registry.find(info.apiGroup, info.apiVersion, info.resource);
    if (!store?.definition.subresources?.some((s) => s.name === 'scale')) return undefined;
    return async ({ request, reply, write }) => {
      if (!info.namespace || !info.name) throw pathNotFound();
      if (!SCALE_VERBS.has(info.verb)) throw methodNotSupported({ group: store.definition.group, resource: `${store.definition.resource}/scale` }, info.verb);
      return handleScale(store, info.verb, info.namespace, info.name, request, reply, write);
    };
  }
  return undefined;
}
