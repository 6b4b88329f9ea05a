import { encodeToken, objectSubject, parseObjectSubject, type ObjectRef, type ParsedObjectSubject } from '@kubeledger/api';

/**
 * Subject naming, in one place (DESIGN §3): `<prefix>.<group>.<resource>.<namespace>.<name>.<node>`,
 * always six tokens, each encoded by `encodeToken` from `@kubeledger/api`.
 */

/** The subject an event about `ref` is published on. */
export function subjectFor(prefix: string, ref: ObjectRef, node = ''): string {
  return `${prefix}.${objectSubject(ref, node)}`;
}

/** Inverse of {@link subjectFor}. Throws for a subject outside `prefix` or one that is not an object subject (a gap filler). */
export function parseSubject(prefix: string, subject: string): ParsedObjectSubject {
  if (!subject.startsWith(`${prefix}.`)) throw new Error(`subject ${JSON.stringify(subject)} is not under prefix ${JSON.stringify(prefix)}`);
  return parseObjectSubject(subject.slice(prefix.length + 1));
}

/**
 * The subject of gap fillers (one per burned revision, so stream sequence stays equal to revision).
 * Two tokens: it never matches a six-token object filter, only `<prefix>.>`.
 */
export function gapSubject(prefix: string): string {
  return `${prefix}._gap`;
}

/** What a consumer wants: each omitted part matches anything. `''` is a value (core group, cluster scope, no node). */
export interface SubjectFilter {
  readonly group?: string;
  readonly resource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly node?: string;
}

/** One NATS filter subject for `filter`: `*` for each omitted part, `<prefix>.>` when all are omitted. */
export function filterSubject(prefix: string, filter: SubjectFilter = {}): string {
  const parts = [filter.group, filter.resource, filter.namespace, filter.name, filter.node];
  if (parts.every((p) => p === undefined)) return `${prefix}.>`;
  return [prefix, ...parts.map((p) => (p === undefined ? '*' : encodeToken(p)))].join('.');
}
