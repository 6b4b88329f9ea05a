import { describe, expect, it } from 'vitest';
import { failingConditions, updateConditions, type DeletionFindings } from './namespace-conditions.js';

const T0 = '2026-03-01T12:00:00Z';
const T1 = '2026-03-01T12:00:05Z';
const none: DeletionFindings = { contentErrors: [], remainingByResource: new Map(), remainingByFinalizer: new Map() };

describe('namespace deletion conditions', () => {
  it('reports every maintained condition as ok when nothing is wrong', () => {
    const { conditions, changed } = updateConditions([], failingConditions(none, T0), T0);
    expect(changed).toBe(true);
    expect(conditions).toEqual([
      { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', lastTransitionTime: T0, reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
      { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', lastTransitionTime: T0, reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
      { type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: T0, reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
      { type: 'NamespaceContentRemaining', status: 'False', lastTransitionTime: T0, reason: 'ContentRemoved', message: 'All content successfully removed' },
      { type: 'NamespaceFinalizersRemaining', status: 'False', lastTransitionTime: T0, reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
    ]);
  });

  it('says what content and finalizers remain, sorted, and why deletion failed', () => {
    const failing = failingConditions(
      {
        discoveryError: 'Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: apps/v1: boom',
        contentErrors: ['b failed', 'a failed'],
        remainingByResource: new Map([['pods.', 3], ['deployments.apps', 1], ['configmaps.', 0]]),
        remainingByFinalizer: new Map([['example.com/hold', 1]]),
      },
      T0,
    );
    expect(failing.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['NamespaceDeletionDiscoveryFailure', 'True', 'DiscoveryFailed', 'Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: apps/v1: boom'],
      ['NamespaceDeletionContentFailure', 'True', 'ContentDeletionFailed', 'Failed to delete all resource types, 2 remaining: a failed, b failed'],
      ['NamespaceContentRemaining', 'True', 'SomeResourcesRemain', 'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 3 resource instances'],
      ['NamespaceFinalizersRemaining', 'True', 'SomeFinalizersRemain', 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances'],
    ]);
  });

  it('changes nothing, transition times included, when the conditions say the same again', () => {
    const remaining = { ...none, remainingByResource: new Map([['pods.', 3]]) };
    const first = updateConditions([], failingConditions(remaining, T0), T0).conditions;
    expect(updateConditions(first, failingConditions(remaining, T1), T1)).toEqual({ conditions: first, changed: false });
    const later = updateConditions(first, failingConditions({ ...none, remainingByResource: new Map([['pods.', 1]]) }, T1), T1);
    expect(later.changed).toBe(true);
    expect(later.conditions.find((c) => c.type === 'NamespaceContentRemaining')).toMatchObject({ message: 'Some resources are remaining: pods. has 1 resource instances', lastTransitionTime: T1 });
    expect(later.conditions.find((c) => c.type === 'NamespaceDeletionDiscoveryFailure')?.lastTransitionTime).toBe(T0);
  });
});
