import { describe, expect, it } from 'vitest';
import { apps_v1_Deployment, core_v1_Pod, core_v1_Service } from './generated/schemas.js';
import { fieldPath } from './field-error.js';
import { checkSchema } from './schema-check.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web' }, annotations: null },
  spec: {
    containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }], resources: { requests: { cpu: 1, memory: '64Mi' } } }],
    tolerations: null,
  },
};

describe('generated schemas', () => {
  it('accept a valid pod, with nulls where Go accepts them and numeric quantities', () => {
    expect(checkSchema(core_v1_Pod, pod)).toEqual({ decodeErrors: [], fieldErrors: [], unknownFields: [] });
  });

  it('report unknown fields by their upstream path, at any depth', () => {
    const bad = { ...pod, extra: 1, spec: { ...pod.spec, containers: [{ ...pod.spec.containers[0], imagePullPolicyy: 'Always' }] } };
    expect([...checkSchema(core_v1_Pod, bad).unknownFields].sort()).toEqual(['extra', 'spec.containers[0].imagePullPolicyy']);
  });

  it('report missing required fields as Required and wrong types as decode errors', () => {
    const result = checkSchema(core_v1_Pod, { ...pod, spec: { containers: [{ image: 'nginx', ports: [{ containerPort: 'eighty' }] }] } });
    expect(result.fieldErrors).toEqual([{ type: 'FieldValueRequired', field: 'spec.containers[0].name', detail: 'Required value' }]);
    expect(result.decodeErrors).toEqual([{ field: 'spec.containers[0].ports[0].containerPort', detail: 'expected number, got string' }]);
  });

  it('take ints or strings where upstream has IntOrString', () => {
    const service = (targetPort: unknown) => ({ spec: { ports: [{ port: 80, targetPort }] } });
    expect(checkSchema(core_v1_Service, service('http')).decodeErrors).toEqual([]);
    expect(checkSchema(core_v1_Service, service(8080)).decodeErrors).toEqual([]);
    expect(checkSchema(core_v1_Service, service(true)).decodeErrors).toHaveLength(1);
  });

  it('cover the apps group with its nested pod template', () => {
    const deployment = { spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: pod.spec }, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } } };
    expect(checkSchema(apps_v1_Deployment, deployment)).toEqual({ decodeErrors: [], fieldErrors: [], unknownFields: [] });
  });
});

describe('fieldPath', () => {
  it('renders paths as upstream does', () => {
    expect(fieldPath(['spec', 'containers', 0, 'image'])).toBe('spec.containers[0].image');
    expect(fieldPath(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe('metadata.labels[app.kubernetes.io/name]');
    expect(fieldPath([])).toBe('');
  });
});
