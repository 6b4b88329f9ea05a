import { describe, expect, it } from 'vitest';
import { strategyHarness } from '../../testing/strategy-harness.js';
import { serviceStrategy } from './service-strategy.js';

const services = strategyHarness('', 'services', serviceStrategy);
const svc = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec });

describe('service strategy', () => {
  it('sets upstream defaults and the IPv4 single-stack family fields', () => {
    const created = services.create(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }));
    expect(created['spec']).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
    expect(created['status']).toEqual({ loadBalancer: {} });
    expect(services.create(svc({ type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] }))['spec']).toMatchObject({ externalTrafficPolicy: 'Cluster', ports: [{ targetPort: 'http' }] });
    expect(services.create(svc({ clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] }))['spec']).toMatchObject({ clusterIPs: ['None'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    expect(services.create(svc({ clusterIP: 'None' }))['spec']).toMatchObject({ ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack' });
    const external = services.create(svc({ type: 'ExternalName', externalName: 'db.example.com' }))['spec'] as Record<string, unknown>;
    expect(external['clusterIPs']).toBeUndefined();
    expect(external['ipFamilies']).toBeUndefined();
  });

  it('refuses invalid ports and fields with upstream messages', () => {
    expect(services.createError(svc({ selector: { app: 'web' } }))).toBe('Service "web" is invalid: spec.ports: Required value');
    expect(services.createError(svc({ ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }))).toBe('Service "web" is invalid: spec.ports[1].name: Duplicate value: "http"');
    expect(services.createError(svc({ ports: [{ port: 80 }, { port: 81 }] }))).toBe('Service "web" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]');
    expect(services.createError(svc({ ports: [{ port: 0 }] }))).toBe('Service "web" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]');
    expect(services.createError(svc({ type: 'Magic', ports: [{ port: 80 }] }))).toBe('Service "web" is invalid: spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"');
    expect(services.createError(svc({ ports: [{ port: 80, nodePort: 30080 }] }))).toBe("Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    expect(services.createError(svc({ clusterIP: '10.96.0.300', ports: [{ port: 80 }] }))).toBe('Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
    expect(services.createError(svc({ type: 'ExternalName' }))).toBe('Service "web" is invalid: spec.externalName: Required value');
  });

  it('keeps allocated cluster IPs: left out on update they stay, changed they are refused', () => {
    const created = services.create(svc({ ports: [{ port: 80 }] }));
    const allocated = { ...created, spec: { ...(created['spec'] as object), clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] } };
    const kept = services.update(svc({ ports: [{ port: 8080 }] }), allocated);
    expect(kept['spec']).toMatchObject({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 8080, targetPort: 8080 }] });
    expect(services.updateError(svc({ clusterIP: '10.96.0.11', ports: [{ port: 80 }] }), allocated)).toBe('Service "web" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set');
    const toExternal = services.update(svc({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }), allocated);
    expect(toExternal['spec']).toEqual({ type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None' });
  });
});
