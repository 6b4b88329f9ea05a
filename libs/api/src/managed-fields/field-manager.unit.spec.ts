import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { isStatusError, type StatusError } from '../status-error.js';
import { BUILTIN_TYPES } from '../type-info/type-registry.js';
import { applyObject, updateManagedFields, type FieldManagerOptions } from './field-manager.js';
import { fieldSetFromFieldsV1 } from './fields-v1.js';
import { pathSet } from './ignored-fields.js';
import { LAST_APPLIED_ANNOTATION } from './last-applied.js';
import type { ManagedFieldsEntry } from './managed-fields-entry.js';
import { fieldElement, formatFieldPath, keyElement } from './path-element.js';

const types = BUILTIN_TYPES;
const T0 = '2024-05-01T10:00:00Z';
const T1 = '2024-05-01T10:01:00Z';
const T2 = '2024-05-01T10:02:00Z';
const T3 = '2024-05-01T10:03:00Z';

const update = (live: KubeObject | undefined, next: KubeObject, manager: string, now: string, extra: Partial<FieldManagerOptions> = {}) =>
  updateManagedFields(types, live, next, { manager, apiVersion: next.apiVersion ?? 'v1', now, ...extra });
const apply = (live: KubeObject | undefined, config: KubeObject, manager: string, now: string, extra: Partial<FieldManagerOptions & { force: boolean }> = {}) =>
  applyObject(types, live, config, { manager, apiVersion: config.apiVersion ?? 'v1', now, force: false, ...extra });

/** What the store would add after a create: uid and creationTimestamp. */
const stored = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, uid: 'uid-1', creationTimestamp: T0, resourceVersion: '1' } });
const entries = (o: KubeObject) => (o.metadata?.['managedFields'] ?? []) as ManagedFieldsEntry[];
const summary = (o: KubeObject) => entries(o).map((e) => `${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ''}@${e.time ?? '-'}`);
const entry = (o: KubeObject, manager: string, operation = 'Apply') => entries(o).find((e) => e.manager === manager && e.operation === operation);
const owned = (o: KubeObject, manager: string, operation = 'Apply') => {
  const e = entry(o, manager, operation);
  return e ? fieldSetFromFieldsV1(e.fieldsV1).paths().map(formatFieldPath) : [];
};
const thrown = (fn: () => unknown): StatusError => {
  try {
    fn();
  } catch (err) {
    if (isStatusError(err)) return err;
    throw err;
  }
  throw new Error('expected a StatusError');
};

const deployment = (spec: Record<string, unknown> = {}, labels: Record<string, string> = { app: 'web' }): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] } },
    ...spec,
  },
});
const withSpec = (o: KubeObject, spec: Record<string, unknown>): KubeObject => ({ ...o, spec: { ...(o.spec as object), ...spec } });

describe('updateManagedFields', () => {
  const created: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx', namespace: 'default', labels: { app: 'nginx' }, uid: 'u', creationTimestamp: T0, generation: 1 },
    spec: {
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'nginx' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [{ image: 'nginx', imagePullPolicy: 'Always', name: 'nginx', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    },
    status: {},
  };

  it('records a create (kubectl create deployment, defaulted) exactly as clusters show it', () => {
    const out = update(undefined, created, 'kubectl-create', T0);
    expect(entries(out)).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:progressDeadlineSeconds': {},
            'f:replicas': {},
            'f:revisionHistoryLimit': {},
            'f:selector': {},
            'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': {
                    '.': {},
                    'f:image': {},
                    'f:imagePullPolicy': {},
                    'f:name': {},
                    'f:resources': {},
                    'f:terminationMessagePath': {},
                    'f:terminationMessagePolicy': {},
                  },
                },
                'f:dnsPolicy': {},
                'f:restartPolicy': {},
                'f:schedulerName': {},
                'f:securityContext': {},
                'f:terminationGracePeriodSeconds': {},
              },
            },
          },
        },
      },
    ]);
    // Key order of the FieldsV1 object is upstream's.
    expect(JSON.stringify(entries(out)[0]!.fieldsV1).startsWith('{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:progressDeadlineSeconds":{}')).toBe(true);
  });

  it('does not mutate its inputs', () => {
    const input = structuredClone(created);
    update(undefined, input, 'kubectl-create', T0);
    expect(input).toEqual(created);
  });

  it('gives the fields a write changes to its manager, takes them from others, and stamps the time', () => {
    const v1 = update(undefined, created, 'kubectl-create', T0);
    const scaled = update(v1, withSpec(v1, { replicas: 3 }), 'kubectl-scale', T1);
    expect(summary(scaled)).toEqual(['kubectl-create/Update@' + T0, 'kubectl-scale/Update@' + T1]);
    expect(owned(scaled, 'kubectl-scale', 'Update')).toEqual(['.spec.replicas']);
    expect(owned(scaled, 'kubectl-create', 'Update')).not.toContain('.spec.replicas');
  });

  it('leaves managedFields alone, times included, when a write changes nothing ownable', () => {
    const v1 = update(undefined, created, 'kubectl-create', T0);
    const again = update(v1, { ...v1, metadata: { ...v1.metadata, resourceVersion: '7' } }, 'someone', T1);
    expect(entries(again)).toEqual(entries(v1));
  });

  it('takes fields a write removes from every owner', () => {
    const v1 = update(undefined, created, 'kubectl-create', T0);
    const { progressDeadlineSeconds: _dropped, ...spec } = v1.spec as Record<string, unknown>;
    const out = update(v1, { ...v1, spec }, 'editor', T1);
    expect(owned(out, 'kubectl-create', 'Update')).not.toContain('.spec.progressDeadlineSeconds');
    expect(entry(out, 'editor', 'Update')).toBeUndefined();
  });

  it('keeps a status writer in its own entry, marked with the subresource', () => {
    const v1 = stored(update(undefined, created, 'kubectl-create', T0));
    const status = {
      availableReplicas: 1,
      conditions: [{ type: 'Available', status: 'True', lastTransitionTime: T1, lastUpdateTime: T1, reason: 'MinimumReplicasAvailable', message: 'ok' }],
      observedGeneration: 1,
      readyReplicas: 1,
      replicas: 1,
      updatedReplicas: 1,
    };
    const out = update(v1, { ...v1, status }, 'kube-controller-manager', T1, { subresource: 'status', ignored: { allBut: pathSet(['status']) } });
    const e = entry(out, 'kube-controller-manager', 'Update')!;
    expect(e.subresource).toBe('status');
    expect(e.fieldsV1).toEqual({
      'f:status': {
        'f:availableReplicas': {},
        'f:conditions': {
          '.': {},
          'k:{"type":"Available"}': { '.': {}, 'f:lastTransitionTime': {}, 'f:lastUpdateTime': {}, 'f:message': {}, 'f:reason': {}, 'f:status': {}, 'f:type': {} },
        },
        'f:observedGeneration': {},
        'f:readyReplicas': {},
        'f:replicas': {},
        'f:updatedReplicas': {},
      },
    });
    expect(Object.keys(e)).toEqual(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource']);
  });

  it('does not let a write own what its path ignores', () => {
    const v1 = stored(update(undefined, created, 'kubectl-create', T0));
    const out = update(v1, { ...withSpec(v1, { replicas: 2 }), status: { replicas: 5 } }, 'editor', T1, { ignored: pathSet(['status']) });
    expect(owned(out, 'editor', 'Update')).toEqual(['.spec.replicas']);
  });

  it('lets a write through /status start only from the live managedFields', () => {
    const v1 = stored(update(undefined, created, 'kubectl-create', T0));
    const out = update(v1, { ...v1, metadata: { ...v1.metadata, managedFields: [{}] }, status: { replicas: 1 } }, 'kcm', T1, { subresource: 'status' });
    expect(summary(out)).toEqual([`kubectl-create/Update@${T0}`, `kcm/Update/status@${T1}`]);
  });

  describe('managedFields sent by the client', () => {
    const v1 = stored(update(undefined, created, 'kubectl-create', T0));
    it('[{}] strips them, and later updates do not start tracking again', () => {
      const reset = update(v1, { ...v1, metadata: { ...v1.metadata, managedFields: [{}] } }, 'editor', T1);
      expect(reset.metadata).not.toHaveProperty('managedFields');
      const later = update(reset, withSpec(reset, { replicas: 4 }), 'editor', T2);
      expect(later.metadata).not.toHaveProperty('managedFields');
    });

    it('[] strips them too (upstream isResetManagedFields)', () => {
      expect(update(v1, { ...v1, metadata: { ...v1.metadata, managedFields: [] } }, 'editor', T1).metadata).not.toHaveProperty('managedFields');
    });

    it('a different valid list replaces the live one', () => {
      const mine: ManagedFieldsEntry[] = [{ manager: 'me', operation: 'Apply', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }];
      const out = update(v1, { ...v1, metadata: { ...v1.metadata, managedFields: mine } }, 'editor', T1);
      expect(entries(out)).toEqual(mine);
    });

    it('an invalid list is ignored in favour of the live one', () => {
      const out = update(v1, { ...v1, metadata: { ...v1.metadata, managedFields: [{ manager: 'x', operation: 'Bogus' }] } }, 'editor', T1);
      expect(entries(out)).toEqual(entries(v1));
    });
  });

  it('keeps at most 10 Update entries, merging the oldest into ancient-changes', () => {
    let live = stored(update(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k0: '0' } }, 'm00', '2024-05-01T10:00:00Z'));
    for (let i = 1; i <= 11; i++) {
      live = update(live, { ...live, data: { ...(live['data'] as object), [`k${i}`]: String(i) } }, `m${String(i).padStart(2, '0')}`, `2024-05-01T10:${String(i).padStart(2, '0')}:00Z`);
    }
    expect(summary(live)).toEqual([
      'ancient-changes/Update@2024-05-01T10:02:00Z',
      ...[3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => `m${String(i).padStart(2, '0')}/Update@2024-05-01T10:${String(i).padStart(2, '0')}:00Z`),
    ]);
    expect(owned(live, 'ancient-changes', 'Update')).toEqual(['.data', '.data.k0', '.data.k1', '.data.k2']);
  });

  it('keeps the live managedFields when the new object does not fit its schema (UpdateNoErrors)', () => {
    const v1 = stored(update(undefined, created, 'kubectl-create', T0));
    const broken = withSpec(v1, { template: { spec: { containers: [{ image: 'no-name' }] } } });
    expect(entries(update(v1, broken, 'editor', T1))).toEqual(entries(v1));
  });

  it('tracks kinds without a schema as deduced objects', () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1, tags: ['a'] } };
    const out = update(undefined, widget, 'operator', T0);
    expect(entries(out)[0]!.fieldsV1).toEqual({ 'f:spec': { '.': {}, 'f:size': {}, 'f:tags': {} } });
  });
});

describe('applyObject', () => {
  it('creates: the merged object and an Apply entry as `kubectl apply --server-side` shows it', () => {
    const out = apply(undefined, deployment({ replicas: 3 }), 'kubectl', T0);
    expect(out.spec).toEqual((deployment({ replicas: 3 }).spec as object));
    expect(entries(out)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('creates a Service: ports keyed by port and (defaulted) protocol, the selector atomic', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } };
    expect(entries(apply(undefined, svc, 'helm', T0))[0]!.fieldsV1).toEqual({
      'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} } }, 'f:selector': {} },
    });
  });

  it('a helm upgrade that drops a ConfigMap key removes it, keeping keys another manager added', () => {
    const cm = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', labels: { 'app.kubernetes.io/managed-by': 'Helm' } }, data });
    let live = stored(apply(undefined, cm({ a: '1', b: '2' }), 'helm', T0));
    live = update(live, { ...live, data: { ...(live['data'] as object), c: '3' } }, 'kubectl-edit', T1);
    live = apply(live, cm({ a: '1' }), 'helm', T2);
    expect(live['data']).toEqual({ a: '1', c: '3' });
    expect(owned(live, 'helm')).toEqual(['.data.a', '.metadata.labels.app.kubernetes.io/managed-by']);
    expect(owned(live, 'kubectl-edit', 'Update')).toEqual(['.data.c']);
  });

  it('does not mutate its inputs', () => {
    const config = deployment({ replicas: 3 });
    const live = stored(apply(undefined, config, 'kubectl', T0));
    const liveCopy = structuredClone(live);
    const next = deployment({ replicas: 5 });
    const nextCopy = structuredClone(next);
    apply(live, next, 'kubectl', T1);
    expect(live).toEqual(liveCopy);
    expect(next).toEqual(nextCopy);
  });

  it('re-applying the same configuration changes nothing, not even the entry time', () => {
    const live = stored(apply(undefined, deployment({ replicas: 3 }), 'kubectl', T0));
    const again = apply(live, deployment({ replicas: 3 }), 'kubectl', T1);
    expect(again).toEqual(live);
  });

  it('changing a value of its own moves the entry time', () => {
    const live = stored(apply(undefined, deployment({ replicas: 3 }), 'kubectl', T0));
    const out = apply(live, deployment({ replicas: 4 }), 'kubectl', T1);
    expect((out.spec as { replicas: number }).replicas).toBe(4);
    expect(summary(out)).toEqual([`kubectl/Apply@${T1}`]);
  });

  it('two appliers of the same value share the field; the second entry has no time since nothing changed (TestNoOpChanges)', () => {
    const live = stored(apply(undefined, deployment({ replicas: 3 }), 'kubectl', T0));
    const out = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } }, 'helm', T1);
    expect(summary(out)).toEqual(['helm/Apply@-', `kubectl/Apply@${T0}`]);
    expect(owned(out, 'helm')).toEqual(['.spec.replicas']);
    expect(owned(out, 'kubectl')).toContain('.spec.replicas');
  });

  describe('conflicts', () => {
    const created = stored(apply(undefined, deployment({ replicas: 3 }), 'helm', T0));

    it('with an Update manager: 409 naming it with its version', () => {
      const scaled = update(created, withSpec(created, { replicas: 5 }), 'kube-controller-manager', T1);
      const err = thrown(() => apply(scaled, deployment({ replicas: 3 }), 'helm', T2));
      expect(err.status).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Apply failed with 1 conflict: conflict with "kube-controller-manager" using apps/v1: .spec.replicas',
        reason: 'Conflict',
        details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kube-controller-manager" using apps/v1', field: '.spec.replicas' }] },
        code: 409,
      });
    });

    it('with another Apply manager: 409 naming it without a version', () => {
      const err = thrown(() => apply(created, deployment({ replicas: 4 }), 'kubectl', T1));
      expect(err.status.message).toBe('Apply failed with 1 conflict: conflict with "helm": .spec.replicas');
      expect(err.status.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "helm"', field: '.spec.replicas' }]);
    });

    it('lists several conflicts grouped by manager, with paths as upstream prints them', () => {
      const edited = update(created, withSpec(created, { replicas: 5 }), 'kubectl-edit', T1);
      const config = deployment({ replicas: 1 }, { app: 'other' });
      (config.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image = 'nginx:1.26';
      const err = thrown(() => apply(edited, config, 'argocd', T2));
      expect(err.status.message).toBe(
        'Apply failed with 3 conflicts: conflicts with "helm":\n- .metadata.labels.app\n- .spec.template.spec.containers[name="web"].image\nconflicts with "kubectl-edit" using apps/v1:\n- .spec.replicas',
      );
      expect(err.status.details?.causes?.map((c) => c.field)).toEqual(['.metadata.labels.app', '.spec.template.spec.containers[name="web"].image', '.spec.replicas']);
    });

    it('with the manager’s own Update entry: its Apply and Update entries are two owners', () => {
      const edited = update(created, withSpec(created, { replicas: 2 }), 'helm', T1);
      expect(summary(edited)).toEqual([`helm/Apply@${T0}`, `helm/Update@${T1}`]);
      expect(thrown(() => apply(edited, deployment({ replicas: 3 }), 'helm', T2)).status.message).toBe('Apply failed with 1 conflict: conflict with "helm" using apps/v1: .spec.replicas');
    });

    it('names a subresource writer with its subresource', () => {
      const scaled = update(created, withSpec(created, { replicas: 5 }), 'kubectl', T1, { subresource: 'scale' });
      expect(thrown(() => apply(scaled, deployment({ replicas: 3 }), 'helm', T2)).status.message).toBe('Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
    });

    it('force takes the fields over; a manager left with nothing disappears', () => {
      const scaled = update(created, withSpec(created, { replicas: 5 }), 'kube-controller-manager', T1);
      const out = apply(scaled, deployment({ replicas: 3 }), 'helm', T2, { force: true });
      expect((out.spec as { replicas: number }).replicas).toBe(3);
      expect(summary(out)).toEqual([`helm/Apply@${T2}`]);
      expect(owned(out, 'helm')).toContain('.spec.replicas');
    });

    it('applying the value a field already has is no conflict', () => {
      const scaled = update(created, withSpec(created, { replicas: 5 }), 'kube-controller-manager', T1);
      const out = apply(scaled, deployment({ replicas: 5 }), 'helm', T2);
      expect(owned(out, 'helm')).toContain('.spec.replicas');
      expect(owned(out, 'kube-controller-manager', 'Update')).toEqual(['.spec.replicas']);
    });
  });

  describe('fields no longer applied', () => {
    it('are removed when nobody else owns them', () => {
      const live = stored(apply(undefined, deployment({ replicas: 3, minReadySeconds: 5 }, { app: 'web', tier: 'front' }), 'kubectl', T0));
      const out = apply(live, deployment({ replicas: 3 }), 'kubectl', T1);
      expect(out.spec).not.toHaveProperty('minReadySeconds');
      expect(out.metadata?.labels).toEqual({ app: 'web' });
      expect(owned(out, 'kubectl')).not.toContain('.spec.minReadySeconds');
    });

    it('are kept, and released, when another applier owns them too', () => {
      const live = stored(apply(undefined, deployment({ replicas: 3 }), 'kubectl', T0));
      const shared = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } }, 'helm', T1);
      const out = apply(shared, deployment(), 'kubectl', T2);
      expect((out.spec as { replicas: number }).replicas).toBe(3);
      expect(owned(out, 'kubectl')).not.toContain('.spec.replicas');
      expect(owned(out, 'helm')).toEqual(['.spec.replicas']);
    });

    it('are kept when an Update manager took them over', () => {
      const live = stored(apply(undefined, deployment({ replicas: 3 }), 'kubectl', T0));
      const scaled = update(live, withSpec(live, { replicas: 7 }), 'hpa', T1);
      const out = apply(scaled, deployment(), 'kubectl', T2);
      expect((out.spec as { replicas: number }).replicas).toBe(7);
      expect(owned(out, 'hpa', 'Update')).toEqual(['.spec.replicas']);
    });

    it('list items another applier applies stay (multiple appliers: remove_one_keep_one)', () => {
      const pod = (names: string[]): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: names.map((name) => ({ name })) } });
      let live = stored(apply(undefined, pod(['a', 'b', 'c']), 'apply-one', T0));
      live = apply(live, pod(['c', 'd']), 'apply-two', T1);
      live = apply(live, pod(['a']), 'apply-one', T2);
      expect((live.spec as { containers: unknown[] }).containers).toEqual([{ name: 'a' }, { name: 'c' }, { name: 'd' }]);
      expect(owned(live, 'apply-one')).toEqual(['.spec.containers[name="a"]', '.spec.containers[name="a"].name']);
      expect(owned(live, 'apply-two')).toEqual(['.spec.containers[name="c"]', '.spec.containers[name="d"]', '.spec.containers[name="c"].name', '.spec.containers[name="d"].name']);
    });

    it('set items are removed by value', () => {
      const cm = (finalizers: string[]): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers } });
      let live = stored(apply(undefined, cm(['a', 'b']), 'one', T0));
      live = apply(live, cm(['b', 'c']), 'two', T1);
      live = apply(live, cm([]), 'one', T2);
      expect(live.metadata?.['finalizers']).toEqual(['b', 'c']);
    });
  });

  it('does not merge or own what the write path ignores (status through the main resource)', () => {
    const live = stored(apply(undefined, deployment({ replicas: 3 }), 'kubectl', T0));
    const out = apply(live, { ...deployment({ replicas: 3 }), status: { replicas: 9 } }, 'kubectl', T1, { ignored: pathSet(['status']) });
    expect(out).not.toHaveProperty('status');
    expect(owned(out, 'kubectl').some((p) => p.startsWith('.status'))).toBe(false);
  });

  it('applies through /status into its own entry, merging only status', () => {
    const live = stored(apply(undefined, deployment({ replicas: 3 }), 'kubectl', T0));
    const out = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1 }, status: { replicas: 3 } }, 'my-controller', T1, {
      subresource: 'status',
      ignored: { allBut: pathSet(['status']) },
    });
    expect(out.status).toEqual({ replicas: 3 });
    expect((out.spec as { replicas: number }).replicas).toBe(3);
    expect(summary(out)).toEqual([`kubectl/Apply@${T0}`, `my-controller/Apply/status@${T1}`]);
    expect(owned(out, 'my-controller')).toEqual(['.status.replicas']);
  });

  it('gives the fields of an object without managedFields to before-first-apply first', () => {
    const untracked = stored(deployment({ replicas: 2 }));
    const err = thrown(() => apply(untracked, deployment({ replicas: 3 }), 'kubectl', T1));
    expect(err.status.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
    const out = apply(untracked, deployment({ replicas: 2 }), 'kubectl', T1);
    expect(summary(out)).toEqual([`kubectl/Apply@-`, `before-first-apply/Update@${T1}`]);
  });

  it('rejects an applied object of another version or with managedFields (400)', () => {
    const live = stored(apply(undefined, deployment(), 'kubectl', T0));
    const err = thrown(() => applyObject(types, live, { ...deployment(), apiVersion: 'apps/v1beta1' }, { manager: 'kubectl', apiVersion: 'apps/v1', now: T1, force: false }));
    expect(err.status).toMatchObject({ code: 400, reason: 'BadRequest', message: 'invalid object type: apps/v1beta1, Kind=Deployment' });
    const withFields = { ...deployment(), metadata: { name: 'web', managedFields: [{ manager: 'x' }] } };
    expect(thrown(() => apply(live, withFields, 'kubectl', T1)).status).toMatchObject({ code: 400, message: 'metadata.managedFields must be nil' });
  });

  it("answers an applied object that does not fit its schema with upstream's message, as a 400 (upstream: a 500)", () => {
    const unknownField = withSpec(deployment(), { replikas: 3 });
    expect(thrown(() => apply(undefined, unknownField, 'kubectl', T0)).status).toMatchObject({
      status: 'Failure',
      reason: 'BadRequest',
      message: 'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replikas: field not declared in schema',
      code: 400,
    });
    const duplicated = withSpec(deployment(), { template: { spec: { containers: [{ name: 'a' }, { name: 'a' }] } } });
    expect(thrown(() => apply(undefined, duplicated, 'kubectl', T0)).status.message).toBe(
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="a"]',
    );
    const keyless = withSpec(deployment(), { template: { spec: { containers: [{ image: 'x' }] } } });
    expect(thrown(() => apply(undefined, keyless, 'kubectl', T0)).status.message).toBe(
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element that omits all key fields ["name"] (and doesn\'t have default values for any key fields)',
    );
  });

  it('orders entries as upstream does: Apply first, then by time, manager, version and subresource', () => {
    let live = stored(apply(undefined, deployment({ replicas: 3 }), 'zeta', T0));
    live = update(live, withSpec(live, { minReadySeconds: 1 }), 'beta', T1);
    live = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', annotations: { a: 'b' } } }, 'alpha', T2);
    live = update(live, { ...live, status: { replicas: 1 } }, 'alpha', T3, { subresource: 'status' });
    expect(summary(live)).toEqual([`zeta/Apply@${T0}`, `alpha/Apply@${T2}`, `beta/Update@${T1}`, `alpha/Update/status@${T3}`]);
  });

  it('tracks kinds without a schema as deduced: maps granular, lists atomic', () => {
    const widget = (spec: object): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });
    const live = stored(apply(undefined, widget({ size: 1, tags: ['a', 'b'], extra: { x: 1 } }), 'op', T0));
    expect(entries(live)[0]!.fieldsV1).toEqual({ 'f:spec': { '.': {}, 'f:extra': { '.': {}, 'f:x': {} }, 'f:size': {}, 'f:tags': {} } });
    const out = apply(live, widget({ size: 2, tags: ['c'] }), 'op', T1);
    expect(out.spec).toEqual({ size: 2, tags: ['c'] });
  });

  describe("kubectl's last-applied annotation", () => {
    const clientSide = (replicas: number): KubeObject => {
      const config = deployment({ replicas });
      return { ...config, metadata: { ...config.metadata, annotations: { [LAST_APPLIED_ANNOTATION]: JSON.stringify(config) } } };
    };

    it('lets kubectl take over fields client-side apply set without conflicts, and keeps the annotation in step', () => {
      const live = stored(update(undefined, clientSide(3), 'kubectl-client-side-apply', T0));
      const out = apply(live, deployment({ replicas: 4 }), 'kubectl', T1);
      expect((out.spec as { replicas: number }).replicas).toBe(4);
      expect(owned(out, 'kubectl')).toContain('.spec.replicas');
      const annotation = (out.metadata?.['annotations'] as Record<string, string>)[LAST_APPLIED_ANNOTATION]!;
      expect(annotation.endsWith('\n')).toBe(true);
      expect(JSON.parse(annotation)).toEqual(deployment({ replicas: 4 }));
      expect(annotation.startsWith('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"replicas":4')).toBe(true);
    });

    it('still conflicts for other managers, and for fields client-side apply did not set', () => {
      const live = stored(update(undefined, clientSide(3), 'kubectl-client-side-apply', T0));
      expect(thrown(() => apply(live, deployment({ replicas: 4 }), 'helm', T1)).status.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
      const drifted = update(live, withSpec(live, { replicas: 6 }), 'kubectl-client-side-apply', T1);
      expect(thrown(() => apply(drifted, deployment({ replicas: 4 }), 'kubectl', T2)).status.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    });
  });
});

describe('path helpers used by the apiserver', () => {
  it('pathSet builds ignored fields from names and elements', () => {
    expect(pathSet(['status'], ['spec', 'template', 'spec', 'containers', keyElement({ name: 'a' })]).paths().map(formatFieldPath)).toEqual(['.status', '.spec.template.spec.containers[name="a"]']);
    expect(pathSet([fieldElement('x')]).has([fieldElement('x')])).toBe(true);
  });
});
