import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCluster } from './support/use-cluster.js';

/** kubectl commands that watch: get -w, wait; and describe, which lists an object's events. */
describe('kubectl 1.35: get -w, wait, describe', () => {
  const { kubectl } = useCluster();
  const manifest = (name: string, lines: string[]) => {
    const file = path.join(os.tmpdir(), `kl-e2e-${process.pid}-${name}.yaml`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const pod = (name: string) => manifest(name, ['apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, 'spec:', '  containers:', '  - name: app', '    image: registry.example/app:1.0']);

  it('get -w prints the current objects, then later changes', async () => {
    await kubectl.ok('create', 'configmap', 'first', '--from-literal=a=1');
    const watch = kubectl.start('get', 'configmaps', '-w', '--output-watch-events');
    await watch.waitForOutput(/ADDED\s+first\s/);
    await kubectl.ok('create', 'configmap', 'second', '--from-literal=a=1');
    await watch.waitForOutput(/ADDED\s+second\s/);
    await kubectl.ok('label', 'configmap', 'second', 'tier=gold');
    await watch.waitForOutput(/MODIFIED\s+second\s/);
    await kubectl.ok('delete', 'configmap', 'first');
    const output = await watch.waitForOutput(/DELETED\s+first\s/);
    expect(output.split('\n')[0]).toMatch(/^EVENT\s+NAME\s+DATA\s+AGE/);
    await watch.stop();

    const one = kubectl.start('get', 'configmap', 'second', '-w', '-o', 'jsonpath={.metadata.labels.tier}{"\\n"}');
    await one.waitForOutput(/^gold\n/);
    await kubectl.ok('label', 'configmap', 'second', 'tier=silver', '--overwrite');
    await one.waitForOutput(/gold\nsilver\n/);
    await one.stop();
  });

  it('wait --for=condition returns once another writer sets the condition', async () => {
    await kubectl.ok('create', '-f', pod('waiter'));
    const wait = kubectl.start('wait', '--for=condition=Ready', 'pod/waiter', '--timeout=60s');
    await new Promise((r) => setTimeout(r, 1000));
    await kubectl.ok('patch', 'pod', 'waiter', '--subresource=status', '--type=merge', '-p', '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}');
    const result = await wait.exited;
    expect(result).toMatchObject({ code: 0, stdout: 'pod/waiter condition met\n' });

    const phase = kubectl.start('wait', '--for=jsonpath={.status.phase}=Running', 'pod/waiter', '--timeout=60s');
    await kubectl.ok('patch', 'pod', 'waiter', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Running"}}');
    expect(await phase.exited).toMatchObject({ code: 0, stdout: 'pod/waiter condition met\n' });

    const gone = kubectl.start('wait', '--for=delete', 'pod/waiter', '--timeout=60s');
    await kubectl.ok('delete', 'pod', 'waiter', '--wait=false');
    expect(await gone.exited).toMatchObject({ code: 0 });
  });

  it('wait times out with kubectl\'s message when nothing changes', async () => {
    await kubectl.ok('create', '-f', pod('stuck'));
    const result = await kubectl.run('wait', '--for=condition=Ready', 'pod/stuck', '--timeout=2s');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('timed out waiting for the condition on pods/stuck');
  });

  it('describe pod lists the events about it', async () => {
    await kubectl.ok('create', '-f', pod('described'));
    const uid = await kubectl.ok('get', 'pod', 'described', '-o', 'jsonpath={.metadata.uid}');
    const event = (name: string, reason: string, message: string, about: string) =>
      manifest(name, [
        'apiVersion: v1',
        'kind: Event',
        'metadata:',
        `  name: ${name}`,
        'involvedObject:',
        '  apiVersion: v1',
        '  kind: Pod',
        `  name: ${about}`,
        '  namespace: default',
        ...(about === 'described' ? [`  uid: ${uid}`] : []),
        `reason: ${reason}`,
        `message: ${message}`,
        'type: Normal',
        'source: {component: default-scheduler}',
        'firstTimestamp: "2026-11-23T10:00:00Z"',
        'lastTimestamp: "2026-11-23T10:00:00Z"',
        'count: 1',
      ]);
    await kubectl.ok('create', '-f', event('described.1', 'Scheduled', 'Successfully assigned default/described to node-1', 'described'));
    await kubectl.ok('create', '-f', event('other.1', 'Pulled', 'about another pod', 'other'));
    const out = await kubectl.ok('describe', 'pod', 'described');
    expect(out).toMatch(/^Name:\s+described$/m);
    expect(out).toMatch(/^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n/m);
    expect(out).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/described to node-1/);
    expect(out).not.toContain('about another pod');
  });
});
