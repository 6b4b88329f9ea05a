import { describe, expect, it } from 'vitest';
import { parseFieldSelector, type KubeObject } from '@kubeledger/api';
import type { Attributes } from '../authorizer.js';
import { nodeAuthorizer, type NodeGraph } from './node-authorizer.js';

const pod = (name: string, node: string, spec: Record<string, unknown> = {}): KubeObject => ({ metadata: { name, namespace: 'app' }, spec: { nodeName: node, ...spec } });
const pods = [
  pod('web-1', 'n1', {
    serviceAccountName: 'web',
    imagePullSecrets: [{ name: 'registry' }],
    containers: [{ name: 'c', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db-password', key: 'p' } } }], envFrom: [{ configMapRef: { name: 'settings' } }] }],
    volumes: [{ name: 'v', projected: { sources: [{ configMap: { name: 'ca-bundle' } }] } }, { name: 's', secret: { secretName: 'tls' } }],
  }),
  pod('api-1', 'n2', { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'api-key' } }] }] }),
];
const graph: NodeGraph = {
  pod: (namespace, name) => pods.find((p) => p.metadata?.namespace === namespace && p.metadata?.name === name),
  podsOn: (node, namespace) => pods.filter((p) => p.metadata?.namespace === namespace && (p['spec'] as { nodeName: string }).nodeName === node),
};
const authorizer = nodeAuthorizer(graph);
const kubelet = { name: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] };

function ask(verb: string, resource: string, where: { ns?: string; name?: string; sub?: string; group?: string; selector?: string } = {}, user = kubelet): string {
  const attributes: Attributes = {
    user, verb, isResourceRequest: true, path: '', apiGroup: where.group ?? '', apiVersion: 'v1', resource, subresource: where.sub ?? '',
    namespace: where.ns ?? '', name: where.name ?? '', ...(where.selector && { fieldSelector: parseFieldSelector(where.selector) }),
  };
  return authorizer.authorize(attributes).decision;
}

describe('Node authorizer: a kubelet reaches its own Node and Lease, its pods, and what they reference', () => {
  it.each([
    // its Node, not another's
    ['get', 'nodes', { name: 'n1' }, 'Allow'],
    ['create', 'nodes', { name: 'n1' }, 'Allow'],
    ['patch', 'nodes', { name: 'n1', sub: 'status' }, 'Allow'],
    ['update', 'nodes', { name: 'n2', sub: 'status' }, 'NoOpinion'],
    ['delete', 'nodes', { name: 'n2' }, 'NoOpinion'],
    ['list', 'nodes', { selector: 'metadata.name=n1' }, 'Allow'],
    ['watch', 'nodes', {}, 'NoOpinion'],
    // its Lease in kube-node-lease
    ['update', 'leases', { group: 'coordination.k8s.io', ns: 'kube-node-lease', name: 'n1' }, 'Allow'],
    ['update', 'leases', { group: 'coordination.k8s.io', ns: 'kube-node-lease', name: 'n2' }, 'NoOpinion'],
    ['get', 'leases', { group: 'coordination.k8s.io', ns: 'kube-system', name: 'n1' }, 'NoOpinion'],
    // pods bound to it; lists and watches only with spec.nodeName=n1
    ['get', 'pods', { ns: 'app', name: 'web-1' }, 'Allow'],
    ['get', 'pods', { ns: 'app', name: 'api-1' }, 'NoOpinion'],
    ['patch', 'pods', { ns: 'app', name: 'web-1', sub: 'status' }, 'Allow'],
    ['update', 'pods', { ns: 'app', name: 'api-1', sub: 'status' }, 'NoOpinion'],
    ['update', 'pods', { ns: 'app', name: 'web-1' }, 'NoOpinion'],
    ['delete', 'pods', { ns: 'app', name: 'web-1' }, 'Allow'],
    ['list', 'pods', { selector: 'spec.nodeName=n1' }, 'Allow'],
    ['watch', 'pods', { selector: 'spec.nodeName=n1' }, 'Allow'],
    ['watch', 'pods', { selector: 'spec.nodeName=n2' }, 'NoOpinion'],
    ['list', 'pods', {}, 'NoOpinion'],
    // Secrets, ConfigMaps and ServiceAccounts its pods reference, nothing else
    ['get', 'secrets', { ns: 'app', name: 'db-password' }, 'Allow'],
    ['get', 'secrets', { ns: 'app', name: 'registry' }, 'Allow'],
    ['get', 'secrets', { ns: 'app', name: 'tls' }, 'Allow'],
    ['get', 'secrets', { ns: 'app', name: 'api-key' }, 'NoOpinion'],
    ['list', 'secrets', { ns: 'app' }, 'NoOpinion'],
    ['watch', 'secrets', { ns: 'app', selector: 'metadata.name=db-password' }, 'Allow'],
    ['get', 'configmaps', { ns: 'app', name: 'settings' }, 'Allow'],
    ['get', 'configmaps', { ns: 'app', name: 'ca-bundle' }, 'Allow'],
    ['get', 'configmaps', { ns: 'other', name: 'settings' }, 'NoOpinion'],
    ['create', 'serviceaccounts', { ns: 'app', name: 'web', sub: 'token' }, 'Allow'],
    ['create', 'serviceaccounts', { ns: 'app', name: 'default', sub: 'token' }, 'NoOpinion'],
    ['delete', 'secrets', { ns: 'app', name: 'db-password' }, 'NoOpinion'],
    // services and endpoints to read, events to write
    ['list', 'services', {}, 'Allow'],
    ['watch', 'endpointslices', { group: 'discovery.k8s.io' }, 'Allow'],
    ['create', 'events', { ns: 'app' }, 'Allow'],
    ['create', 'services', { ns: 'app' }, 'NoOpinion'],
    ['get', 'deployments', { group: 'apps', ns: 'app', name: 'web' }, 'NoOpinion'],
    // the rest of upstream's system:node rules (NodeRules): the reviews the kubelet's own API asks for, not other reviews
    ['create', 'tokenreviews', { group: 'authentication.k8s.io' }, 'Allow'],
    ['create', 'subjectaccessreviews', { group: 'authorization.k8s.io' }, 'Allow'],
    ['create', 'localsubjectaccessreviews', { group: 'authorization.k8s.io', ns: 'app' }, 'Allow'],
    ['create', 'selfsubjectrulesreviews', { group: 'authorization.k8s.io' }, 'NoOpinion'],
    ['get', 'tokenreviews', { group: 'authentication.k8s.io' }, 'NoOpinion'],
    ['get', 'persistentvolumes', { name: 'pv-1' }, 'NoOpinion'],
  ] as const)('%s %s %j → %s', (verb, resource, where, decision) => {
    expect(ask(verb, resource, where)).toBe(decision);
  });

  it('has no opinion about users that are not nodes, or claim a node name without the group', () => {
    expect(ask('get', 'secrets', { ns: 'app', name: 'db-password' }, { name: 'alice', groups: [] })).toBe('NoOpinion');
    expect(ask('get', 'secrets', { ns: 'app', name: 'db-password' }, { name: 'system:node:n1', groups: [] })).toBe('NoOpinion');
    expect(ask('create', 'subjectaccessreviews', { group: 'authorization.k8s.io' }, { name: 'alice', groups: ['system:authenticated'] })).toBe('NoOpinion');
  });
});
