import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from '@kubeledger/api';
import { encodeKubernetesProtobuf } from '@kubeledger/api/testing';
import { groupVersion } from '../registry/resource-definition.js';
import { RESOURCES } from '../registry/resources.js';

// Every kind a create or update body may carry here — each served resource's and each of its
// subresources' (Binding, Scale, …) — must have a protobuf message, or kubectl and helm get a 400.
const BODY_KINDS = [...new Map(RESOURCES.flatMap((r) => [
  { apiVersion: groupVersion(r), kind: r.kind },
  ...(r.subresources ?? []).map((s) => ({ apiVersion: groupVersion(s.kind), kind: s.kind.kind })),
]).map((k) => [`${k.apiVersion} ${k.kind}`, k])).values()];

describe('protobuf bodies of the served kinds', () => {
  it.each(BODY_KINDS.map((k) => [`${k.apiVersion} ${k.kind}`, k] as const))('%s decodes', (_name, { apiVersion, kind }) => {
    const object = { apiVersion, kind, metadata: { name: 'x', namespace: 'default', labels: { app: 'web' }, creationTimestamp: '2025-03-01T10:20:30Z' } };
    expect(decodeKubernetesProtobuf(encodeKubernetesProtobuf(object))).toEqual(object);
  });
});
