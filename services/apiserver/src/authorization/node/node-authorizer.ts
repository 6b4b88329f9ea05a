import type { FieldRequirement, KubeObject } from '@kubeledger/api';
import type { Attributes, AuthorizationResult, Authorizer } from '../authorizer.js';
import { NODE_RULES } from '../bootstrap-policy/bootstrap-policy.js';
import { rulesAllow } from '../rbac/rule-matching.js';
import { podReferences, type PodReferences } from './pod-references.js';

const NODES_GROUP = 'system:nodes';
const NODE_USER = /^system:node:(.+)$/;
const READ = new Set(['get', 'list', 'watch']);
const WRITE_SELF = new Set(['get', 'create', 'update', 'patch', 'delete']);
/** Resources upstream's Node authorizer also decides by the graph, which kubeledger does not serve. */
const GRAPH_RESOURCES = new Set(['persistentvolumeclaims', 'persistentvolumes', 'resourceclaims', 'resourceslices', 'volumeattachments', 'csinodes']);

/** What the Node authorizer reads of the cluster: from the watch cache, synchronously. */
export interface NodeGraph {
  /** The pod, if it exists. */
  pod(namespace: string, name: string): KubeObject | undefined;
  /** The pods bound to `node` in `namespace`. */
  podsOn(node: string, namespace: string): readonly KubeObject[];
}

const allow: AuthorizationResult = { decision: 'Allow', reason: '' };
const noOpinion = (reason: string): AuthorizationResult => ({ decision: 'NoOpinion', reason });

/**
 * The Node authorizer (upstream's NodeAuthorizer with AuthorizeNodeWithSelectors, and what its
 * NodeRestriction admission adds): a kubelet — `system:node:<name>` in `system:nodes` — may
 * read and write its own Node and Lease, read the pods bound to it (lists and watches only with
 * `spec.nodeName=<name>`), update their status and delete them, read the Secrets, ConfigMaps and
 * ServiceAccounts those pods reference and ask for their ServiceAccounts' tokens, read Services
 * and their endpoints, record Events, and do what else upstream's `system:node` role allows
 * (its NodeRules: create TokenReviews and SubjectAccessReviews, which the kubelet's own API
 * needs). Anything more is no opinion, left to RBAC — which by default grants nodes nothing
 * more, so another node's pods or an unrelated Secret are 403.
 */
export function nodeAuthorizer(graph: NodeGraph): Authorizer {
  return {
    authorize(a: Attributes): AuthorizationResult {
      const match = NODE_USER.exec(a.user.name);
      if (!match || !a.user.groups.includes(NODES_GROUP) || !a.isResourceRequest) return noOpinion('');
      const node = match[1]!;
      const core = a.apiGroup === '';
      const denied = noOpinion(`node '${node}' cannot ${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ''}${a.name ? ` ${a.name}` : ''}: no relationship found between node '${node}' and this object`);
      const unrelated = { ...denied, fromCache: true }; // the relationship may be in the log and not in the cache yet
      if (core && a.resource === 'nodes') return ownObject(a, node, a.subresource === 'status' ? new Set(['get', 'update', 'patch']) : WRITE_SELF) ? allow : denied;
      if (a.apiGroup === 'coordination.k8s.io' && a.resource === 'leases') return a.namespace === 'kube-node-lease' && ownObject(a, node, WRITE_SELF) ? allow : denied;
      if (core && a.resource === 'pods') return podAccess(a, node, graph) ? allow : unrelated;
      if (core && (a.resource === 'secrets' || a.resource === 'configmaps' || a.resource === 'serviceaccounts')) return referenced(a, node, graph) ? allow : unrelated;
      if ((core && (a.resource === 'services' || a.resource === 'endpoints')) || (a.apiGroup === 'discovery.k8s.io' && a.resource === 'endpointslices')) return READ.has(a.verb) && !a.subresource ? allow : noOpinion('');
      if ((core || a.apiGroup === 'events.k8s.io') && a.resource === 'events') return ['create', 'update', 'patch'].includes(a.verb) ? allow : noOpinion('');
      if (GRAPH_RESOURCES.has(a.resource)) return denied; // upstream decides these by the graph; kubeledger serves none of them
      // What is not subdivided is what upstream's `system:node` role allows (NodeRules): token and access reviews (the kubelet's own API), …
      return rulesAllow(a, NODE_RULES) ? allow : noOpinion('');
    },
  };
}

/** A single object named `node` (get/update/…), or a list/watch narrowed to it by `metadata.name=<node>`. */
function ownObject(a: Attributes, node: string, verbs: ReadonlySet<string>): boolean {
  if (a.verb === 'list' || a.verb === 'watch') return selects(a.fieldSelector, 'metadata.name', node) || a.name === node;
  if (!verbs.has(a.verb)) return false;
  return a.verb === 'create' ? a.name === '' || a.name === node : a.name === node;
}

function podAccess(a: Attributes, node: string, graph: NodeGraph): boolean {
  if (a.verb === 'list' || a.verb === 'watch') return !a.subresource && selects(a.fieldSelector, 'spec.nodeName', node);
  const boundHere = a.name !== '' && nodeOf(graph.pod(a.namespace, a.name)) === node;
  if (a.subresource === 'status') return boundHere && ['get', 'update', 'patch'].includes(a.verb);
  if (a.subresource === 'eviction') return boundHere && a.verb === 'create';
  if (a.subresource) return false;
  return boundHere && (a.verb === 'get' || a.verb === 'delete');
}

function referenced(a: Attributes, node: string, graph: NodeGraph): boolean {
  const resource = a.resource as keyof PodReferences;
  let name = a.name;
  if (a.verb === 'list' || a.verb === 'watch') name = a.name || (valueOf(a.fieldSelector, 'metadata.name') ?? '');
  else if (resource === 'serviceaccounts' && a.subresource === 'token') {
    if (a.verb !== 'create') return false;
  } else if (a.verb !== 'get' || a.subresource) return false;
  if (!name || !a.namespace) return false;
  const references: PodReferences = { secrets: new Set(), configmaps: new Set(), serviceaccounts: new Set() };
  for (const pod of graph.podsOn(node, a.namespace)) podReferences(pod, references);
  return references[resource].has(name);
}

const nodeOf = (pod: KubeObject | undefined) => ((pod?.['spec'] ?? {}) as { nodeName?: string }).nodeName;

function valueOf(selector: readonly FieldRequirement[] | undefined, field: string): string | undefined {
  return selector?.find((r) => r.field === field && r.op === '=')?.value;
}

const selects = (selector: readonly FieldRequirement[] | undefined, field: string, value: string) => valueOf(selector, field) === value;
