import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { serviceRoutes } from './service-routes.js';

const service = (name: string, spec: Record<string, unknown>): KubeObject => ({ metadata: { name, namespace: 'default' }, spec });
const slice = (service: string, ports: object[], endpoints: object[]): KubeObject => ({ metadata: { name: `${service}-x`, namespace: 'default', labels: { 'kubernetes.io/service-name': service } }, ports, endpoints });
const ready = (ip: string, isReady = true) => ({ addresses: [ip], conditions: { ready: isReady } });

describe('proxy routes from Services and EndpointSlices', () => {
  it('routes each TCP port of a ClusterIP to the ready endpoints with the same port name, and NodePorts on the node address', () => {
    const routes = serviceRoutes(
      [service('web', { type: 'NodePort', clusterIP: '127.96.0.10', ports: [{ name: 'http', port: 80, nodePort: 30080 }, { name: 'dns', port: 53, protocol: 'UDP' }] })],
      [slice('web', [{ name: 'http', port: 8080, protocol: 'TCP' }], [ready('127.128.1.2'), ready('127.128.2.2'), ready('127.128.2.3', false)]), slice('other', [{ name: 'http', port: 1 }], [ready('10.0.0.9')])],
      '127.0.0.1',
    );
    expect(routes).toEqual([
      { id: 'default/web:http', listen: { host: '127.96.0.10', port: 80 }, backends: ['127.128.1.2:8080', '127.128.2.2:8080'] },
      { id: 'default/web:http (node port)', listen: { host: '127.0.0.1', port: 30080 }, backends: ['127.128.1.2:8080', '127.128.2.2:8080'] },
    ]);
  });

  it('gives headless and ExternalName Services no route, and a Service without endpoints an empty one', () => {
    expect(serviceRoutes([service('h', { clusterIP: 'None', ports: [{ port: 80 }] }), service('e', { type: 'ExternalName', externalName: 'x.example' })], [], '127.0.0.1')).toEqual([]);
    expect(serviceRoutes([service('lonely', { clusterIP: '127.96.0.11', ports: [{ port: 81 }] })], [], '127.0.0.1')).toEqual([{ id: 'default/lonely:81', listen: { host: '127.96.0.11', port: 81 }, backends: [] }]);
  });
});
