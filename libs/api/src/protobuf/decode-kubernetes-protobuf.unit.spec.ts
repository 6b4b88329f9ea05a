import { describe, expect, it } from 'vitest';
import { checkSchema } from '../schema-check.js';
import * as schemas from '../generated/schemas.js';
import { encodeKubernetesProtobuf, kubernetesProtobufEnvelope } from './encode-kubernetes-protobuf.js';
import { decodeKubernetesProtobuf } from './decode-kubernetes-protobuf.js';
import { ProtobufDecodeError } from './protobuf-decode-error.js';
import { protoSchema } from './proto-schema.js';
import { SERVED_OBJECTS } from './testdata/served-objects.js';

const hex = (text: string) => Uint8Array.from(text.match(/../g)!.map((b) => parseInt(b, 16)));
const schemaOf = (apiVersion: string, kind: string) => {
  const gv = kind === 'DeleteOptions' ? 'meta_v1' : apiVersion === 'v1' ? 'core_v1' : apiVersion.replace(/\.k8s\.io/, '').replace('/', '_');
  return (schemas as Record<string, Parameters<typeof checkSchema>[0]>)[`${gv}_${kind}`]!;
};
const encodeRaw = (type: string, message: Record<string, unknown>) => {
  const t = protoSchema().root.lookupType(type);
  return t.encode(t.fromObject(message)).finish();
};
const decodeError = (bytes: Uint8Array, expected?: { apiVersion: string; kind: string }): ProtobufDecodeError => {
  try {
    decodeKubernetesProtobuf(bytes, expected);
  } catch (err) {
    if (err instanceof ProtobufDecodeError) return err;
    throw err;
  }
  throw new Error('decoded');
};

describe('decodeKubernetesProtobuf', () => {
  describe.each(SERVED_OBJECTS.map((o) => [`${o.apiVersion} ${o.kind}`, o] as const))('%s', (_name, object) => {
    it('is a realistic object: its generated schema accepts it', () => {
      expect(checkSchema(schemaOf(object.apiVersion!, object.kind!), object)).toEqual({ decodeErrors: [], fieldErrors: [], unknownFields: [] });
    });

    it('decodes back to the JSON it was encoded from', () => {
      const bytes = encodeKubernetesProtobuf(object);
      expect([...bytes.subarray(0, 4)]).toEqual([0x6b, 0x38, 0x73, 0x00]);
      expect(decodeKubernetesProtobuf(bytes)).toEqual(JSON.parse(JSON.stringify(object)));
    });
  });

  // Request bodies kubectl 1.35 sent for `kubectl create …` (recorded from the wire). Go writes every
  // non-pointer field, empty or not; the JSON API leaves empty strings out.
  it.each([
    [
      'create namespace x',
      '6b3873000a0f0a02763112094e616d65737061636512190a110a017812001a0022002a0032003800420012001a020a001a002200',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', creationTimestamp: null }, spec: {}, status: {} },
    ],
    [
      'create configmap c --from-literal=a=b',
      '6b3873000a0f0a0276311209436f6e6669674d6170121b0a110a016312001a0022002a0032003800420012060a01611201621a002200',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', creationTimestamp: null }, data: { a: 'b' } },
    ],
    [
      'create secret generic s --from-literal=p=q',
      '6b3873000a0c0a0276311206536563726574121d0a110a017312001a0022002a0032003800420012060a01701201711a001a002200',
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', creationTimestamp: null }, data: { p: 'cQ==' } },
    ],
    [
      'create service clusterip web --tcp=80:8080',
      '6b3873000a0d0a02763112075365727669636512690a1f0a0377656212001a0022002a003200380042005a0a0a03617070120377656212420a1b0a0738302d38303830120354435018502207080010903f1a002800120a0a0361707012037765621a002209436c757374657249503a00420052005a00600068001a020a001a002200',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
        spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 0 }], selector: { app: 'web' }, type: 'ClusterIP', healthCheckNodePort: 0, publishNotReadyAddresses: false },
        status: { loadBalancer: {} },
      },
    ],
    [
      'create pdb p --selector=app=web --min-available=50%',
      '6b3873000a200a09706f6c6963792f76311213506f6444697372757074696f6e427564676574123a0a110a017012001a0022002a0032003800420012190a09080110001a03353025120c0a0a0a0361707012037765621a0a080018002000280030001a002200',
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'p', creationTimestamp: null },
        spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } },
        status: { observedGeneration: 0, disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
      },
    ],
    [
      'create deployment d --image=nginx --replicas=2',
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412a3010a1b0a016412001a0022002a003200380042005a080a0361707012016412760802120a0a080a036170701201641a5e0a1a0a0012001a0022002a003200380042005a080a03617070120164124012220a056e67696e7812056e67696e782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd', creationTimestamp: null, labels: { app: 'd' } },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'd' } },
          template: {
            metadata: { creationTimestamp: null, labels: { app: 'd' } },
            spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {}, stdin: false, stdinOnce: false, tty: false }], hostNetwork: false, hostPID: false, hostIPC: false },
          },
          strategy: {},
          minReadySeconds: 0,
          paused: false,
        },
        status: { observedGeneration: 0, replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0 },
      },
    ],
    [
      'auth can-i get pods',
      '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577123c0a100a0012001a0022002a00320038004200121e0a1c0a0764656661756c7412036765741a0022002a04706f647332003a001a08080012001a0020001a002200',
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        metadata: { creationTimestamp: null },
        spec: { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } },
        status: { allowed: false, denied: false },
      },
    ],
  ])('decodes what kubectl %s sends', (_command, body, expected) => {
    expect(decodeKubernetesProtobuf(hex(body))).toEqual(expected);
  });

  it('writes times as upstream JSON does: Time at seconds, MicroTime at microseconds, an empty Time as null', () => {
    const raw = encodeRaw('k8s.io.api.coordination.v1.Lease', {
      metadata: { name: 'l', creationTimestamp: { seconds: 1740824430, nanos: 999_999_999 }, deletionTimestamp: {} },
      spec: { acquireTime: { seconds: 0, nanos: 0 }, renewTime: { seconds: 1740824430, nanos: 123_456_789 } },
    });
    expect(decodeKubernetesProtobuf(kubernetesProtobufEnvelope({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' }, raw))).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'l', creationTimestamp: '2025-03-01T10:20:30Z', deletionTimestamp: null },
      spec: { acquireTime: '1970-01-01T00:00:00.000000Z', renewTime: '2025-03-01T10:20:30.123456Z' },
    });
  });

  it('writes int-or-string by its type and a zero-value quantity as "0"', () => {
    const raw = encodeRaw('k8s.io.api.apps.v1.Deployment', {
      spec: {
        strategy: { rollingUpdate: { maxSurge: { type: 1, strVal: '30%', intVal: 7 }, maxUnavailable: { type: 0, intVal: 2, strVal: 'ignored' } } },
        template: { spec: { containers: [{ name: 'a', resources: { limits: { cpu: {}, memory: { string: '1Gi' } } } }] } },
      },
    });
    const decoded = decodeKubernetesProtobuf(kubernetesProtobufEnvelope({ apiVersion: 'apps/v1', kind: 'Deployment' }, raw));
    expect(decoded['spec']).toEqual({
      strategy: { rollingUpdate: { maxSurge: '30%', maxUnavailable: 2 } },
      template: { spec: { containers: [{ name: 'a', resources: { limits: { cpu: '0', memory: '1Gi' } } }] } },
    });
  });

  it('unwraps named slices (ExtraValue) and takes JSON names where go-to-protobuf used the Go name', () => {
    const review = encodeRaw('k8s.io.api.authorization.v1.SubjectAccessReview', {
      spec: { user: 'jane', groups: ['dev'], extra: { scopes: { items: ['read', 'write'] }, none: {} }, nonResourceAttributes: { path: '/healthz', verb: 'get' } },
    });
    expect(decodeKubernetesProtobuf(kubernetesProtobufEnvelope({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview' }, review))['spec']).toEqual({
      user: 'jane',
      groups: ['dev'],
      extra: { scopes: ['read', 'write'], none: [] },
      nonResourceAttributes: { path: '/healthz', verb: 'get' },
    });
    const token = encodeRaw('k8s.io.api.authentication.v1.TokenRequest', {
      spec: { audiences: ['api'], expirationSeconds: 3600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uID: 'abc' } },
    });
    expect(decodeKubernetesProtobuf(kubernetesProtobufEnvelope({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest' }, token))['spec']).toEqual({
      audiences: ['api'],
      expirationSeconds: 3600,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: 'abc' },
    });
  });

  it('decodes embedded objects in RawExtension as JSON or as nested Kubernetes protobuf', () => {
    const nested = encodeKubernetesProtobuf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inner' }, data: { a: 'b' } });
    for (const [raw, expected] of [
      [new TextEncoder().encode('{"spec":{"template":{"x":1}}}'), { spec: { template: { x: 1 } } }],
      [nested, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inner' }, data: { a: 'b' } }],
    ] as const) {
      const revision = encodeRaw('k8s.io.api.apps.v1.ControllerRevision', { metadata: { name: 'web-1' }, data: { raw }, revision: 4 });
      expect(decodeKubernetesProtobuf(kubernetesProtobufEnvelope({ apiVersion: 'apps/v1', kind: 'ControllerRevision' }, revision))).toEqual({
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: { name: 'web-1' },
        data: expected,
        revision: 4,
      });
    }
  });

  it('decodes DeleteOptions in any group version, as helm sends them with a DELETE', () => {
    const raw = encodeRaw('k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions', { propagationPolicy: 'Foreground', preconditions: { uid: 'u-1' } });
    for (const apiVersion of ['v1', 'meta.k8s.io/v1', 'apps/v1']) {
      expect(decodeKubernetesProtobuf(kubernetesProtobufEnvelope({ apiVersion, kind: 'DeleteOptions' }, raw))).toEqual({
        apiVersion,
        kind: 'DeleteOptions',
        propagationPolicy: 'Foreground',
        preconditions: { uid: 'u-1' },
      });
    }
  });

  it("fills an envelope's empty kind and version from the expected kind, as upstream's copyKindDefaults", () => {
    const raw = encodeRaw('k8s.io.api.core.v1.ConfigMap', { metadata: { name: 'c' } });
    expect(decodeKubernetesProtobuf(kubernetesProtobufEnvelope({}, raw), { apiVersion: 'v1', kind: 'ConfigMap' })).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    expect(decodeKubernetesProtobuf(kubernetesProtobufEnvelope({ apiVersion: 'v1' }, raw), { apiVersion: 'apps/v1', kind: 'ConfigMap' })).toMatchObject({ apiVersion: 'v1' });
  });

  describe('refuses malformed bodies with upstream wording', () => {
    const configMap = encodeRaw('k8s.io.api.core.v1.ConfigMap', { metadata: { name: 'c' }, data: { a: 'b' } });
    const valid = kubernetesProtobufEnvelope({ apiVersion: 'v1', kind: 'ConfigMap' }, configMap);

    it.each([
      ['an empty body', new Uint8Array(), 'empty data'],
      ['JSON', new TextEncoder().encode('{"kind":"ConfigMap"}'), 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]'],
      ['a short prefix', hex('6b38'), 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]'],
      ['the magic alone', hex('6b387300'), 'empty body'],
      ['a truncated envelope', valid.subarray(0, 12), 'unexpected EOF'],
    ])('%s: no kind is known', (_what, bytes, message) => {
      const err = decodeError(bytes);
      expect(err.message).toBe(message);
      expect(err.kind).toBeUndefined();
    });

    it('a truncated object: the envelope named the kind', () => {
      const err = decodeError(kubernetesProtobufEnvelope({ apiVersion: 'v1', kind: 'ConfigMap' }, configMap.subarray(0, configMap.length - 2)));
      expect(err.message).toBe('unexpected EOF');
      expect(err.kind).toEqual({ group: '', version: 'v1', kind: 'ConfigMap' });
    });

    it.each([
      [{ apiVersion: 'v1', kind: 'Widget' }, 'no kind "Widget" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"'],
      [{ apiVersion: 'example.com/v1', kind: 'Widget' }, 'no kind "Widget" is registered for version "example.com/v1" in scheme "pkg/api/legacyscheme/scheme.go:30"'],
      [{ apiVersion: 'apps/v1beta1', kind: 'Deployment' }, 'no kind "Deployment" is registered for version "apps/v1beta1" in scheme "pkg/api/legacyscheme/scheme.go:30"'],
      [{ apiVersion: 'v1', kind: 'PodSpec' }, 'no kind "PodSpec" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"'],
      [{ apiVersion: 'v1' }, 'Object \'Kind\' is missing in \'runtime.TypeMeta{APIVersion:"v1", Kind:""}\''],
      [{ kind: 'ConfigMap' }, 'Object \'apiVersion\' is missing in \'runtime.TypeMeta{APIVersion:"", Kind:"ConfigMap"}\''],
    ])('an envelope naming %j', (typeMeta, message) => {
      expect(decodeError(kubernetesProtobufEnvelope(typeMeta, configMap)).message).toBe(message);
    });

    it('embedded JSON that is not JSON, and a time Go cannot write', () => {
      const fields = encodeRaw('k8s.io.api.core.v1.ConfigMap', { metadata: { name: 'c', managedFields: [{ manager: 'm', fieldsType: 'FieldsV1', fieldsV1: { Raw: new TextEncoder().encode('{"f:data"') } }] } });
      expect(decodeError(kubernetesProtobufEnvelope({ apiVersion: 'v1', kind: 'ConfigMap' }, fields)).message).toMatch(/^error decoding embedded JSON: /);
      const late = encodeRaw('k8s.io.api.core.v1.ConfigMap', { metadata: { name: 'c', creationTimestamp: { seconds: 253402300800 } } });
      const err = decodeError(kubernetesProtobufEnvelope({ apiVersion: 'v1', kind: 'ConfigMap' }, late));
      expect(err.message).toBe('Time.MarshalJSON: year outside of range [0,9999]');
      expect(err.kind).toEqual({ group: '', version: 'v1', kind: 'ConfigMap' });
    });

    it('bytes that are not a message at all', () => {
      const err = decodeError(kubernetesProtobufEnvelope({ apiVersion: 'v1', kind: 'ConfigMap' }, hex('0affffffffffffffffff01')));
      expect(err).toBeInstanceOf(ProtobufDecodeError);
      expect(err.kind).toEqual({ group: '', version: 'v1', kind: 'ConfigMap' });
    });
  });
});
