import { BUILTIN_TYPES, applyStrategicMergePatch, type KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { controllerRefOf, newControllerRef, ownerReferencesOf } from './controller-ref.js';
import { adoptionPatch, releasePatch } from './owner-ref-patches.js';
import { planClaims } from './plan-claims.js';

const owner: KubeObject = { metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid' } };
const ref = newControllerRef(owner, { apiVersion: 'apps/v1', kind: 'ReplicaSet' });
const pod = (name: string, app: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', uid: `${name}-uid`, resourceVersion: '7', labels: { app }, ...extra },
});
const owned = (name: string, app: string, uid = 'rs-uid') => pod(name, app, { ownerReferences: [{ ...ref, uid }] });
const matches = (p: KubeObject) => p.metadata?.labels?.['app'] === 'web';
const names = (pods: readonly KubeObject[]) => pods.map((p) => p.metadata?.name);

describe('planClaims (ClaimObject)', () => {
  const pods = [owned('mine', 'web'), owned('strayed', 'db'), owned('theirs', 'web', 'other-uid'), pod('orphan', 'web'), pod('stranger', 'db'), pod('dying', 'web', { deletionTimestamp: '2026-01-01T00:00:00Z' }), { ...pod('elsewhere', 'web'), metadata: { ...pod('elsewhere', 'web').metadata, namespace: 'other' } }];

  it('keeps its matching pods, releases those that stopped matching, adopts matching live orphans of its namespace, ignores the rest', () => {
    const plan = planClaims({ uid: 'rs-uid', namespace: 'ns', deleting: false }, matches, pods);
    expect(names(plan.claimed)).toEqual(['mine']);
    expect(names(plan.release)).toEqual(['strayed']);
    expect(names(plan.adopt)).toEqual(['orphan']);
  });

  it('neither adopts nor releases while the controller is being deleted', () => {
    const plan = planClaims({ uid: 'rs-uid', namespace: 'ns', deleting: true }, matches, pods);
    expect(names(plan.claimed)).toEqual(['mine']);
    expect(plan.release).toEqual([]);
    expect(plan.adopt).toEqual([]);
  });
});

describe('controller references and their patches', () => {
  const podType = BUILTIN_TYPES.kindOf('v1', 'Pod')!;
  const apply = (p: KubeObject, patch: unknown) => applyStrategicMergePatch(p, patch, BUILTIN_TYPES, podType) as KubeObject;

  it('a controller reference blocks owner deletion', () => {
    expect(ref).toEqual({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true });
  });

  it('adoption merges the controller reference beside other owners, with the uid and resourceVersion read as preconditions', () => {
    const other = { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'cm-uid' };
    const orphan = pod('orphan', 'web', { ownerReferences: [other] });
    const patch = adoptionPatch(orphan, ref);
    expect(patch).toEqual({ metadata: { ownerReferences: [ref], uid: 'orphan-uid', resourceVersion: '7' } });
    const adopted = apply(orphan, patch);
    expect(ownerReferencesOf(adopted)).toHaveLength(2);
    expect(ownerReferencesOf(adopted)).toEqual(expect.arrayContaining([other, ref]));
    expect(controllerRefOf(adopted)).toEqual(ref);
  });

  it('release deletes only this owner\'s reference', () => {
    const other = { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'cm-uid' };
    const mine = pod('mine', 'db', { ownerReferences: [other, ref] });
    const released = apply(mine, releasePatch(mine, 'rs-uid'));
    expect(ownerReferencesOf(released)).toEqual([other]);
    expect(controllerRefOf(released)).toBeUndefined();
  });
});
