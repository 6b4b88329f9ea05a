import { FieldSet } from './field-set.js';
import { fieldElement } from './path-element.js';

/**
 * Fields no manager ever owns (stripMetaManager): apiVersion and kind, `metadata` itself, and the
 * metadata the server sets: name, namespace, creationTimestamp, selfLink, uid, clusterName,
 * generation, managedFields, resourceVersion. Labels, annotations, finalizers and owner references
 * are owned like any field.
 */
const NEVER_OWNED: FieldSet = FieldSet.of(
  [fieldElement('apiVersion')],
  [fieldElement('kind')],
  [fieldElement('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => [fieldElement('metadata'), fieldElement(f)]),
);

/** The set without the fields no manager owns (a plain difference: what lies below `metadata` stays). */
export function stripNeverOwned(set: FieldSet): FieldSet {
  return set.difference(NEVER_OWNED);
}
