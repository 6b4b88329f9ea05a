import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { header, objectYaml, renderHistory, type HistoryItem } from './render-history.js';

const deployment = (rv: string, labels: Record<string, string>, replicas: number, generation: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'default',
    uid: 'u-1',
    resourceVersion: rv,
    generation,
    labels,
    managedFields: [{ manager: 'kubectl', operation: 'Update', time: `2025-06-01T10:00:0${rv.length}Z` }],
  },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
});

const item = (revision: string, type: HistoryItem['type'], user: string, object: KubeObject, extra: Partial<HistoryItem> = {}): HistoryItem => ({
  revision, type, uid: 'u-1', time: `2025-06-01T10:00:0${revision.length}.123Z`, user, object, ...extra,
});

const HISTORY = [
  item('10', 'ADDED', 'kubeledger-admin', deployment('10', { app: 'web' }, 1, 1)),
  item('11', 'MODIFIED', 'bob', deployment('11', { app: 'web', tier: 'frontend' }, 1, 1)),
  item('12', 'MODIFIED', 'bob', deployment('12', { app: 'web', tier: 'frontend' }, 3, 2), { impersonator: 'alice' }),
  item('13', 'DELETED', 'bob', deployment('13', { app: 'web', tier: 'frontend' }, 3, 2)),
];

describe('renderHistory', () => {
  it('prints each revision’s header and a YAML diff from the one before, the first in full', () => {
    expect(renderHistory(HISTORY)).toBe(
      [
        'revision 10  2025-06-01T10:00:02Z  ADDED by kubeledger-admin  uid u-1',
        '+apiVersion: apps/v1',
        '+kind: Deployment',
        '+metadata:',
        '+  generation: 1',
        '+  labels:',
        '+    app: web',
        '+  name: web',
        '+  namespace: default',
        '+  uid: u-1',
        '+spec:',
        '+  replicas: 1',
        '+  selector:',
        '+    matchLabels:',
        '+      app: web',
        '+  template:',
        '+    spec:',
        '+      containers:',
        '+      - image: nginx',
        '+        name: nginx',
        '',
        'revision 11  2025-06-01T10:00:02Z  MODIFIED by bob',
        '@@ -4,6 +4,7 @@',
        '   generation: 1',
        '   labels:',
        '     app: web',
        '+    tier: frontend',
        '   name: web',
        '   namespace: default',
        '   uid: u-1',
        '',
        'revision 12  2025-06-01T10:00:02Z  MODIFIED by bob (impersonated by alice)',
        '@@ -1,7 +1,7 @@',
        ' apiVersion: apps/v1',
        ' kind: Deployment',
        ' metadata:',
        '-  generation: 1',
        '+  generation: 2',
        '   labels:',
        '     app: web',
        '     tier: frontend',
        '@@ -9,7 +9,7 @@',
        '   namespace: default',
        '   uid: u-1',
        ' spec:',
        '-  replicas: 1',
        '+  replicas: 3',
        '   selector:',
        '     matchLabels:',
        '       app: web',
        '',
        'revision 13  2025-06-01T10:00:02Z  DELETED by bob',
        "(deleted: its last state is revision 12's)",
        '',
      ].join('\n'),
    );
  });

  it('shows a re-created object in full, and what changed on the way out of a deletion', () => {
    const leaving = deployment('13', { app: 'web', tier: 'frontend' }, 3, 2);
    leaving.metadata = { ...leaving.metadata, finalizers: [] };
    const out = renderHistory([...HISTORY.slice(0, 3), item('13', 'DELETED', 'bob', { ...leaving, metadata: { ...leaving.metadata, deletionTimestamp: '2025-06-01T10:01:00Z' } }), item('20', 'ADDED', 'carol', deployment('20', { app: 'web' }, 1, 1), { uid: 'u-2' })]);
    expect(out).toContain('revision 13  2025-06-01T10:00:02Z  DELETED by bob\n@@ -');
    expect(out).toContain('+  deletionTimestamp: 2025-06-01T10:01:00Z');
    const recreated = out.slice(out.indexOf('revision 20'));
    expect(recreated.split('\n').slice(0, 3)).toEqual(['revision 20  2025-06-01T10:00:02Z  ADDED by carol  uid u-2', '+apiVersion: apps/v1', '+kind: Deployment']);
  });

  it('says so when the oldest retained revision is not the creation, or a write changed nothing shown', () => {
    const out = renderHistory([HISTORY[1]!, item('12', 'MODIFIED', 'kube-controller-manager', deployment('12', { app: 'web', tier: 'frontend' }, 1, 1))]);
    expect(out.split('\n')[0]).toBe('(revisions before 11 are no longer retained)');
    expect(out).toContain('revision 12  2025-06-01T10:00:02Z  MODIFIED by kube-controller-manager\n(no change besides its resourceVersion and managedFields)\n');
  });

  it('colours headers and changed lines for a terminal', () => {
    const out = renderHistory(HISTORY.slice(0, 2), { color: true });
    expect(out).toContain('\u001b[33mrevision 11  2025-06-01T10:00:02Z  MODIFIED by bob\u001b[0m');
    expect(out).toContain('\u001b[32m+    tier: frontend\u001b[0m');
  });

  it('keeps long strings on one line, and leaves resourceVersion and managedFields out of the YAML', () => {
    const long = 'x'.repeat(150);
    const yaml = objectYaml({ kind: 'ConfigMap', metadata: { name: 'c', resourceVersion: '5', managedFields: [] }, data: { long } });
    expect(yaml).toBe(`data:\n  long: ${long}\nkind: ConfigMap\nmetadata:\n  name: c\n`);
    expect(header(item('7', 'MODIFIED', 'u', {}, { time: '2025-06-01T10:00:00Z' }))).toBe('revision 7  2025-06-01T10:00:00Z  MODIFIED by u');
  });
});
