import { FieldErrorTypes, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPathSegmentName, type FieldError, type KubeObject } from '@kubeledger/api';

export type NameRule = (name: string) => string[];
/** Most kinds: a DNS-1123 subdomain (ValidateNameFunc NameIsDNSSubdomain). */
export const dnsSubdomainName: NameRule = isDNS1123Subdomain;
/** Namespaces, services: a DNS-1123 label. */
export const dnsLabelName: NameRule = isDNS1123Label;
/** RBAC-style names: any valid path segment. */
export const pathSegmentName: NameRule = isValidPathSegmentName;

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** ValidateObjectMeta: name (or generateName), labels and annotations, with upstream paths and messages. */
export function validateObjectMeta(object: KubeObject, nameRule: NameRule): FieldError[] {
  const meta = object.metadata ?? {};
  const errs: FieldError[] = [];
  const generateName = typeof meta['generateName'] === 'string' ? meta['generateName'] : '';
  if (!meta.name) {
    if (!generateName) errs.push({ type: FieldErrorTypes.required, field: 'metadata.name', detail: 'name or generateName is required' });
  } else {
    for (const msg of nameRule(meta.name)) errs.push({ type: FieldErrorTypes.invalid, field: 'metadata.name', badValue: meta.name, detail: msg });
  }
  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    for (const msg of isQualifiedName(key)) errs.push({ type: FieldErrorTypes.invalid, field: 'metadata.labels', badValue: key, detail: msg });
    for (const msg of isValidLabelValue(String(value))) errs.push({ type: FieldErrorTypes.invalid, field: `metadata.labels`, badValue: value, detail: msg });
  }
  const annotations = (meta['annotations'] ?? {}) as Record<string, string>;
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const msg of isQualifiedName(key.toLowerCase())) errs.push({ type: FieldErrorTypes.invalid, field: 'metadata.annotations', badValue: key, detail: msg });
    size += key.length + String(value).length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errs.push({ type: FieldErrorTypes.tooLong, field: 'metadata.annotations', detail: `may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  }
  return errs;
}

/** ValidateObjectMetaUpdate: the fields no update may change. */
export function validateObjectMetaUpdate(object: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
    const now = object.metadata?.[field];
    const before = old.metadata?.[field];
    if (now !== before) errs.push({ type: FieldErrorTypes.invalid, field: `metadata.${field}`, badValue: now ?? '', detail: 'field is immutable' });
  }
  // ValidateNoNewFinalizers: once an object is being deleted, finalizers may only go.
  if (old.metadata?.['deletionTimestamp'] !== undefined) {
    const before = new Set((old.metadata['finalizers'] as string[] | undefined) ?? []);
    const added = [...new Set((object.metadata?.['finalizers'] as string[] | undefined) ?? [])].filter((f) => !before.has(f)).sort();
    if (added.length) {
      errs.push({
        type: FieldErrorTypes.forbidden,
        field: 'metadata.finalizers',
        detail: `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
      });
    }
  }
  return errs;
}
