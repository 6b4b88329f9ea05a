import { describe, expect, it } from 'vitest';
import type { PolicyRule } from './rbac-types.js';
import { apiGroupMatches, nonResourceURLMatches, resourceMatches, resourceNameMatches, ruleAllows, verbMatches } from './rule-matching.js';
import { pathAttributes, resourceAttributes, user } from './testing/attributes.js';

const alice = user('alice');
const rule = (r: Partial<PolicyRule>): PolicyRule => ({ verbs: ['get'], ...r });

describe('RBAC rule matching (upstream evaluation_helpers.go, RuleAllows)', () => {
  it('matches verbs and groups exactly or by *', () => {
    expect(verbMatches(rule({ verbs: ['get', 'list'] }), 'list')).toBe(true);
    expect(verbMatches(rule({ verbs: ['get'] }), 'watch')).toBe(false);
    expect(verbMatches(rule({ verbs: ['*'] }), 'escalate')).toBe(true);
    expect(apiGroupMatches(rule({ apiGroups: [''] }), '')).toBe(true);
    expect(apiGroupMatches(rule({ apiGroups: [''] }), 'apps')).toBe(false);
    expect(apiGroupMatches(rule({ apiGroups: ['*'] }), 'apps')).toBe(true);
    expect(apiGroupMatches(rule({}), '')).toBe(false); // no groups: nothing
  });

  it.each([
    // rule resources, requested resource, subresource, matches
    [['pods'], 'pods', '', true],
    [['pods'], 'pods/log', 'log', false],
    [['pods/log'], 'pods/log', 'log', true],
    [['pods/log'], 'pods', '', false],
    [['*'], 'pods/log', 'log', true],
    [['*/log'], 'pods/log', 'log', true],
    [['*/log'], 'nodes/log', 'log', true],
    [['*/log'], 'pods/status', 'status', false],
    [['*/log'], 'pods', '', false],
    [['*/status'], 'pods/log', 'log', false], // same length, other name
    [['pods/*'], 'pods/log', 'log', false], // no resource/* form upstream
  ] as const)('resources %j admit %s: %s', (resources, combined, subresource, matches) => {
    expect(resourceMatches(rule({ resources }), combined, subresource)).toBe(matches);
  });

  it('admits every name without resourceNames, else only those named', () => {
    expect(resourceNameMatches(rule({}), 'anything')).toBe(true);
    expect(resourceNameMatches(rule({}), '')).toBe(true);
    expect(resourceNameMatches(rule({ resourceNames: ['kube-scheduler'] }), 'kube-scheduler')).toBe(true);
    expect(resourceNameMatches(rule({ resourceNames: ['kube-scheduler'] }), 'other')).toBe(false);
    expect(resourceNameMatches(rule({ resourceNames: ['kube-scheduler'] }), '')).toBe(false); // list/create: no name
  });

  it.each([
    [['*'], '/anything', true],
    [['/healthz'], '/healthz', true],
    [['/healthz'], '/healthz/etcd', false],
    [['/healthz/*'], '/healthz/etcd', true],
    [['/healthz/*'], '/healthz', false],
    [['/api*'], '/apis/apps', true],
    [['/apis/*'], '/apis', false],
    [['/version/'], '/version', false],
  ] as const)('nonResourceURLs %j admit %s: %s', (nonResourceURLs, path, matches) => {
    expect(nonResourceURLMatches(rule({ nonResourceURLs }), path)).toBe(matches);
  });

  it('allows a resource request only when verb, group, resource and name all match', () => {
    const readPods = rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] });
    expect(ruleAllows(resourceAttributes(alice, 'list', 'pods', { namespace: 'default' }), readPods)).toBe(true);
    expect(ruleAllows(resourceAttributes(alice, 'delete', 'pods', { namespace: 'default' }), readPods)).toBe(false);
    expect(ruleAllows(resourceAttributes(alice, 'get', 'deployments', { group: 'apps' }), readPods)).toBe(false);
    expect(ruleAllows(resourceAttributes(alice, 'get', 'pods', { group: 'apps' }), readPods)).toBe(false);
    expect(ruleAllows(resourceAttributes(alice, 'get', 'pods/log', { name: 'web' }), readPods)).toBe(false);
    const lease = rule({ verbs: ['get', 'update'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['kube-scheduler'] });
    expect(ruleAllows(resourceAttributes(alice, 'update', 'leases', { group: 'coordination.k8s.io', namespace: 'kube-system', name: 'kube-scheduler' }), lease)).toBe(true);
    expect(ruleAllows(resourceAttributes(alice, 'update', 'leases', { group: 'coordination.k8s.io', namespace: 'kube-system', name: 'other' }), lease)).toBe(false);
  });

  it('matches non-resource requests by verb and path only; resource rules never match them', () => {
    const discovery = rule({ nonResourceURLs: ['/api', '/api/*'] });
    expect(ruleAllows(pathAttributes(alice, 'get', '/api/v1'), discovery)).toBe(true);
    expect(ruleAllows(pathAttributes(alice, 'post', '/api/v1'), discovery)).toBe(false);
    expect(ruleAllows(pathAttributes(alice, 'get', '/api'), rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }))).toBe(false);
    expect(ruleAllows(resourceAttributes(alice, 'get', 'pods'), rule({ verbs: ['*'], nonResourceURLs: ['*'] }))).toBe(false);
  });
});
