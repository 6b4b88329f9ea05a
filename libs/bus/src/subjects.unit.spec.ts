import { describe, expect, it } from 'vitest';
import type { ObjectRef } from '@kubeledger/api';
import { filterSubject, gapSubject, parseSubject, subjectFor } from './subjects.js';

const P = 'k8s';

describe('subjectFor / parseSubject', () => {
  const cases: Array<[string, ObjectRef, string]> = [
    ['core group, namespaced, no node', { group: '', resource: 'configmaps', namespace: 'default', name: 'kube-root-ca.crt' }, ''],
    ['dotted group, cluster-scoped, colon name', { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', namespace: '', name: 'system:auth-delegator' }, ''],
    ['pod with dotted node', { group: '', resource: 'pods', namespace: 'kube-system', name: 'etcd-0' }, 'ip-10-0-0-1.ec2.internal'],
    ['unicode name', { group: 'example.com', resource: 'widgets', namespace: 'ns', name: 'grüße-日本' }, ''],
    ['underscore and percent', { group: '', resource: 'secrets', namespace: 'a_b', name: '100%_sure' }, 'node_1%'],
    ['spaces, stars and gt', { group: 'x', resource: 'things', namespace: 'n', name: 'a b*c>d' }, 'n o'],
  ];

  for (const [label, ref, node] of cases) {
    it(`round-trips ${label}`, () => {
      const subject = subjectFor(P, ref, node);
      const tokens = subject.split('.');
      expect(tokens).toHaveLength(6);
      expect(tokens[0]).toBe(P);
      for (const t of tokens) expect(t).toMatch(/^(?:_|(?:[A-Za-z0-9-]|%[0-9A-F]{2})+)$/);
      expect(parseSubject(P, subject)).toEqual({ ref, node });
    });
  }

  it('writes _ for empty parts and %5F for a literal underscore', () => {
    expect(subjectFor(P, { group: '', resource: 'nodes', namespace: '', name: 'n1' })).toBe('k8s._.nodes._.n1._');
    expect(subjectFor(P, { group: '', resource: 'pods', namespace: 'a_b', name: 'p' }, 'n')).toBe('k8s._.pods.a%5Fb.p.n');
  });

  it('encodes dots so one name never spans tokens', () => {
    expect(subjectFor(P, { group: 'apps', resource: 'deployments', namespace: 'default', name: 'a.b' })).toBe('k8s.apps.deployments.default.a%2Eb._');
  });

  it('rejects subjects outside the prefix, gap fillers and malformed ones', () => {
    expect(() => parseSubject(P, 'other._.pods.default.p._')).toThrow(/prefix/);
    expect(() => parseSubject(P, 'k8sx._.pods.default.p._')).toThrow(/prefix/);
    expect(() => parseSubject(P, gapSubject(P))).toThrow();
    expect(() => parseSubject(P, 'k8s._.pods.default.p')).toThrow();
    expect(() => parseSubject(P, 'k8s._.pods.default.p._.extra')).toThrow();
    expect(() => parseSubject(P, 'k8s._.pods.default.a.b._')).toThrow();
  });
});

describe('gapSubject', () => {
  it('has two tokens, so no six-token object filter matches it', () => {
    expect(gapSubject('abc')).toBe('abc._gap');
    expect(gapSubject('abc').split('.')).toHaveLength(2);
  });
});

describe('filterSubject', () => {
  it('is the whole prefix when nothing is filtered', () => {
    expect(filterSubject(P)).toBe('k8s.>');
    expect(filterSubject(P, {})).toBe('k8s.>');
  });

  it('puts * for every omitted part, keeping six tokens', () => {
    expect(filterSubject(P, { group: '', resource: 'pods', node: 'ip-10-0-0-1.ec2.internal' })).toBe('k8s._.pods.*.*.ip-10-0-0-1%2Eec2%2Einternal');
    expect(filterSubject(P, { namespace: 'kube-system' })).toBe('k8s.*.*.kube-system.*.*');
    expect(filterSubject(P, { group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', node: '' })).toBe(
      'k8s.apps.deployments.default.web._',
    );
  });

  it("treats '' as a value (core group, cluster scope, unscheduled), not as omitted", () => {
    expect(filterSubject(P, { group: '', resource: 'nodes', namespace: '' })).toBe('k8s._.nodes._.*.*');
    expect(filterSubject(P, { node: '' })).toBe('k8s.*.*.*.*._');
  });

  it('matches exactly the subjects of the objects it describes', () => {
    const matches = (filter: string, subject: string) => {
      const f = filter.split('.');
      const s = subject.split('.');
      if (f.at(-1) === '>') return s.length >= f.length && f.slice(0, -1).every((t, i) => t === s[i]);
      return f.length === s.length && f.every((t, i) => t === '*' || t === s[i]);
    };
    const pod = subjectFor(P, { group: '', resource: 'pods', namespace: 'default', name: 'web-1' }, 'node-a');
    const otherNode = subjectFor(P, { group: '', resource: 'pods', namespace: 'default', name: 'web-2' }, 'node-b');
    const node = subjectFor(P, { group: '', resource: 'nodes', namespace: '', name: 'node-a' });
    const f = filterSubject(P, { group: '', resource: 'pods', node: 'node-a' });
    expect(matches(f, pod)).toBe(true);
    expect(matches(f, otherNode)).toBe(false);
    expect(matches(f, node)).toBe(false);
    expect(matches(f, gapSubject(P))).toBe(false);
    expect(matches(filterSubject(P), gapSubject(P))).toBe(true);
  });
});
