import { describe, expect, it } from 'vitest';
import { useCluster } from './support/use-cluster.js';

describe('kubectl 1.35 against the apiserver: version and discovery', () => {
  const { kubectl } = useCluster();

  it('kubectl version reports the server version without a skew warning', async () => {
    const result = await kubectl.run('version', '-o', 'json');
    expect(result.code).toBe(0);
    const versions = JSON.parse(result.stdout);
    expect(versions.serverVersion).toMatchObject({ major: '1', minor: '35' });
    expect(result.stderr).not.toMatch(/WARNING/);
  });

  it('kubectl api-resources lists the served resources with their short names, groups and scope', async () => {
    const table = await kubectl.ok('api-resources');
    const row = (name: string) => table.split('\n').find((line) => line.split(/\s+/)[0] === name)?.split(/\s+/);
    expect(row('pods')).toEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(row('nodes')).toEqual(['nodes', 'no', 'v1', 'false', 'Node']);
    expect(row('deployments')).toEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    expect(row('leases')).toEqual(['leases', 'coordination.k8s.io/v1', 'true', 'Lease']);
    expect(await kubectl.ok('api-resources', '--api-group=batch', '-o', 'name')).toBe('cronjobs.batch\njobs.batch\n');
    expect((await kubectl.ok('api-versions')).split('\n')).toEqual(expect.arrayContaining(['apps/v1', 'batch/v1', 'v1', 'events.k8s.io/v1']));
  });

  it('kubectl get --raw reaches health and discovery; unknown paths get a 404 Status', async () => {
    expect(await kubectl.ok('get', '--raw', '/readyz')).toBe('ok');
    expect(JSON.parse(await kubectl.ok('get', '--raw', '/apis/apps/v1')).resources.map((r: { name: string }) => r.name)).toContain('deployments/scale');
    const missing = await kubectl.run('get', '--raw', '/apis/example.com/v1/widgets');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/NotFound|the server could not find the requested resource/);
  });
});
