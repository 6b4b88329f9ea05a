import { describe, expect, it } from 'vitest';
import { deleteOwnerRefsPatch, finalizersPatch, unblockOwnerRefsPatch } from './gc-patches.js';

const ref = (uid: string, blockOwnerDeletion?: boolean) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: uid, uid, ...(blockOwnerDeletion !== undefined && { blockOwnerDeletion }) });

describe('the garbage collector\'s patches', () => {
  it('delete owner references by uid, with the dependent\'s uid as precondition', () => {
    expect(deleteOwnerRefsPatch('dep', ['a', 'b'])).toEqual({ metadata: { ownerReferences: [{ $patch: 'delete', uid: 'a' }, { $patch: 'delete', uid: 'b' }], uid: 'dep' } });
  });

  it('unblock only the blocking references, or say there is nothing to do', () => {
    expect(unblockOwnerRefsPatch('dep', [ref('a', true), ref('b', false), ref('c')])).toEqual({ metadata: { ownerReferences: [{ ...ref('a'), blockOwnerDeletion: false }], uid: 'dep' } });
    expect(unblockOwnerRefsPatch('dep', [ref('b', false)])).toBeUndefined();
  });

  it('set finalizers with the resourceVersion read, null when none are left', () => {
    expect(finalizersPatch('7', ['example.com/keep'])).toEqual({ metadata: { resourceVersion: '7', finalizers: ['example.com/keep'] } });
    expect(finalizersPatch('8', [])).toEqual({ metadata: { resourceVersion: '8', finalizers: null } });
  });
});
