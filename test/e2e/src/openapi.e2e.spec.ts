import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useCluster } from './support/use-cluster.js';

describe('kubectl 1.35 against the apiserver: OpenAPI (explain, validation)', () => {
  const { kubectl } = useCluster();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kl-openapi-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const manifest = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('kubectl explain leases.spec renders the generated coordination.k8s.io/v1 document', async () => {
    const out = await kubectl.ok('explain', 'leases.spec');
    expect(out).toMatch(/^GROUP:\s+coordination\.k8s\.io$/m);
    expect(out).toMatch(/^KIND:\s+Lease$/m);
    expect(out).toMatch(/^VERSION:\s+v1$/m);
    expect(out).toMatch(/^FIELD: spec <LeaseSpec>$/m);
    expect(out).toMatch(/^\s+holderIdentity\s+<string>$/m);
    expect(out).toMatch(/^\s+leaseDurationSeconds\s+<integer>$/m);
  });

  // kubectl resolves `events.events.k8s.io` by the first served `events` whose group-resource
  // prefixes it (kubectl pkg/explain SplitAndParseResourceRequestWithMatchingPrefix), and the core
  // group comes first in discovery, as upstream's does: that form explains core/v1 Event against
  // kube-apiserver too. --api-version is how kubectl reaches events.k8s.io.
  it('kubectl explain events --api-version=events.k8s.io/v1 renders the generated events.k8s.io/v1 document', async () => {
    const out = await kubectl.ok('explain', 'events', '--api-version=events.k8s.io/v1');
    expect(out).toMatch(/^GROUP:\s+events\.k8s\.io$/m);
    expect(out).toMatch(/^KIND:\s+Event$/m);
    expect(out).toMatch(/^\s+eventTime\s+<string> -required-$/m);
    expect(out).toMatch(/^\s+regarding\s+<ObjectReference>$/m);
    expect(await kubectl.ok('explain', 'events.regarding.kind', '--api-version=events.k8s.io/v1')).toMatch(/^FIELD: kind <string>$/m);
    expect(await kubectl.ok('explain', 'events')).toMatch(/^KIND:\s+Event\n^VERSION:\s+v1$/m); // the core group's, preferred
  });

  it('kubectl explain still serves the vendored upstream documents', async () => {
    expect(await kubectl.ok('explain', 'deployments.spec.replicas')).toMatch(/^FIELD: replicas <integer>$/m);
  });

  it('kubectl apply validates Leases on the server (the document advertises fieldValidation) and creates them', async () => {
    const lease = (spec: string) => `apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: leader\nspec:\n${spec}`;
    const bad = await kubectl.run('apply', '-f', manifest('bad.yaml', lease('  holderIdentity: a\n  bogus: 1\n')));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/Error from server \(BadRequest\).*unknown field "spec\.bogus"/);
    expect(await kubectl.ok('apply', '-f', manifest('good.yaml', lease('  holderIdentity: a\n  leaseDurationSeconds: 15\n')))).toMatch(/lease.coordination.k8s.io\/leader created/);
    expect(await kubectl.ok('get', 'lease', 'leader', '-o', 'jsonpath={.spec.holderIdentity}')).toBe('a');
  });

  it('answers kubectl’s protobuf-only /openapi/v2 request with 406 (JSON is the only form served)', async () => {
    const v2 = await kubectl.run('explain', 'leases.spec', '--output=plaintext-openapiv2');
    expect(v2.code).not.toBe(0);
    expect(v2.stderr).toMatch(/NotAcceptable/);
  });

  it('serves /openapi/v2 as JSON for the served groups', async () => {
    const swagger = JSON.parse(await kubectl.ok('get', '--raw', '/openapi/v2'));
    expect(swagger.swagger).toBe('2.0');
    expect(swagger.definitions['io.k8s.api.coordination.v1.Lease']).toBeDefined();
    expect(Object.keys(swagger.paths).some((p) => p.startsWith('/apis/rbac.authorization.k8s.io/'))).toBe(true);
    expect(Object.keys(swagger.paths).some((p) => p.startsWith('/apis/networking.k8s.io/v1/namespaces/{namespace}/ingresses'))).toBe(true);
    expect(Object.keys(swagger.paths).some((p) => p.startsWith('/apis/policy/v1/namespaces/{namespace}/poddisruptionbudgets'))).toBe(true);
    expect(Object.keys(swagger.paths).some((p) => p.startsWith('/apis/storage.k8s.io/'))).toBe(false);
  });
});
