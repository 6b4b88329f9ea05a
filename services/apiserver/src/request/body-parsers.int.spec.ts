import { describe, expect, it } from 'vitest';
import { encodeKubernetesProtobuf } from '@kubeledger/api/testing';
import { useTestApp } from '../testing/use-test-app.js';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const YAML = 'application/yaml';
const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const SECRETS = '/api/v1/namespaces/default/secrets';

describe('protobuf and YAML request bodies over HTTP', () => {
  const t = useTestApp('bodies');

  const send = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, type: string, payload: string | Uint8Array) =>
    t.request({ method, url, headers: { 'content-type': type }, payload: typeof payload === 'string' ? payload : Buffer.from(payload) });
  const get = async (url: string) => (await t.request({ url })).json();

  it('creates, replaces and deletes in protobuf, as kubectl create and helm do', async () => {
    // What `kubectl create namespace pb-ns` sends (Go writes every non-pointer field, empty ones too).
    const namespace = Buffer.from('6b3873000a0f0a02763112094e616d657370616365121d0a150a0570622d6e7312001a0022002a0032003800420012001a020a001a002200', 'hex');
    const ns = await send('POST', '/api/v1/namespaces?fieldManager=kubectl-create&fieldValidation=Strict', PROTOBUF, namespace);
    expect(ns.statusCode).toBe(201);
    expect(ns.json()).toMatchObject({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'pb-ns', uid: expect.any(String) }, status: { phase: 'Active' } });
    expect(ns.json().metadata).not.toHaveProperty('generateName');

    const release = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sh.helm.release.v1.rel1.v1', labels: { owner: 'helm', status: 'pending-install' } }, type: 'helm.sh/release.v1', data: { release: 'H4sIAAAAAAAA/6pWKkktLlEqSS0uUaoFBAAA//8=' } };
    const created = await send('POST', `${SECRETS}?fieldManager=helm`, PROTOBUF, encodeKubernetesProtobuf(release));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'Secret', metadata: { name: release.metadata.name, namespace: 'default' }, type: 'helm.sh/release.v1', data: release.data });

    // helm's PUT carries no resourceVersion: an unconditional update.
    const deployed = { ...release, metadata: { ...release.metadata, labels: { owner: 'helm', status: 'deployed' } } };
    const replaced = await send('PUT', `${SECRETS}/${release.metadata.name}`, PROTOBUF, encodeKubernetesProtobuf(deployed));
    expect(replaced.statusCode).toBe(200);
    expect((await get(`${SECRETS}/${release.metadata.name}`)).metadata.labels).toEqual({ owner: 'helm', status: 'deployed' });

    // helm's DELETE of a release secret carries protobuf DeleteOptions: its preconditions hold.
    const uid = created.json().metadata.uid as string;
    const options = (preconditionUid: string) => encodeKubernetesProtobuf({ apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background', preconditions: { uid: preconditionUid } });
    const refused = await send('DELETE', `${SECRETS}/${release.metadata.name}`, PROTOBUF, options('not-the-uid'));
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ kind: 'Status', reason: 'Conflict' });
    const deleted = await send('DELETE', `${SECRETS}/${release.metadata.name}`, PROTOBUF, options(uid));
    expect(deleted.statusCode).toBe(200);
    expect((await t.request({ url: `${SECRETS}/${release.metadata.name}` })).statusCode).toBe(404);
  });

  it('creates in the apps group from protobuf, int-or-string and quantities intact', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '500m' } } }] } },
      },
    };
    const res = await send('POST', '/apis/apps/v1/namespaces/default/deployments', PROTOBUF, encodeKubernetesProtobuf(deployment));
    expect(res.statusCode).toBe(201);
    expect(res.json().spec).toMatchObject(deployment.spec);
  });

  it('treats an empty protobuf or JSON DELETE body as no options', async () => {
    for (const [name, type] of [['bare', PROTOBUF], ['bare-json', 'application/json']] as const) {
      expect((await t.request({ method: 'POST', url: CONFIGMAPS, payload: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } } })).statusCode).toBe(201);
      const res = await send('DELETE', `${CONFIGMAPS}/${name}`, type, new Uint8Array());
      expect(res.statusCode, type).toBe(200);
    }
  });

  it('creates, replaces and deletes in YAML, through the same field validation as JSON', async () => {
    const created = await send('POST', CONFIGMAPS, YAML, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\n  labels: {tier: web}\ndata:\n  mode: fast\n  when: 2025-01-01\n');
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ metadata: { name: 'from-yaml', labels: { tier: 'web' } }, data: { mode: 'fast', when: '2025-01-01' } });

    const rv = created.json().metadata.resourceVersion as string;
    const replaced = await send('PUT', `${CONFIGMAPS}/from-yaml`, YAML, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\n  resourceVersion: "${rv}"\ndata:\n  mode: slow\n`);
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().data).toEqual({ mode: 'slow' });

    const strict = await send('POST', `${CONFIGMAPS}?fieldValidation=Strict`, YAML, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo}\ndatta: {a: b}\n');
    expect(strict.statusCode).toBe(400);
    expect(strict.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"' });

    const stale = await send('DELETE', `${CONFIGMAPS}/from-yaml`, YAML, `preconditions:\n  resourceVersion: "${rv}"\n`);
    expect(stale.statusCode).toBe(409);
    const deleted = await send('DELETE', `${CONFIGMAPS}/from-yaml`, YAML, `kind: DeleteOptions\napiVersion: v1\npropagationPolicy: Background\n`);
    expect(deleted.statusCode).toBe(200);
    expect((await t.request({ url: `${CONFIGMAPS}/from-yaml` })).statusCode).toBe(404);
  });

  it('resolves YAML scalars as upstream (YAML 1.1 booleans, octal, merge keys)', async () => {
    const res = await send('POST', '/apis/apps/v1/namespaces/default/deployments', YAML, [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: yaml-deploy}',
      'spec:',
      '  selector: {matchLabels: {app: yd}}',
      '  paused: yes',
      '  template:',
      '    metadata: {labels: {app: yd}}',
      '    spec:',
      '      containers:',
      '      - &base {name: a, image: nginx}',
      '      - <<: *base',
      '        name: b',
      '      volumes:',
      '      - {name: v, configMap: {name: c, defaultMode: 0644}}',
      '',
    ].join('\n'));
    expect(res.statusCode).toBe(201);
    expect(res.json().spec).toMatchObject({ paused: true, template: { spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx' }], volumes: [{ configMap: { defaultMode: 420 } }] } } });
    // `y` is a YAML 1.1 boolean: not a label value, as upstream answers.
    const bool = await send('POST', CONFIGMAPS, YAML, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, labels: {app: y}}\n');
    expect(bool.statusCode).toBe(400);
    expect(bool.json().message).toContain('metadata.labels.app');
  });

  it.each([
    ['bytes without the k8s magic', PROTOBUF, '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x"}}', 'the object provided is unrecognized (must be of type ConfigMap): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({"kind":"ConfigMap","apiVersio ...)'],
    ['a truncated envelope', PROTOBUF, encodeKubernetesProtobuf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }).subarray(0, -3), 'the object provided is unrecognized (must be of type ConfigMap): unexpected EOF (6b3873000a0f0a0276311209436f6e6669674d617012050a030a01781a)'],
    ['a truncated object', PROTOBUF, Buffer.from('6b3873000a0f0a0276311209436f6e6669674d617012050a050a0178', 'hex'), 'ConfigMap in version "v1" cannot be handled as a ConfigMap: unexpected EOF'],
    ['a kind nobody registered', PROTOBUF, Buffer.from('6b3873000a0c0a02763112065769646765741200', 'hex'), 'Widget in version "v1" cannot be handled as a ConfigMap: no kind "Widget" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"'],
    ['another kind', PROTOBUF, encodeKubernetesProtobuf({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }), 'Secret in version "v1" cannot be handled as a ConfigMap: the kind in the body does not match the resource'],
    ['YAML that does not parse', YAML, 'metadata: {name: [x\n', 'the object provided is unrecognized (must be of type ConfigMap): error converting YAML to JSON: yaml: line 1: Expected flow sequence to end with ] (6d657461646174613a207b6e616d653a205b780a)'],
    ['YAML that is a list', YAML, '- apiVersion: v1\n  kind: ConfigMap\n', 'the body of the request must be a ConfigMap object'],
  ])('refuses %s with a 400 Status', async (_what, type, payload, message) => {
    const res = await send('POST', CONFIGMAPS, type, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });
  });

  it('refuses a malformed protobuf DeleteOptions with a 400 Status', async () => {
    const res = await send('DELETE', `${CONFIGMAPS}/whatever`, PROTOBUF, Buffer.from('6b3873000a1a0a0276311214', 'hex'));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ reason: 'BadRequest', message: 'the object provided is unrecognized (must be of type DeleteOptions): unexpected EOF (6b3873000a1a0a0276311214)' });
  });

  it('keeps the 3 MiB body limit (413) and answers 415 to protobuf patches', async () => {
    const huge = Buffer.alloc(3 * 1024 * 1024 + 1, 0x61);
    huge.set([0x6b, 0x38, 0x73, 0x00]);
    const tooLarge = await send('POST', CONFIGMAPS, PROTOBUF, huge);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge' });
    const hugeYaml = await send('POST', CONFIGMAPS, YAML, `data: {a: "${'x'.repeat(3 * 1024 * 1024)}"}`);
    expect(hugeYaml.statusCode).toBe(413);

    const patch = await send('PATCH', `${CONFIGMAPS}/whatever`, PROTOBUF, encodeKubernetesProtobuf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'whatever' } }));
    expect(patch.statusCode).toBe(415);
    expect(patch.json()).toMatchObject({ reason: 'UnsupportedMediaType' });
  });
});
