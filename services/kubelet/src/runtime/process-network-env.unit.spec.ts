import { describe, expect, it } from 'vitest';
import { processNetworkEnv } from './process-network-env.js';

describe('processNetworkEnv', () => {
  it('gives the pod IP, the first port and each named port', () => {
    expect(processNetworkEnv('127.128.1.7', [{ containerPort: 8080, name: 'http' }, { containerPort: 9090, name: 'admin-metrics' }, { containerPort: 53 }])).toEqual({
      KUBELEDGER_POD_IP: '127.128.1.7',
      KUBELEDGER_PORT: '8080',
      KUBELEDGER_PORT_HTTP: '8080',
      KUBELEDGER_PORT_ADMIN_METRICS: '9090',
    });
  });

  it('gives only the pod IP to a container that declares no port', () => {
    expect(processNetworkEnv('127.128.1.7')).toEqual({ KUBELEDGER_POD_IP: '127.128.1.7' });
  });
});
