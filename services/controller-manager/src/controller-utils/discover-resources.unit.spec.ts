import { describe, expect, it } from 'vitest';
import { discoverResources, discoveryFailure } from './discover-resources.js';

const documents: Record<string, unknown> = {
  '/api/v1': { resources: [{ name: 'pods', namespaced: true, kind: 'Pod', verbs: ['list', 'deletecollection'] }, { name: 'pods/status', namespaced: true, kind: 'Pod', verbs: ['get'] }, { name: 'nodes', namespaced: false, kind: 'Node', verbs: ['list'] }] },
  '/apis': { groups: [{ name: 'apps', preferredVersion: { version: 'v1' } }, { name: 'broken.example.com', versions: [{ version: 'v2' }] }] },
  '/apis/apps/v1': { resources: [{ name: 'deployments', namespaced: true, kind: 'Deployment', verbs: ['list'] }] },
};
const get = async (path: string) => {
  if (!(path in documents)) throw new Error('the server could not find the requested resource');
  return documents[path];
};

describe('discovering served resources', () => {
  it('lists the top-level resources of the core group and of every preferred group version, reporting the ones that failed', async () => {
    const discovery = await discoverResources(get);
    expect(discovery.resources.map((r) => [r.group, r.version, r.resource, r.namespaced, r.verbs])).toEqual([
      ['', 'v1', 'pods', true, ['list', 'deletecollection']],
      ['', 'v1', 'nodes', false, ['list']],
      ['apps', 'v1', 'deployments', true, ['list']],
    ]);
    expect(discoveryFailure(discovery)).toBe('unable to retrieve the complete list of server APIs: broken.example.com/v2: the server could not find the requested resource');
  });

  it('fails when the core group or the group list cannot be read', async () => {
    await expect(discoverResources(async (path) => (path === '/apis' ? Promise.reject(new Error('down')) : documents[path]))).rejects.toThrow('down');
  });
});
