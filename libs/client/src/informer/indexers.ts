import type { KubeObject } from '@kubeledger/api';

/** The values an object is filed under in one index (client-go's `IndexFunc`); none: not in the index. */
export type IndexFunc<T extends KubeObject = KubeObject> = (object: T) => readonly string[];

/** Index name → how it files objects (client-go's `Indexers`). */
export type Indexers<T extends KubeObject = KubeObject> = Readonly<Record<string, IndexFunc<T>>>;

/** The names the helpers below are usually registered under. */
export const IndexNames = {
  namespace: 'namespace',
  nodeName: 'spec.nodeName',
} as const;

/**
 * Files objects by the value at a dotted field path (`spec.nodeName`, `status.phase`), rendered
 * as a field selector compares it: a missing or null field is `''` (so `byIndex('spec.nodeName', '')`
 * lists the unscheduled pods, as `fieldSelector=spec.nodeName=` does); objects and arrays are not indexed.
 */
export function fieldIndexer<T extends KubeObject = KubeObject>(path: string): IndexFunc<T> {
  const read = fieldReader(path);
  return (object) => {
    const value = read(object);
    return value === undefined ? [] : [value];
  };
}

/**
 * Reads the value at a dotted field path as a field selector sees it: a string, number or boolean
 * rendered as text, `''` when missing or null, undefined for an object or array.
 */
export function fieldReader(path: string): (object: KubeObject) => string | undefined {
  const steps = path.split('.');
  if (steps.some((s) => s === '')) throw new Error(`not a field path: ${JSON.stringify(path)}`);
  return (object) => {
    let value: unknown = object;
    for (const step of steps) {
      if (typeof value !== 'object' || value === null) return '';
      value = (value as Record<string, unknown>)[step];
    }
    if (value === undefined || value === null) return '';
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  };
}

/** Files objects by namespace (client-go's `MetaNamespaceIndexFunc`); cluster-scoped objects under `''`. */
export function namespaceIndexer<T extends KubeObject = KubeObject>(): IndexFunc<T> {
  return (object) => [object.metadata?.namespace ?? ''];
}

/** `spec.nodeName`: which node a pod is bound to (`''` while unscheduled). */
export function nodeNameIndexer<T extends KubeObject = KubeObject>(): IndexFunc<T> {
  return fieldIndexer<T>('spec.nodeName');
}
