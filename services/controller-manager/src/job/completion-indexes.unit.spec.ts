import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { completionIndexOf, duplicatedIndexPods, firstPendingIndexes, formatIndexes, parseIndexes } from './completion-indexes.js';

const pod = (name: string, index?: string): KubeObject => ({ metadata: { name, ...(index !== undefined && { annotations: { 'batch.kubernetes.io/job-completion-index': index } }) } });
const names = (pods: readonly KubeObject[]) => pods.map((p) => p.metadata?.name);

describe('completion indexes (indexed_job_utils)', () => {
  it('reads a pod\'s index from its annotation; a missing or malformed one is unknown', () => {
    expect(completionIndexOf(pod('a', '3'))).toBe(3);
    expect(completionIndexOf(pod('a'))).toBeUndefined();
    expect(completionIndexOf(pod('a', '-1'))).toBeUndefined();
    expect(completionIndexOf(pod('a', 'x'))).toBeUndefined();
  });

  it('writes completedIndexes as upstream does: runs of three or more as ranges, two as a pair', () => {
    expect(formatIndexes([])).toBe('');
    expect(formatIndexes([2, 0, 1])).toBe('0-2');
    expect(formatIndexes([0, 1, 3, 5, 6, 7, 9])).toBe('0,1,3,5-7,9');
    expect(formatIndexes([4, 4])).toBe('4');
  });

  it('reads completedIndexes back, dropping indexes at or past completions', () => {
    expect(parseIndexes('0,1,3,5-7,9', 10)).toEqual([0, 1, 3, 5, 6, 7, 9]);
    expect(parseIndexes('1-4,8', 3)).toEqual([1, 2]);
    expect(parseIndexes(undefined, 3)).toEqual([]);
  });

  it('the pending indexes are the lowest neither succeeded nor held by an active pod', () => {
    expect(firstPendingIndexes([0, 2], [pod('a', '1'), pod('b', '4')], 2, 6)).toEqual([3, 5]);
    expect(firstPendingIndexes([0, 1], [pod('a', '2')], 5, 3)).toEqual([]);
  });

  it('pods of a missing, out of range or repeated index are removed, keeping the one the order puts last of each index', () => {
    const pods = [pod('no-index'), pod('too-high', '3'), pod('one-a', '1'), pod('one-b', '1'), pod('zero', '0')];
    const { remove, keep } = duplicatedIndexPods(pods, 3, (group) => [...group].sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name))));
    expect(names(remove)).toEqual(['no-index', 'too-high', 'one-a']);
    expect(names(keep)).toEqual(['zero', 'one-b']);
  });
});
