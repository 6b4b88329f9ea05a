import { describe, expect, it } from 'vitest';
import { resolveResource, resourceName, type DiscoveredResource } from './resolve-resource.js';

const r = (group: string, version: string, resource: string, kind: string, singular: string, shortNames: string[] = [], namespaced = true): DiscoveredResource => ({ group, version, resource, kind, singular, shortNames, namespaced });

// Discovery order: core first, then the groups as /apis lists them.
const RESOURCES = [
  r('', 'v1', 'pods', 'Pod', 'pod', ['po']),
  r('', 'v1', 'nodes', 'Node', 'node', ['no'], false),
  r('', 'v1', 'configmaps', 'ConfigMap', 'configmap', ['cm']),
  r('', 'v1', 'events', 'Event', 'event', ['ev']),
  r('', 'v1', 'endpoints', 'Endpoints', 'endpoints', ['ep']),
  r('apps', 'v1', 'deployments', 'Deployment', 'deployment', ['deploy']),
  r('events.k8s.io', 'v1', 'events', 'Event', 'event', ['ev']),
  r('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', 'horizontalpodautoscaler', ['hpa']),
  r('autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', 'horizontalpodautoscaler', ['hpa']),
];
const resolve = (type: string) => {
  const found = resolveResource(type, RESOURCES);
  return found && `${found.group}/${found.version}/${found.resource}`;
};

describe('resolveResource (kubectl’s resource names)', () => {
  it('takes the plural, the singular, a short name or the kind, in any case', () => {
    for (const type of ['pods', 'pod', 'po', 'Pod', 'PODS']) expect(resolve(type)).toBe('/v1/pods');
    for (const type of ['deployments', 'deployment', 'deploy', 'Deployment']) expect(resolve(type)).toBe('apps/v1/deployments');
    expect(resolve('cm')).toBe('/v1/configmaps');
    expect(resolve('node')).toBe('/v1/nodes');
    expect(resolve('endpoints')).toBe('/v1/endpoints');
  });

  it('takes <resource>.<group> and <resource>.<version>.<group>', () => {
    expect(resolve('deployments.apps')).toBe('apps/v1/deployments');
    expect(resolve('deploy.apps')).toBe('apps/v1/deployments');
    expect(resolve('deployment.v1.apps')).toBe('apps/v1/deployments');
    expect(resolve('events.events.k8s.io')).toBe('events.k8s.io/v1/events');
    expect(resolve('hpa.v1.autoscaling')).toBe('autoscaling/v1/horizontalpodautoscalers');
    expect(resolve('hpa.autoscaling')).toBe('autoscaling/v2/horizontalpodautoscalers');
    expect(resolve('deployments.extensions')).toBeUndefined();
  });

  it('prefers the core group, then the discovery order (the preferred version first)', () => {
    expect(resolve('events')).toBe('/v1/events');
    expect(resolve('ev')).toBe('/v1/events');
    expect(resolve('hpa')).toBe('autoscaling/v2/horizontalpodautoscalers');
  });

  it('answers undefined for a type the server does not serve', () => {
    expect(resolve('widgets')).toBeUndefined();
    expect(resolve('pods/log')).toBeUndefined();
  });

  it('names a resource as kubectl does in messages', () => {
    expect(resourceName(RESOURCES[0]!)).toBe('pods');
    expect(resourceName(RESOURCES[5]!)).toBe('deployments.apps');
  });
});
