import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { listAsTable, objectAsTable } from './as-table.js';
import { parseIncludeObject } from './table-options.js';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const cm = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', resourceVersion: '17', labels: { app: 'web' }, creationTimestamp: '2025-03-10T11:00:00Z' },
  data: { a: '1' },
});
const configmaps = { group: '', resource: 'configmaps' };

describe('Table conversion', () => {
  it('lists: column definitions, one row per object with PartialObjectMetadata, the list metadata', () => {
    const table = listAsTable(configmaps, [cm('a'), cm('b')], { resourceVersion: '20', continue: 'tok' }, { now: NOW });
    expect(table).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '20', continue: 'tok' } });
    expect(table.columnDefinitions?.map((c) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(table.columnDefinitions?.[0]).toEqual({ name: 'Name', type: 'string', format: 'name', description: expect.stringContaining('Name must be unique'), priority: 0 });
    expect(table.rows).toEqual([
      { cells: ['a', 1, '60m'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm('a').metadata } },
      { cells: ['b', 1, '60m'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm('b').metadata } },
    ]);
  });

  it('carries the whole object, or none, as includeObject asks; the metadata in the version asked for', () => {
    expect(listAsTable(configmaps, [cm('a')], {}, { includeObject: 'Object', now: NOW }).rows[0]?.object).toEqual(cm('a'));
    expect(listAsTable(configmaps, [cm('a')], {}, { includeObject: 'None', now: NOW }).rows[0]?.object).toBeNull();
    const beta = listAsTable(configmaps, [cm('a')], {}, { apiVersion: 'meta.k8s.io/v1beta1', now: NOW });
    expect(beta.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(beta.rows[0]?.object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1beta1' });
  });

  it('turns one object into a one-row Table with its resourceVersion, headers only when asked (watch events after the first)', () => {
    const first = objectAsTable(configmaps, cm('a'), { includeHeaders: true, now: NOW });
    expect(first.metadata).toEqual({ resourceVersion: '17' });
    expect(first.rows).toHaveLength(1);
    expect(first.columnDefinitions).toHaveLength(3);
    const later = objectAsTable(configmaps, cm('a'), { includeHeaders: false, now: NOW });
    expect(later.columnDefinitions).toBeNull();
    expect(later.rows[0]?.cells).toEqual(['a', 1, '60m']);
  });

  it('prints resources without an upstream printer with the default table', () => {
    const table = objectAsTable({ group: 'example.com', resource: 'widgets' }, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', creationTimestamp: '2025-03-10T11:00:00Z' } }, { now: NOW });
    expect(table.columnDefinitions?.map((c) => `${c.name}:${c.type}`)).toEqual(['Name:string', 'Created At:date']);
    expect(table.rows[0]?.cells).toEqual(['w', '2025-03-10T11:00:00Z']);
  });

  it('keeps the pods row conditions', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'done' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Succeeded' } };
    expect(objectAsTable({ group: '', resource: 'pods' }, pod, { now: NOW }).rows[0]?.conditions).toEqual([expect.objectContaining({ type: 'Completed', reason: 'Succeeded' })]);
  });

  it('reads includeObject as upstream validates it', () => {
    expect(parseIncludeObject(undefined)).toBe('Metadata');
    expect(parseIncludeObject('Object')).toBe('Object');
    expect(() => parseIncludeObject('All')).toThrow(
      expect.objectContaining({
        status: expect.objectContaining({ code: 400, reason: 'BadRequest', message: 'Unable to convert to Table as requested: includeObject: Unsupported value: "All": supported values: "Metadata", "None", "Object"' }),
      }),
    );
  });
});
